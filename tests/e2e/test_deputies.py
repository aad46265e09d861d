"""A deputy logs an activity on a phone, staff verify it on a desktop, the deputy sees it in their record."""

from playwright.sync_api import expect

from tests.deputies.factories import DeputyFactory, image_file, seated
from tests.e2e.conftest import login
from tests.factories import PASSWORD, deputy_user, staff


def test_log_on_phone_verify_on_desktop_see_in_record(live_server, phone, desktop, shot, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    user = deputy_user("410522", username="dep_phone", full_name="张晓梅")
    seated(DeputyFactory(name="张晓梅", user=user, region_id="410522101"))
    staff("410522", username="ay_staff", full_name="李静")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(image_file().read())

    login(phone, live_server.url, "dep_phone", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/me/")
    phone.get_by_test_id("my-year").wait_for()
    shot(phone, "deputies-home-phone")
    phone.get_by_role("link", name="登记履职活动").first.click()
    phone.wait_for_url("**/deputies/me/activities/new/")
    shot(phone, "deputies-log-activity-phone")
    phone.select_option("select[name=kind]", "reception")
    phone.fill("input[name=title]", "联络站接待选民")
    phone.fill("input[name=place]", "白璧镇亚龙湾社区代表联络站")
    phone.set_input_files("input[name=photos]", str(photo))
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_url("**/deputies/me/activities/")
    expect(phone.get_by_test_id("my-activity").first).to_contain_text("待审核")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "deputies-my-activities-phone")

    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    expect(desktop.get_by_test_id("pending-activities")).to_contain_text("有 1 项代表履职活动待审核")
    desktop.get_by_role("link", name="去审核").click()
    desktop.get_by_test_id("activity-row").first.wait_for()
    shot(desktop, "deputies-activity-list-desktop")
    desktop.get_by_test_id("verify").first.click()
    desktop.wait_for_load_state()
    expect(desktop.locator("body")).to_contain_text("已审核通过")
    desktop.goto(f"{live_server.url}/deputies/?q=zxm")
    expect(desktop.get_by_test_id("deputy-row")).to_have_count(1)
    shot(desktop, "deputies-list-desktop")

    phone.goto(f"{live_server.url}/deputies/me/record/")
    expect(phone.get_by_test_id("record-activity").first).to_contain_text("联络站接待选民")
    expect(phone.get_by_test_id("verified-total")).to_have_text("1")
    shot(phone, "deputies-record-phone")
