"""The second factor (TOTP, RFC 6238): required of staff and administrators, optional for deputies.

Every login here goes through the pages (password, then code): the test client's force_login() is
not used for the account under test, since it stands for a complete login (tests/conftest.py)."""

import datetime
from urllib.parse import unquote

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from accounts.models import AuditEvent, RecoveryCode
from accounts.roles import Role
from tests.factories import PASSWORD, deputy_user, second_factor_device, staff, totp_code

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
VERIFY = "/accounts/2fa/verify/"
SETUP = "/accounts/2fa/setup/"
MANAGE = "/accounts/2fa/"
E = AuditEvent.Event


def _password(client, username):
    return client.post(LOGIN, {"username": username, "password": PASSWORD, "next": "/workbench/"})


def _now():
    return datetime.datetime.now(datetime.UTC)


@pytest.fixture
def officer(db):
    user = staff("410522", username="t_officer", mobile="13900139000")
    return user, second_factor_device(user)


def _enrol(client, user):
    """Enrol through the setup page (the code computed from the new device's key); the recovery
    codes shown once."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(SETUP, {"code": totp_code(device)})
    assert done.status_code == 200 and "两步验证已开启" in done.content.decode()
    return device, done.context["codes"]


def test_staff_reach_neither_the_workbench_nor_the_admin_with_the_password_only(officer):
    c = Client()
    response = _password(c, "t_officer")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert "_auth_user_id" in c.session  # the password was right ...
    for path in ("/workbench/", "/admin/", "/admin/accounts/user/", "/deputies/", MANAGE, SETUP):
        refused = c.get(path)
        assert refused.status_code == 302 and refused.url.startswith(VERIFY), path  # ... but nothing else
    assert c.post("/admin/accounts/user/", {"action": "delete_selected"}).url == VERIFY
    login = AuditEvent.objects.filter(event=E.LOGIN).latest("pk")
    assert login.detail == "password; code pending"


def test_the_admin_login_is_the_portals(officer):
    response = Client().get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "next=/admin/accounts/user/" in response.url


def test_a_wrong_code_is_refused_in_chinese_and_counted(officer):
    user, device = officer
    c = Client()
    _password(c, "t_officer")
    with time_machine.travel(_now(), tick=False):
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        response = c.post(VERIFY, {"code": wrong})
        assert response.status_code == 200
        assert "验证码不正确或已使用过" in response.content.decode()
        assert c.get("/workbench/").status_code == 302
        failed = AuditEvent.objects.get(event=E.OTP_FAILED)
        assert failed.user == user and failed.outcome == AuditEvent.Outcome.FAILURE
        # django-axes counts it like a wrong password.
        assert AccessAttempt.objects.get(username="t_officer").failures_since_start == 1
        # And the device makes the next try wait (1 s, then 2 s, 4 s ...): even the right code now.
        throttled = c.post(VERIFY, {"code": totp_code(device)})
        assert "请等待1秒后再试" in throttled.content.decode()


def test_the_right_code_logs_in_and_clears_the_failures(officer):
    user, device = officer
    c = Client()
    _password(c, "t_officer")
    with time_machine.travel(_now(), tick=False) as clock:
        c.post(VERIFY, {"code": "000000" if totp_code(device) != "000000" else "111111"})
        clock.shift(datetime.timedelta(seconds=2))  # past the one-second wait after a wrong code
        session_before = c.session.session_key
        response = c.post(VERIFY, {"code": totp_code(device), "next": "/workbench/"})
        assert response.status_code == 302 and response.url == "/workbench/"
        assert c.session.session_key != session_before  # a new session key after the second factor
        assert c.get("/workbench/").status_code == 200
        assert c.get("/admin/accounts/user/").status_code == 200
    assert AuditEvent.objects.filter(event=E.OTP_VERIFIED, user=user).count() == 1
    assert not AccessAttempt.objects.filter(username="t_officer").exists()


def test_a_code_cannot_be_replayed(officer):
    user, device = officer
    with time_machine.travel(_now(), tick=False):
        code = totp_code(device)
        first = Client()
        _password(first, "t_officer")
        assert first.post(VERIFY, {"code": code}).status_code == 302
        # Someone who saw the code types it at once, with the password, in another browser.
        second = Client()
        _password(second, "t_officer")
        refused = second.post(VERIFY, {"code": code})
        assert refused.status_code == 200 and "已使用过" in refused.content.decode()
        assert second.get("/workbench/").status_code == 302


def test_one_time_step_of_tolerance_each_way(officer):
    user, device = officer
    with time_machine.travel(_now(), tick=False):
        c = Client()
        _password(c, "t_officer")
        assert c.post(VERIFY, {"code": totp_code(device, steps=-1)}).status_code == 302
    second_factor_device(user)
    with time_machine.travel(_now(), tick=False) as clock:
        c = Client()
        _password(c, "t_officer")
        assert c.post(VERIFY, {"code": totp_code(device, steps=3)}).status_code == 200
        clock.shift(datetime.timedelta(seconds=2))
        assert c.post(VERIFY, {"code": totp_code(device, steps=1)}).status_code == 302


def test_five_wrong_codes_lock_the_account(officer):
    user, device = officer
    c = Client()
    _password(c, "t_officer")
    right = totp_code(device)
    wrong = "000000" if right != "000000" else "111111"
    with time_machine.travel(_now(), tick=False) as clock:
        for n in range(5):
            clock.shift(datetime.timedelta(seconds=2**n + 1))  # past the device's growing wait
            response = c.post(VERIFY, {"code": wrong})
        assert response.status_code == 429 and "已锁定" in response.content.decode()
        assert "_auth_user_id" not in c.session  # logged out
        # Locked: even the password and the right code are refused for 30 minutes.
        assert _password(Client(), "t_officer").status_code == 429
    assert AuditEvent.objects.filter(event=E.OTP_FAILED, user=user).count() == 5
    assert AuditEvent.objects.filter(event=E.LOCKED, user=user).exists()


def test_staff_without_a_device_enrol_right_after_the_password(db):
    user = staff("410522", username="t_new")
    c = Client()
    response = _password(c, "t_new")
    assert response.status_code == 302 and response.url.startswith(SETUP)
    assert c.get("/workbench/").url.startswith(SETUP)
    assert c.get("/admin/").url.startswith(SETUP)
    page = c.get(SETUP).content.decode()
    # The QR code is drawn in the page (an inline SVG), and no outside address appears in it.
    svg = page.split("<svg", 1)[1].split("</svg>")[0]
    assert "otpauth" not in page and svg.count("http") == svg.count("http://www.w3.org/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert second_factor.secret_for_typing(device) in page
    # What the app is told: the portal's name, the account, 6 digits every 30 seconds.
    uri = unquote(device.config_url)
    assert uri.startswith("otpauth://totp/人大代表履职管理平台:t_new?") and "digits=6&period=30" in uri
    assert device.tolerance == 1
    # A wrong code does not confirm it.
    wrong = c.post(SETUP, {"code": "12345"})
    assert "验证码不正确" in wrong.content.decode() and c.get("/workbench/").status_code == 302
    device, codes = _enrol(c, user)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 8 and len(set(codes)) == 8
    assert c.get("/workbench/").status_code == 200
    assert AuditEvent.objects.filter(event=E.OTP_ENROLLED, user=user).exists()
    # Stored hashed: no code appears in the table.
    stored = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(stored) == 8 and not any(code.replace("-", "") in d for code in codes for d in stored)
    assert len({d.partition("$")[0] for d in stored}) == 8  # each with a salt of its own
    # The next login asks for the code.
    c.post("/accounts/logout/")
    assert _password(Client(), "t_new").url.startswith(VERIFY)


def test_a_recovery_code_works_once(db):
    user = staff("410522", username="t_rec")
    c = Client()
    _password(c, "t_rec")
    _device, codes = _enrol(c, user)
    c.post("/accounts/logout/")

    c = Client()
    _password(c, "t_rec")
    response = c.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain and "还剩7个" in response.content.decode()
    assert c.get("/workbench/").status_code == 200
    assert AuditEvent.objects.filter(event=E.OTP_RECOVERY, user=user, detail="remaining 7").exists()
    c.post("/accounts/logout/")

    c = Client()
    _password(c, "t_rec")
    with time_machine.travel(_now(), tick=False):
        again = c.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and "验证码不正确或已使用过" in again.content.decode()
    assert c.get("/workbench/").status_code == 302


def test_deputies_may_enable_it_and_turn_it_off(db):
    user = deputy_user("410522", username="t_dep")
    c = Client()
    response = _password(c, "t_dep")
    assert not response.url.startswith((VERIFY, SETUP))  # optional: no second step
    assert "未开启" in c.get(MANAGE).content.decode()
    device, _codes = _enrol(c, user)
    c.post("/accounts/logout/")

    c = Client()
    assert _password(c, "t_dep").url.startswith(VERIFY)  # once enabled, it is asked for
    # A step later than the code that confirmed the enrolment (that one cannot be used again).
    with time_machine.travel(_now() + datetime.timedelta(seconds=30), tick=False) as clock:
        assert c.post(VERIFY, {"code": totp_code(device)}).status_code == 302
        page = c.get(MANAGE).content.decode()
        assert "已开启" in page and "关闭两步验证" in page
        clock.shift(datetime.timedelta(seconds=30))
        c.post(MANAGE, {"action": "disable", "code": totp_code(device)})
    assert second_factor.totp_device(user) is None
    assert AuditEvent.objects.filter(event=E.OTP_DISABLED, user=user).exists()


def test_staff_cannot_turn_it_off(officer):
    user, device = officer
    c = Client()
    _password(c, "t_officer")
    with time_machine.travel(_now(), tick=False) as clock:
        c.post(VERIFY, {"code": totp_code(device)})
        assert "关闭两步验证" not in c.get(MANAGE).content.decode()
        clock.shift(datetime.timedelta(seconds=30))
        response = c.post(MANAGE, {"action": "disable", "code": totp_code(device)})
    assert "不能关闭" in response.content.decode()
    assert second_factor.totp_device(user) is not None


def test_the_security_admin_resets_a_second_factor_and_it_is_recorded(officer):
    user, device = officer
    victim_session = Client()
    victim_session.force_login(user)
    secadmin = staff("410522", role=Role.SECURITY_ADMIN, username="t_secadmin2")
    c = Client()
    c.force_login(secadmin)
    response = c.post(
        "/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [user.pk]}, follow=True
    )
    assert "已重置 1 个账号的两步验证" in response.content.decode()
    assert second_factor.totp_device(user) is None
    reset = AuditEvent.objects.get(event=E.OTP_RESET)
    assert reset.user == secadmin and reset.object_id == str(user.pk)
    # The user's sessions ended; at the next login a new device is set up.
    assert victim_session.get("/workbench/").status_code == 302
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    assert _password(Client(), "t_officer").url.startswith(SETUP)


def test_only_the_security_admin_has_the_reset_action(officer):
    user, _device = officer
    sysadmin = staff("410522", role=Role.SYSTEM_ADMIN, username="t_sysadmin2")
    c = Client()
    c.force_login(sysadmin)
    assert "reset_second_factor" not in c.get("/admin/accounts/user/").content.decode()
    c.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [user.pk]})
    assert second_factor.totp_device(user) is not None


def test_device_secrets_are_not_in_the_admin(admin_client):
    # django-otp's device admin would show each key and its QR code.
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404
