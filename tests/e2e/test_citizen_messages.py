"""A citizen on a phone: QR URL → message → tracking code; the deputy answers; the citizen reads it."""

import re

from playwright.sync_api import expect

from tests.citizen_messages.factories import make_deputy, token_of
from tests.e2e.conftest import PHONE, _context, login
from tests.factories import PASSWORD


def test_citizen_message_answer_and_tracking_on_a_phone(live_server, browser, phone, shot, settings):
    settings.CITIZEN_MESSAGES_MIN_FILL_SECONDS = 0
    dep = make_deputy(name="王建国")
    dep.user.username = "wjg"
    dep.user.save()
    url = f"{live_server.url}/d/{token_of(dep).token}/"

    phone.goto(url)
    expect(phone.get_by_test_id("deputy-card")).to_contain_text("王建国")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "citizen-message-form-phone")
    phone.fill("textarea[name=body]", "村口的路灯坏了一个月，晚上出行不便 🙏")
    phone.fill("input[name=mobile]", "1391234")
    phone.check("input[name=consent]")
    phone.click("button[type=submit]")
    # A malformed mobile: a Chinese error, the text kept.
    expect(phone.locator("body")).to_contain_text("请输入正确的11位手机号码")
    expect(phone.locator("textarea[name=body]")).to_have_value(re.compile("^村口的路灯坏了"))
    shot(phone, "citizen-message-error-phone")
    phone.fill("input[name=mobile]", "13912345678")
    phone.check("input[name=consent]")
    phone.click("button[type=submit]")
    code_box = phone.get_by_test_id("tracking-code")
    expect(code_box).to_have_text(re.compile(r"^\s*\S{23}\s*$"))
    code = code_box.inner_text().strip()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "citizen-message-sent-phone")

    # The deputy answers on their own phone (another browser): the citizen's browser never held the
    # deputy's session. (It once cleared its cookies after the deputy's pages instead, and a background
    # request of those pages then set a new CSRF cookie under the citizen's form: a 403 on SQLite.)
    context = _context(browser, PHONE, True)
    deputy = context.new_page()
    login(deputy, live_server.url, "wjg", PASSWORD)
    deputy.wait_for_url(f"{live_server.url}/me/")
    deputy.goto(f"{live_server.url}/messages/inbox/")
    deputy.get_by_test_id("inbox-list").get_by_text("村口的路灯坏了").click()
    expect(deputy.locator("main")).to_contain_text("139****5678")
    assert "13912345678" not in deputy.content()
    deputy.fill("textarea[name=answer]", "已联系镇供电所，本周内修好。")
    deputy.get_by_test_id("answer-submit").click()
    # The stored answer as the page shows it after the POST (a bare "已回复" is on the page before).
    expect(deputy.locator("main")).to_contain_text("已回复（群众可见）")
    assert deputy.evaluate("document.documentElement.scrollWidth") <= 360
    shot(deputy, "deputy-answer-phone")
    context.close()

    phone.goto(f"{live_server.url}/messages/track/")
    phone.fill("input[name=code]", code)
    phone.click("button[type=submit]")
    expect(phone.get_by_test_id("track-answer")).to_contain_text("已联系镇供电所，本周内修好。")
    expect(phone.get_by_test_id("track-status")).to_contain_text("代表已回复")
    phone.check("input[value=satisfied]")
    phone.click("text=提交评价")
    expect(phone.locator("body")).to_contain_text("感谢您的评价")
    shot(phone, "citizen-tracking-phone")


def test_staff_review_queue_and_qr_codes_on_a_desktop(live_server, desktop, shot):
    from accounts.models import Region
    from citizen_messages.models import SensitiveWord, Status
    from tests.citizen_messages.factories import make_message
    from tests.factories import staff

    staff("410522", username="ay_staff", full_name="李静")
    dep = make_deputy(name="王建国")
    SensitiveWord.objects.create(word="赌博", region=Region.objects.get(code="410522"))
    held = make_message(dep, body="有人聚众赌博", status=Status.HELD, hold_reason="sensitive", matched_words="赌博")
    make_message(dep, body="路灯坏了", citizen_phone="13912345678")
    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    expect(desktop.get_by_test_id("panel-citizen-review")).to_contain_text("待审核 1 条")
    desktop.goto(f"{live_server.url}/messages/staff/")
    expect(desktop.get_by_test_id("staff-list")).to_contain_text("有人聚众赌博")
    shot(desktop, "citizen-messages-staff-list")
    desktop.goto(f"{live_server.url}/messages/staff/{held.pk}/")
    shot(desktop, "citizen-messages-staff-held")
    desktop.select_option("select[name=reason]", "abuse")
    desktop.get_by_test_id("hide-submit").click()
    expect(desktop.locator("body")).to_contain_text("已屏蔽，原文保留在办理记录中")
    expect(desktop.get_by_test_id("message-body")).to_contain_text("有人聚众赌博")
    desktop.goto(f"{live_server.url}/messages/staff/qr/")
    expect(desktop.get_by_test_id("tokens")).to_contain_text("王建国")
    shot(desktop, "citizen-messages-qr-codes")
    desktop.goto(f"{live_server.url}/messages/staff/stats/")
    shot(desktop, "citizen-messages-stats")


def test_entry_page_county_township_deputy_on_a_phone(live_server, phone, shot):
    dep = make_deputy(name="王建国")
    phone.goto(f"{live_server.url}/messages/")
    phone.click("text=安阳县")
    phone.click(f"text={dep.region.name}")
    shot(phone, "citizen-entry-phone")
    phone.get_by_test_id("deputy-list").get_by_text("王建国").click()
    assert phone.url.endswith(f"/d/{token_of(dep).token}/")
    expect(phone.get_by_test_id("deputy-card")).to_contain_text("王建国")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_entry_and_message_page_in_english_name_places_in_english(live_server, phone, shot):
    """An English visitor reads the places as English writes them (Anyang County, Baibi Town), the
    deputy's name as written."""
    from django.utils import translation

    from core.regions import place_name

    dep = make_deputy(name="王建国")
    with translation.override("en"):
        town = place_name(dep.region.name)  # e.g. 白璧镇 → Baibi Town
    phone.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    phone.goto(f"{live_server.url}/messages/")
    phone.click("text=Anyang County")
    expect(phone.get_by_text(dep.region.name)).to_have_count(0)
    phone.click(f"text={town}")
    shot(phone, "citizen-entry-phone-en")
    phone.get_by_test_id("deputy-list").get_by_text("王建国").click()
    expect(phone.get_by_test_id("deputy-card")).to_contain_text("People's Congress of Anyang County")
    shot(phone, "citizen-message-phone-en")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
