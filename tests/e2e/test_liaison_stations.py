"""Browser journeys of the liaison stations: a deputy confirms a duty on a phone; staff record a
reception with an opinion and take it round the loop to closed; the public page shows the rota."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from liaison_stations import services
from liaison_stations.models import Duty, Opinion, OpinionState
from tests.e2e.conftest import login
from tests.factories import PASSWORD, deputy_user, staff
from tests.liaison_stations.factories import deputy, place, station, unit


def _baibi():
    p = place(address="白璧镇政府院内东侧", opening_hours="每周二、周四 9:00—12:00", contact_phone="0372-5510100")
    return p


def test_deputy_confirms_a_duty_on_a_phone(live_server, phone, shot):
    user = deputy_user("410522", username="zxm", full_name="张晓梅")
    me = deputy("张晓梅", user=user)
    p = station(_baibi(), [me])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    duty = services.add_duty(p, me, tomorrow)

    login(phone, live_server.url, "zxm", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/me/")
    panel = phone.get_by_test_id("panel-my-duties")
    expect(panel).to_contain_text("白璧镇代表联络站")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "stations-deputy-duty-phone")
    panel.get_by_test_id("confirm-duty").click()
    phone.wait_for_url(f"{live_server.url}/me/")
    expect(phone.get_by_test_id("panel-my-duties")).to_contain_text("已确认")
    expect(phone.locator(".alert-success")).to_contain_text("已确认")
    shot(phone, "stations-deputy-duty-confirmed-phone")
    duty.refresh_from_db()
    assert duty.confirmed_at is not None


def test_staff_record_a_reception_and_close_its_opinion(live_server, desktop, shot):
    staff("410522", username="ay_staff", full_name="李静")
    p = station(_baibi(), [deputy("李建国"), deputy("王秀英")])
    unit("安阳县交通运输局")

    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    desktop.goto(f"{live_server.url}/stations/{p.pk}/")
    desktop.get_by_test_id("new-reception").click()
    desktop.get_by_label("李建国").check()
    desktop.fill("input[name=citizens_count]", "6")
    desktop.fill("textarea[name=topics]", "村东生产路")
    desktop.select_option("select[name=op-0-category]", "infrastructure")
    desktop.fill("textarea[name=op-0-text]", "村东生产路雨后泥泞，建议硬化。")
    shot(desktop, "stations-reception-form-desktop")
    desktop.get_by_test_id("save-reception").click()
    desktop.wait_for_url(f"{live_server.url}/stations/{p.pk}/")
    expect(desktop.locator(".alert-success")).to_contain_text("登记意见建议 1 条")

    opinion = Opinion.objects.get()
    desktop.goto(f"{live_server.url}/stations/opinions/")
    desktop.get_by_role("link", name="村东生产路雨后泥泞").click()
    expect(desktop.get_by_test_id("opinion-state")).to_have_text("已登记")
    desktop.select_option("select[name=unit]", label="安阳县交通运输局")
    desktop.get_by_test_id("move-handling").click()
    expect(desktop.get_by_test_id("opinion-state")).to_have_text("办理中")
    desktop.fill("textarea[name=result]", "已列入今年农村公路计划，12月完工。")
    desktop.get_by_test_id("move-result").click()
    expect(desktop.get_by_test_id("opinion-state")).to_have_text("已有结果")
    desktop.fill("textarea[name=feedback]", "已电话告知反映人。")
    desktop.get_by_test_id("move-fed_back").click()
    expect(desktop.get_by_test_id("opinion-state")).to_have_text("已反馈")
    desktop.get_by_test_id("move-closed").click()
    expect(desktop.get_by_test_id("opinion-state")).to_have_text("已办结")
    expect(desktop.get_by_test_id("transitions").locator("li")).to_have_count(5)
    shot(desktop, "stations-opinion-closed-desktop")
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.CLOSED


def test_public_page_shows_the_rota_without_login(live_server, phone, desktop, shot):
    staff("410522", username="ay_staff")
    p = station(_baibi(), [deputy("李建国"), deputy("王秀英")])
    today = timezone.localdate()
    first = today.replace(day=1)
    nxt = (first + datetime.timedelta(days=32)).replace(day=1)
    pool = [s.deputy for s in p.stationings.order_by("id")]
    services.generate_rota(p, nxt.year, nxt.month, pool, weekdays=tuple(range(7)))

    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    desktop.goto(f"{live_server.url}/stations/{p.pk}/rota/{nxt.year}/{nxt.month}/")
    expect(desktop.get_by_test_id("rota-month")).to_contain_text(f"{nxt.year}年{nxt.month}月")
    shot(desktop, "stations-rota-calendar-desktop")

    phone.goto(f"{live_server.url}{p.get_public_url()}")
    rota = phone.get_by_test_id("public-rota")
    for text in ("李建国", "王秀英", f"{nxt.month:02d}月01日"):
        expect(rota).to_contain_text(text)
    expect(phone.locator("body")).to_contain_text("白璧镇政府院内东侧")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "stations-public-page-phone")
    assert Duty.objects.filter(place=p).count() >= 28


def test_staff_pages_fit_a_phone(live_server, phone, shot):
    staff("410522", username="ay_staff")
    p = station(_baibi(), [deputy("李建国"), deputy("王秀英")])
    today = timezone.localdate()
    services.generate_rota(
        p, today.year, today.month, [s.deputy for s in p.stationings.order_by("id")], weekdays=tuple(range(7))
    )
    login(phone, live_server.url, "ay_staff", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/workbench/")
    for path, name in [
        (f"/stations/{p.pk}/rota/", "stations-rota-phone"),
        ("/stations/duties/attention/", "stations-attention-phone"),
        ("/stations/", "stations-list-phone"),
        (f"/stations/{p.pk}/", "stations-place-phone"),
    ]:
        phone.goto(f"{live_server.url}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
        shot(phone, name)


def test_staff_turn_an_opinion_into_a_deputys_draft_suggestion(live_server, desktop, phone, shot):
    staff("410522", username="ay_staff", full_name="李静")
    user = deputy_user("410522", username="zxm", full_name="张晓梅")
    me = deputy("张晓梅", user=user)
    p = station(_baibi(), [me, deputy("王秀英")])
    services.record_reception(
        place=p,
        day=timezone.localdate(),
        deputies=[me],
        by=None,
        opinions=[{"category": "agriculture", "text": "建议在白璧镇建设农产品冷链仓储设施。"}],
    )
    opinion = Opinion.objects.get()

    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    desktop.goto(f"{live_server.url}/stations/opinions/{opinion.pk}/")
    desktop.get_by_label("转为代表建议").check()
    desktop.select_option("select[name=deputy]", label="张晓梅")
    desktop.get_by_test_id("move-handling").click()
    expect(desktop.get_by_test_id("opinion-state")).to_have_text("办理中")
    # The opinion names the draft it became (a real link to it), and says the draft is the deputy's until sent.
    link = desktop.get_by_test_id("opinion-suggestion").get_by_role("link")
    expect(link).to_contain_text("关于在白璧镇建设农产品冷链仓储设施的建议")
    expect(desktop.get_by_test_id("opinion-suggestion")).to_contain_text("草稿仅代表本人可见")
    shot(desktop, "stations-opinion-to-suggestion-desktop")

    login(phone, live_server.url, "zxm", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/me/")
    phone.goto(f"{live_server.url}/suggestions/my/")
    phone.get_by_role("link", name="关于在白璧镇建设农产品冷链仓储设施的建议").first.click()
    expect(phone.get_by_test_id("source")).to_contain_text("代表联络站意见建议")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "stations-opinion-draft-suggestion-phone")
