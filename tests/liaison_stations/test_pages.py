import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.roles import Role
from liaison_stations import services
from liaison_stations.models import Duty, Opinion, OpinionState, Reception
from tests.factories import deputy_user, staff

from .factories import deputy, place, station, unit

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 28, 10, 0)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def baibi():
    p = place(address="白璧镇政府院内", opening_hours="每周二、周四 9:00—12:00", contact_phone="0372-5510100")
    return station(p, [deputy(n) for n in ("张晓梅", "李建国", "王秀英")])


@pytest.fixture
def taiqian():
    p = place("打渔陈镇代表联络站", "410927103")
    return station(p, [deputy("刘志强", "410927103")])


def test_staff_list_and_open_only_their_countys_places(client, county_staff, baibi, taiqian):
    client.force_login(county_staff)
    html = client.get(reverse("liaison_stations:places")).content.decode()
    assert "白璧镇代表联络站" in html and "打渔陈镇代表联络站" not in html
    assert client.get(reverse("liaison_stations:place", args=[baibi.pk])).status_code == 200
    for name, args in [
        ("liaison_stations:place", [taiqian.pk]),
        ("liaison_stations:rota", [taiqian.pk]),
        ("liaison_stations:rota_generate", [taiqian.pk]),
        ("liaison_stations:reception_new", [taiqian.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_other_county_cannot_see_duties_or_opinions(client, county_staff, other_county_staff, baibi):
    duty = services.add_duty(baibi, baibi.stationings.first().deputy, datetime.date(2026, 12, 1))
    r = services.record_reception(
        place=baibi,
        day=datetime.date(2026, 11, 27),
        deputies=[duty.deputy],
        by=county_staff,
        opinions=[{"category": "other", "text": "村里路灯不亮"}],
    )
    opinion = r.opinions.get()
    client.force_login(other_county_staff)
    assert client.get(reverse("liaison_stations:opinion", args=[opinion.pk])).status_code == 404
    assert "村里路灯不亮" not in client.get(reverse("liaison_stations:opinions")).content.decode()
    assert client.get(reverse("liaison_stations:duty_swap", args=[duty.pk])).status_code == 404
    assert client.post(reverse("liaison_stations:duty_delete", args=[duty.pk])).status_code == 404
    assert Duty.objects.filter(pk=duty.pk).exists()
    assert not Opinion.objects.visible_to(other_county_staff).exists()
    assert Opinion.objects.visible_to(staff("41", username="henan")).count() == 1


def test_deputies_get_no_staff_pages(client, baibi):
    client.force_login(deputy_user(username="dep"))
    assert client.get(reverse("liaison_stations:places")).status_code == 403
    assert client.get(reverse("liaison_stations:rota", args=[baibi.pk])).status_code == 403


def test_rota_calendar_grid_with_constant_queries(client, county_staff, baibi, django_assert_max_num_queries):
    pool = [s.deputy for s in baibi.stationings.all()]
    services.generate_rota(baibi, 2026, 12, pool)
    client.force_login(county_staff)
    url = reverse("liaison_stations:rota_month", args=[baibi.pk, 2026, 12])
    with django_assert_max_num_queries(12):
        r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and "2026年12月" in html
    assert html.count("张晓梅") >= 8 and "本月尚未排班" not in html


def test_generate_rota_from_the_form(client, county_staff, baibi):
    client.force_login(county_staff)
    url = reverse("liaison_stations:rota_generate", args=[baibi.pk])
    page = client.get(url).content.decode()
    assert "张晓梅" in page and "生成排班" in page
    pool = [s.deputy_id for s in baibi.stationings.all()]
    r = client.post(url, {"year": 2026, "month": 12, "pool": pool, "per_day": 1, "shift": "day"})
    assert r.status_code == 302 and r.url == reverse("liaison_stations:rota_month", args=[baibi.pk, 2026, 12])
    assert Duty.objects.filter(place=baibi).count() == 23


def test_generate_rota_refusal_is_shown_in_chinese_and_keeps_input(client, county_staff, baibi):
    gone = deputy("赵离任", ended=datetime.date(2026, 6, 30))
    client.force_login(county_staff)
    url = reverse("liaison_stations:rota_generate", args=[baibi.pk])
    pool = [s.deputy_id for s in baibi.stationings.all()] + [gone.pk]
    r = client.post(url, {"year": 2026, "month": 12, "pool": pool, "per_day": 2, "shift": "am"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "赵离任" in html and "代表资格已终止" in html
    assert 'value="2"' in html  # what was typed is kept
    assert not Duty.objects.exists()


def test_add_duty_conflict_and_swap_from_the_calendar(client, county_staff, baibi):
    a, b, c = [s.deputy for s in baibi.stationings.order_by("id")]
    other = place("崔家桥镇代表联络站", "410522102")
    services.add_duty(other, a, datetime.date(2026, 12, 2))
    client.force_login(county_staff)
    url = reverse("liaison_stations:rota", args=[baibi.pk])
    r = client.post(url, {"deputy": a.pk, "date": "2026-12-02", "shift": "day"})
    assert "同一代表一天只能值一个班" in r.content.decode()
    r = client.post(url, {"deputy": b.pk, "date": "2026-12-02", "shift": "day"})
    assert r.status_code == 302
    duty = Duty.objects.get(place=baibi, deputy=b)
    r = client.post(reverse("liaison_stations:duty_swap", args=[duty.pk]), {"new_deputy": c.pk, "reason": "外出学习"})
    assert r.status_code == 302
    duty.refresh_from_db()
    assert duty.deputy == c and duty.swapped_from == b and duty.requested_by == county_staff
    html = client.get(reverse("liaison_stations:rota_month", args=[baibi.pk, 2026, 12])).content.decode()
    assert "由李建国调班" in html


def test_attention_list_shows_unconfirmed_and_unattended(client, county_staff, baibi):
    a, b, c = [s.deputy for s in baibi.stationings.order_by("id")]
    services.add_duty(baibi, a, datetime.date(2026, 12, 1))  # upcoming, unconfirmed
    Duty.objects.create(place=baibi, deputy=b, date=datetime.date(2026, 11, 20))  # past, no attendance
    Duty.objects.create(place=baibi, deputy=c, date=datetime.date(2026, 11, 19), attended=True)  # fine
    client.force_login(county_staff)
    html = client.get(reverse("liaison_stations:attention")).content.decode()
    assert "张晓梅" in html and "李建国" in html and "王秀英" not in html
    past = Duty.objects.get(deputy=b)
    client.post(reverse("liaison_stations:duty_attendance", args=[past.pk]), {"attended": "1"})
    past.refresh_from_db()
    assert past.attended is True


def test_record_a_reception_with_opinions(client, county_staff, baibi):
    client.force_login(county_staff)
    url = reverse("liaison_stations:reception_new", args=[baibi.pk])
    assert "意见建议 1" in client.get(url).content.decode()
    deps = [s.deputy_id for s in baibi.stationings.all()][:2]
    data = {
        "kind": "reception",
        "date": "2026-11-27",
        "deputies": deps,
        "citizens_count": 8,
        "citizen_names": "",
        "topics": "道路",
        "op-TOTAL_FORMS": 2,
        "op-INITIAL_FORMS": 0,
        "op-MIN_NUM_FORMS": 0,
        "op-MAX_NUM_FORMS": 20,
        "op-0-category": "infrastructure",
        "op-0-text": "村东生产路需要硬化",
        "op-0-raised_by": "",
        "op-0-contact": "",
        "op-1-category": "",
        "op-1-text": "",
        "op-1-raised_by": "",
        "op-1-contact": "",
    }
    r = client.post(url, data)
    assert r.status_code == 302
    reception = Reception.objects.get()
    assert reception.citizens_count == 8 and reception.deputies.count() == 2
    assert reception.opinions.get().state == OpinionState.REGISTERED


def test_reception_form_errors_keep_what_was_typed(client, county_staff, baibi):
    client.force_login(county_staff)
    url = reverse("liaison_stations:reception_new", args=[baibi.pk])
    data = {
        "kind": "reception",
        "date": "2026-12-30",
        "citizens_count": 8,
        "topics": "饮水问题",
        "op-TOTAL_FORMS": 1,
        "op-INITIAL_FORMS": 0,
        "op-MIN_NUM_FORMS": 0,
        "op-MAX_NUM_FORMS": 20,
        "op-0-category": "",
        "op-0-text": "自来水压力小",
    }
    html = client.post(url, data).content.decode()
    assert "接待日期不能晚于今天" in html and "请选择意见建议的类别" in html
    assert "饮水问题" in html and "自来水压力小" in html
    assert not Reception.objects.exists() and not Opinion.objects.exists()


def test_opinion_page_moves_along_the_loop(client, county_staff, baibi):
    r = services.record_reception(
        place=baibi,
        day=datetime.date(2026, 11, 27),
        deputies=[baibi.stationings.first().deputy],
        by=county_staff,
        opinions=[{"category": "other", "text": "路灯不亮"}],
    )
    opinion = r.opinions.get()
    county_unit = unit()
    client.force_login(county_staff)
    url = reverse("liaison_stations:opinion", args=[opinion.pk])
    html = client.get(url).content.decode()
    assert "下一步：办理中" in html and "安阳县交通运输局" in html
    # Refused: no unit; and a jump to "closed".
    assert "请选择转交的承办单位" in client.post(url, {"to_state": "handling"}).content.decode()
    assert "不能直接变为" in client.post(url, {"to_state": "closed"}).content.decode()
    for data in (
        {"to_state": "handling", "unit": county_unit.pk},
        {"to_state": "result", "result": "已修复"},
        {"to_state": "fed_back", "feedback": "已告知"},
        {"to_state": "closed", "note": "群众满意"},
    ):
        assert client.post(url, data).status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.CLOSED and opinion.transitions.count() == 5
    html = client.get(url).content.decode()
    assert "已办结" in html and "群众满意" in html and "下一步" not in html


def test_working_committee_staff_may_read_but_not_move_opinions(client, county_staff, baibi):
    r = services.record_reception(
        place=baibi,
        day=datetime.date(2026, 11, 27),
        deputies=[baibi.stationings.first().deputy],
        by=county_staff,
        opinions=[{"category": "other", "text": "路灯不亮"}],
    )
    wc = staff("410522", role=Role.WORKING_COMMITTEE_STAFF, username="wc")
    client.force_login(wc)
    url = reverse("liaison_stations:opinion", args=[r.opinions.get().pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"to_state": "handling", "to_suggestion": "on"}).status_code == 403


def test_opinion_list_filters_with_constant_queries(client, county_staff, baibi, django_assert_max_num_queries):
    dep = baibi.stationings.first().deputy
    for i in range(5):
        services.record_reception(
            place=baibi,
            day=datetime.date(2026, 11, 20 + i),
            deputies=[dep],
            by=county_staff,
            opinions=[{"category": "other", "text": f"意见{i}"}, {"category": "other", "text": f"另一条{i}"}],
        )
    client.force_login(county_staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("liaison_stations:opinions"), {"state": "registered", "q": "意见"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "意见4" in html and "另一条" not in html


def test_deputy_home_panel_confirms_a_duty(client, baibi):
    user = deputy_user(username="zxm")
    me = deputy("张晓梅本人", user=user)
    duty = services.add_duty(baibi, me, datetime.date(2026, 12, 1))
    client.force_login(user)
    html = client.get(reverse("deputy_home")).content.decode()
    assert "我的值班" in html and "白璧镇代表联络站" in html and "确认值班" in html
    r = client.post(reverse("liaison_stations:duty_confirm", args=[duty.pk]))
    assert r.status_code == 302
    duty.refresh_from_db()
    assert duty.confirmed_at is not None
    # Someone else's duty is not found.
    other = services.add_duty(baibi, baibi.stationings.first().deputy, datetime.date(2026, 12, 1))
    assert client.post(reverse("liaison_stations:duty_confirm", args=[other.pk])).status_code == 404
    assert client.get(reverse("liaison_stations:my_duties")).status_code == 200


def test_public_page_needs_no_login_and_shows_no_citizen_data(
    client, county_staff, baibi, django_assert_max_num_queries
):
    dep = baibi.stationings.get(deputy__name="李建国").deputy
    services.add_duty(baibi, dep, datetime.date(2026, 12, 1))
    services.record_reception(
        place=baibi,
        day=datetime.date(2026, 11, 27),
        deputies=[dep],
        by=county_staff,
        citizen_names="陈大娘",
        topics="秘密的话题",
        opinions=[{"category": "other", "text": "邻里纠纷的具体情况", "raised_by": "孙某某", "contact": "13800001111"}],
    )
    url = reverse("liaison_stations:public", args=[baibi.public_key])
    assert url.startswith("/stations/s/") and str(baibi.pk) != baibi.public_key
    with django_assert_max_num_queries(4):
        r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200
    assert "白璧镇代表联络站" in html and "白璧镇政府院内" in html and "每周二、周四" in html
    assert "12月01日" in html and "李建国" in html
    for private in ("陈大娘", "秘密的话题", "邻里纠纷", "孙某某", "13800001111"):
        assert private not in html
    with django_assert_max_num_queries(1):  # the rota fragment is cached for a minute
        assert "李建国" in client.get(url).content.decode()
    assert client.get(reverse("liaison_stations:public", args=["no-such-key"])).status_code == 404
    baibi.is_active = False
    baibi.save()
    assert client.get(url).status_code == 404


def test_staff_workbench_panel(client, county_staff, baibi):
    client.force_login(county_staff)
    html = client.get(reverse("workbench")).content.decode()
    assert "联络站值班与意见建议" in html and "联络站" in html


def test_activities_page_shows_campaign_figures(client, county_staff, baibi):
    from deputies.models import ActivityKind

    leader = deputy("县领导", leader=True)
    services.record_station_activity(
        place=baibi,
        kind=ActivityKind.STATION_MONTH,
        title="集中进站月",
        day=datetime.date(2026, 6, 2),
        deputies=[leader, baibi.stationings.first().deputy],
        by=county_staff,
        opinions=[{"category": "other", "text": "a"}, {"category": "other", "text": "b"}],
    )
    client.force_login(county_staff)
    html = client.get(reverse("liaison_stations:activities")).content.decode()
    assert "活动 1 次，参加代表 2 名（县级领导干部代表 1 名），收集意见建议 2 条" in html


def test_a_deputy_sees_only_their_own_duties_and_receptions(county_staff, baibi):
    user = deputy_user(username="own")
    me = deputy("本人", user=user)
    others = [s.deputy for s in baibi.stationings.all()]
    mine = services.add_duty(baibi, me, datetime.date(2026, 12, 1))
    services.add_duty(baibi, others[0], datetime.date(2026, 12, 1))
    r = services.record_reception(
        place=baibi,
        day=datetime.date(2026, 11, 27),
        deputies=[me],
        by=county_staff,
        opinions=[{"category": "other", "text": "本人接待的意见"}],
    )
    services.record_reception(
        place=baibi,
        day=datetime.date(2026, 11, 26),
        deputies=[others[1]],
        by=county_staff,
        opinions=[{"category": "other", "text": "别人接待的意见"}],
    )
    assert list(Duty.objects.visible_to(user)) == [mine]
    assert list(Reception.objects.visible_to(user)) == [r]
    assert [o.text for o in Opinion.objects.visible_to(user)] == ["本人接待的意见"]
    assert Duty.objects.visible_to(county_staff).count() == 2


def test_attention_list_queries_do_not_grow(client, county_staff, baibi, django_assert_max_num_queries):
    pool = [s.deputy for s in baibi.stationings.all()]
    services.generate_rota(baibi, 2026, 12, pool)
    client.force_login(county_staff)
    with django_assert_max_num_queries(10):
        r = client.get(reverse("liaison_stations:attention"))
    assert r.status_code == 200 and "未确认" in r.content.decode()


def test_performance_record_section(county_staff, baibi):
    from liaison_stations.panels import record_section

    dep = baibi.stationings.first().deputy
    Duty.objects.create(place=baibi, deputy=dep, date=datetime.date(2026, 11, 2), attended=True)
    Duty.objects.create(place=baibi, deputy=dep, date=datetime.date(2026, 11, 3), attended=False)
    services.record_reception(
        place=baibi,
        day=datetime.date(2026, 11, 27),
        deputies=[dep],
        by=county_staff,
        opinions=[{"category": "other", "text": "a"}, {"category": "other", "text": "b"}],
    )
    section = record_section(dep, 2026)
    assert (section["total"], section["attended"], section["absent"]) == (2, 1, 1)
    assert (section["receptions"], section["opinions"]) == (1, 2)
    assert record_section(dep, 2025) is None


def test_record_a_station_activity_with_opinions(client, county_staff, baibi, other_county_staff):
    from deputies.models import Activity, ActivityKind

    leader = deputy("县领导甲", "410522102", leader=True)
    client.force_login(county_staff)
    url = reverse("liaison_stations:activity_new", args=[baibi.pk])
    page = client.get(url).content.decode()
    assert "县领导甲" in page and "听民声、汇民意、解民忧" in page
    stationed = baibi.stationings.first().deputy
    data = {
        "kind": ActivityKind.LISTEN_GATHER_SOLVE,
        "title": "县交通局负责人进站",
        "date": "2026-11-20",
        "deputies": [leader.pk, stationed.pk],
        "summary": "面对面",
        "op-TOTAL_FORMS": 1,
        "op-INITIAL_FORMS": 0,
        "op-MIN_NUM_FORMS": 0,
        "op-MAX_NUM_FORMS": 20,
        "op-0-category": "infrastructure",
        "op-0-text": "公交班次太少",
    }
    assert client.post(url, data).status_code == 302
    activity = Activity.objects.get(kind=ActivityKind.LISTEN_GATHER_SOLVE)
    assert activity.station_link.place == baibi and activity.participants.count() == 2
    assert activity.station_link.opinions.get().text == "公交班次太少"
    client.force_login(other_county_staff)
    assert client.get(url).status_code == 404


def test_admin_lists_keep_to_the_branch(client, county_staff, other_county_staff, baibi, taiqian):
    client.force_login(county_staff)
    html = client.get(reverse("admin:liaison_stations_place_changelist")).content.decode()
    assert "白璧镇代表联络站" in html and "打渔陈镇代表联络站" not in html
    assert client.get(reverse("admin:liaison_stations_place_change", args=[taiqian.pk])).status_code == 404
    assert client.get(reverse("admin:liaison_stations_place_change", args=[baibi.pk])).status_code == 200
    assert client.get(reverse("admin:liaison_stations_duty_changelist")).status_code == 200
