from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import PASSWORD, deputy_user, staff


def test_staff_logs_in_and_sees_the_workbench(live_server, desktop, shot):
    staff("410522", username="ay_staff", full_name="李静")
    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    expect(desktop.locator("h1")).to_have_text("工作台")
    expect(desktop.get_by_test_id("home-region")).to_contain_text("河南省安阳市安阳县")
    expect(desktop.get_by_test_id("home-roles")).to_contain_text("人大常委会工作人员")
    shot(desktop, "workbench-desktop")


def test_deputy_logs_in_on_a_phone(live_server, phone, shot):
    deputy_user("410522", username="dep", mobile="13912345678", full_name="张晓梅")
    shot_login = phone.goto(f"{live_server.url}/accounts/login/")
    assert shot_login.ok
    shot(phone, "login-phone")
    login(phone, live_server.url, "13912345678", PASSWORD)  # by mobile number
    phone.wait_for_url(f"{live_server.url}/me/")
    expect(phone.locator("h1")).to_have_text("我的履职")
    # Nothing wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "deputy-home-phone")
    # The menu opens from the toggler on a phone.
    # Under load the collapse may still be opening: wait for each step to be visible before the next.
    phone.click("button.navbar-toggler")
    user_menu = phone.get_by_test_id("user-menu")
    expect(user_menu).to_be_visible()
    user_menu.click()
    expect(phone.get_by_role("button", name="退出登录")).to_be_visible()


def test_wrong_password_shows_a_chinese_error(live_server, phone, shot):
    staff("410522", username="ay_staff")
    login(phone, live_server.url, "ay_staff", "wrong-password")
    expect(phone.locator("main")).to_contain_text("用户名（或手机号）或密码不正确")
    expect(phone.locator("input[name=username]")).to_have_value("ay_staff")
    shot(phone, "login-error-phone")


def test_language_switch_to_english(live_server, desktop, shot):
    staff("410522", username="ay_staff")
    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    desktop.get_by_test_id("language-en").click()
    desktop.wait_for_load_state()
    expect(desktop.locator("h1")).to_have_text("Workbench")
    expect(desktop.get_by_test_id("home-region")).to_have_text("Anyang County, Anyang City, Henan Province")
    shot(desktop, "workbench-english")
