"""A citizen on a phone: QR URL → message → tracking code; the deputy answers; the citizen reads it."""

from tests.citizen_messages.factories import make_deputy, token_of
from tests.e2e.conftest import login
from tests.factories import PASSWORD


def test_citizen_message_answer_and_tracking_on_a_phone(live_server, phone, shot, settings):
    settings.CITIZEN_MESSAGES_MIN_FILL_SECONDS = 0
    dep = make_deputy(name="王建国")
    dep.user.username = "wjg"
    dep.user.save()
    url = f"{live_server.url}/d/{token_of(dep).token}/"

    phone.goto(url)
    assert "王建国" in phone.get_by_test_id("deputy-card").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "citizen-message-form-phone")
    phone.fill("textarea[name=body]", "村口的路灯坏了一个月，晚上出行不便 🙏")
    phone.fill("input[name=mobile]", "1391234")
    phone.check("input[name=consent]")
    phone.click("button[type=submit]")
    # A malformed mobile: a Chinese error, the text kept.
    assert "请输入正确的11位手机号码" in phone.content()
    assert phone.input_value("textarea[name=body]").startswith("村口的路灯坏了")
    shot(phone, "citizen-message-error-phone")
    phone.fill("input[name=mobile]", "13912345678")
    phone.check("input[name=consent]")
    phone.click("button[type=submit]")
    code = phone.get_by_test_id("tracking-code").inner_text().strip()
    assert len(code) == 23
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "citizen-message-sent-phone")

    login(phone, live_server.url, "wjg", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/me/")
    phone.goto(f"{live_server.url}/messages/inbox/")
    phone.get_by_test_id("inbox-list").get_by_text("村口的路灯坏了").click()
    assert "139****5678" in phone.content() and "13912345678" not in phone.content()
    phone.fill("textarea[name=answer]", "已联系镇供电所，本周内修好。")
    phone.get_by_test_id("answer-submit").click()
    assert "已回复" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "deputy-answer-phone")
    phone.context.clear_cookies()

    phone.goto(f"{live_server.url}/messages/track/")
    phone.fill("input[name=code]", code)
    phone.click("button[type=submit]")
    assert "已联系镇供电所，本周内修好。" in phone.get_by_test_id("track-answer").inner_text()
    assert "代表已回复" in phone.get_by_test_id("track-status").inner_text()
    phone.check("input[value=satisfied]")
    phone.click("text=提交评价")
    assert "感谢您的评价" in phone.content()
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
    assert "待审核 1 条" in desktop.get_by_test_id("panel-citizen-review").inner_text()
    desktop.goto(f"{live_server.url}/messages/staff/")
    assert "有人聚众赌博" in desktop.get_by_test_id("staff-list").inner_text()
    shot(desktop, "citizen-messages-staff-list")
    desktop.goto(f"{live_server.url}/messages/staff/{held.pk}/")
    shot(desktop, "citizen-messages-staff-held")
    desktop.select_option("select[name=reason]", "abuse")
    desktop.click("text=屏蔽（原文保留在记录中）")
    assert "已屏蔽，原文保留在办理记录中" in desktop.content()
    assert "有人聚众赌博" in desktop.get_by_test_id("message-body").inner_text()
    desktop.goto(f"{live_server.url}/messages/staff/qr/")
    assert "王建国" in desktop.get_by_test_id("tokens").inner_text()
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
    assert "王建国" in phone.get_by_test_id("deputy-card").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
