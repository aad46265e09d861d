"""The deputy's inbox, masking and its audit, staff oversight, scoping."""

import pytest
from django.urls import reverse

from accounts.models import Unit
from accounts.roles import Role
from citizen_messages import services
from citizen_messages.models import EventKind, Message, MessageEvent, Status
from notifications.models import Notification
from tests.citizen_messages.factories import make_deputy, make_message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dep(db):
    return make_deputy(name="王建国")


def test_deputy_sees_only_their_own_messages(client, dep):
    other = make_deputy(name="赵六")
    mine = make_message(dep, body="我的留言")
    theirs = make_message(other, body="别人的留言")
    held = make_message(dep, body="待审核的", status=Status.HELD)
    client.force_login(dep.user)
    html = client.get(reverse("citizen_messages:inbox")).content.decode()
    assert "我的留言" in html and "别人的留言" not in html and "待审核的" not in html
    assert client.get(reverse("citizen_messages:inbox_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("citizen_messages:inbox_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("citizen_messages:inbox_detail", args=[held.pk])).status_code == 404
    r = client.post(reverse("citizen_messages:inbox_detail", args=[theirs.pk]), {"action": "answer", "answer": "x"})
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.answer == ""
    # and staff pages are not for deputies
    assert client.get(reverse("citizen_messages:staff_list")).status_code == 403


def test_phone_is_masked_until_revealed_and_the_reveal_is_recorded(client, dep):
    m = make_message(dep, citizen_phone="13912345678", citizen_name="李四")
    client.force_login(dep.user)
    url = reverse("citizen_messages:inbox_detail", args=[m.pk])
    html = client.get(url).content.decode()
    assert "139****5678" in html and "13912345678" not in html
    revealed = client.post(url, {"action": "reveal"}).content.decode()
    assert "13912345678" in revealed
    event = MessageEvent.objects.get(message=m, kind=EventKind.PHONE_REVEALED)
    assert event.actor == dep.user
    assert "查看完整手机号" in client.get(url).content.decode()  # the history shows it


def test_answer_forward_and_handle(client, dep):
    m = make_message(dep)
    client.force_login(dep.user)
    url = reverse("citizen_messages:inbox_detail", args=[m.pk])
    empty = client.post(url, {"action": "answer", "answer": ""})
    assert empty.status_code == 400
    unit = Unit.objects.create(name="安阳县交通运输局", region_id="410522")
    unit_user = UserFactory(username="unit_u", unit=unit, roles=[Role.UNIT_STAFF])
    assert client.post(url, {"action": "forward", "unit": unit.pk, "note": "请核实"}).status_code == 302
    m.refresh_from_db()
    assert m.status == Status.FORWARDED and m.forwarded_unit == unit
    assert Notification.objects.filter(recipient=unit_user, kind="citizen_messages.forwarded").exists()
    assert client.post(url, {"action": "answer", "answer": "已转交县交通运输局"}).status_code == 302
    m.refresh_from_db()
    assert m.status == Status.ANSWERED and m.answer == "已转交县交通运输局" and m.answered_by == dep.user
    assert client.post(url, {"action": "handle"}).status_code == 302
    m.refresh_from_db()
    assert m.status == Status.CLOSED and m.closed_at


def test_forward_needs_a_target_and_handle_needs_an_answer(client, dep):
    m = make_message(dep)
    client.force_login(dep.user)
    url = reverse("citizen_messages:inbox_detail", args=[m.pk])
    r = client.post(url, {"action": "forward"})
    assert r.status_code == 400 and "请选择转交的单位" in r.content.decode()
    client.post(url, {"action": "handle"})
    m.refresh_from_db()
    assert m.status == Status.NEW


def test_staff_see_their_region_only(client, county_staff, other_county_staff):
    ay = make_deputy(name="王建国")
    tq = make_deputy("410927", name="台前代表")
    m_ay = make_message(ay, body="安阳的留言")
    m_tq = make_message(tq, body="台前的留言")
    client.force_login(county_staff)
    html = client.get(reverse("citizen_messages:staff_list")).content.decode()
    assert "安阳的留言" in html and "台前的留言" not in html
    assert client.get(reverse("citizen_messages:staff_detail", args=[m_tq.pk])).status_code == 404
    assert client.post(reverse("citizen_messages:staff_detail", args=[m_tq.pk]), {"action": "hide"}).status_code == 404
    assert client.get(reverse("citizen_messages:staff_detail", args=[m_ay.pk])).status_code == 200
    assert set(Message.objects.visible_to(other_county_staff)) == {m_tq}


def test_staff_list_query_count_is_constant(client, county_staff, django_assert_max_num_queries):
    dep = make_deputy(name="王建国")
    for i in range(25):
        make_message(dep, body=f"留言{i}")
    client.force_login(county_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("citizen_messages:staff_list")).status_code == 200


def test_hide_keeps_the_original_and_the_reason(client, county_staff, dep):
    m = make_message(dep, body="广告广告")
    client.force_login(county_staff)
    url = reverse("citizen_messages:staff_detail", args=[m.pk])
    assert client.post(url, {"action": "hide", "reason": ""}).status_code == 400
    client.post(url, {"action": "hide", "reason": "spam", "note": "推销"})
    m.refresh_from_db()
    assert m.status == Status.HIDDEN and m.body == "广告广告" and m.hide_reason == "spam"
    assert MessageEvent.objects.filter(message=m, kind=EventKind.HIDDEN, actor=county_staff).exists()
    client.force_login(dep.user)
    assert client.get(reverse("citizen_messages:inbox_detail", args=[m.pk])).status_code == 404


def test_reassign_to_another_deputy(client, county_staff, dep):
    other = make_deputy(name="赵六")
    m = make_message(dep)
    client.force_login(county_staff)
    client.post(reverse("citizen_messages:staff_detail", args=[m.pk]), {"action": "reassign", "deputy": other.pk})
    m.refresh_from_db()
    assert m.deputy == other
    assert MessageEvent.objects.get(message=m, kind=EventKind.REASSIGNED).note == "王建国 → 赵六"
    assert Notification.objects.filter(recipient=other.user, kind="citizen_messages.new").exists()


def test_stats_reply_rate_and_median(client, county_staff, dep):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    for hours in (2, 4, 10):
        m = make_message(dep)
        Message.objects.filter(pk=m.pk).update(
            answered_at=now, created_at=now - datetime.timedelta(hours=hours), status=Status.ANSWERED
        )
    make_message(dep)
    client.force_login(county_staff)
    r = client.get(reverse("citizen_messages:stats"))
    html = r.content.decode()
    assert "75%" in html and "4.0" in html
    # The chart draws the same figures, and only this page loads Chart.js.
    assert r.context["chart"]["labels"] == [dep.name]
    assert [d["data"] for d in r.context["chart"]["datasets"]] == [[4], [3]]
    assert 'id="stats-chart-data"' in html and "vendor/chartjs/chart.umd.min.js" in html
    assert "vendor/chartjs" not in client.get(reverse("citizen_messages:staff_list")).content.decode()


def test_stats_without_messages_draws_no_chart(client, county_staff):
    client.force_login(county_staff)
    r = client.get(reverse("citizen_messages:stats"))
    assert r.status_code == 200 and r.context["chart"] is None
    assert "vendor/chartjs" not in r.content.decode() and "暂无数据" in r.content.decode()


def test_unsatisfied_rating_reopens_and_staff_close(client, county_staff, dep):
    m = make_message(dep)
    services.answer(m, dep.user, "已处理")
    services.rate(m, "unsatisfied")
    m.refresh_from_db()
    assert m.status == Status.REOPENED
    client.force_login(county_staff)
    url = reverse("citizen_messages:staff_detail", args=[m.pk])
    assert client.post(url, {"action": "staff_close", "note": ""}).status_code == 400
    client.post(url, {"action": "staff_close", "note": "已电话回访，问题已解决"})
    m.refresh_from_db()
    assert m.status == Status.CLOSED


def test_panels_and_record_section(client, county_staff, dep):
    make_message(dep)
    client.force_login(dep.user)
    assert "1 条待回复" in client.get(reverse("deputy_home")).content.decode()
    client.force_login(county_staff)
    assert client.get(reverse("workbench")).status_code == 200
    from django.utils import timezone

    from citizen_messages.selectors import record_provider

    ctx = record_provider(dep, timezone.now().year)
    assert ctx["received"] == 1 and ctx["points"] == [("答复群众留言", 0)]


def test_unit_staff_see_what_was_forwarded_to_their_unit_only(client, dep):
    unit = Unit.objects.create(name="安阳县交通运输局", region_id="410522")
    other_unit = Unit.objects.create(name="安阳县水利局", region_id="410522")
    unit_user = UserFactory(username="unit_u", unit=unit, roles=[Role.UNIT_STAFF])
    mine = make_message(dep, body="路面坑洼", citizen_phone="13912345678")
    services.forward(mine, dep.user, unit=unit, note="请核实")
    theirs = make_message(dep, body="河道垃圾")
    services.forward(theirs, dep.user, unit=other_unit)
    note = Notification.objects.get(recipient=unit_user, kind="citizen_messages.forwarded")
    client.force_login(unit_user)
    assert client.get(note.link).status_code == 200
    html = client.get(reverse("citizen_messages:unit_inbox")).content.decode()
    assert "路面坑洼" in html and "河道垃圾" not in html
    detail = client.get(reverse("citizen_messages:unit_detail", args=[mine.pk])).content.decode()
    assert "139****5678" in detail and "13912345678" not in detail
    assert client.get(reverse("citizen_messages:unit_detail", args=[theirs.pk])).status_code == 404
    client.force_login(dep.user)  # not a unit's staff
    assert client.get(reverse("citizen_messages:unit_inbox")).status_code == 403
