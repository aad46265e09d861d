"""Login lockout (django-axes): 5 consecutive failures lock the account for 30 minutes, a per-address
throttle on top, the security administrator unlocks, and all of it is in the audit trail."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from accounts.http import client_ip
from accounts.models import AuditEvent
from accounts.roles import Role
from tests.factories import PASSWORD, staff

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
E = AuditEvent.Event


@pytest.fixture
def victim(db):
    return staff("410522", username="victim", mobile="13800138000")


def attempt(client, username, password="wrong-Pass-1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_five_failures_lock_the_account_even_with_the_right_password(victim):
    client = Client()
    for _ in range(4):
        assert attempt(client, "victim").status_code == 200  # the form again, with its Chinese error
    # The fifth failure, typed as the mobile number, counts against the same account and locks it.
    locked = attempt(client, "13800138000")
    assert locked.status_code == 429 and "已锁定" in locked.content.decode()
    refused = attempt(Client(), "victim", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in Client().session
    events = list(AuditEvent.objects.filter(user=victim).values_list("event", flat=True))
    assert events.count(E.LOGIN_FAILED) >= 5 and E.LOCKED in events and E.LOGIN not in events


def test_the_lock_ends_after_30_minutes(victim):
    client = Client()
    for _ in range(5):
        attempt(client, "victim")
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=31)):
        response = attempt(Client(), "victim", PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(user=victim, event=E.LOGIN).exists()


def test_a_success_resets_the_count_of_consecutive_failures(victim):
    client = Client()
    for _ in range(4):
        attempt(client, "victim")
    assert attempt(Client(), "victim", PASSWORD).status_code == 302
    for _ in range(4):
        attempt(client, "victim")
    assert attempt(Client(), "victim", PASSWORD).status_code == 302


def test_per_address_throttle_across_accounts(settings, victim):
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(6):
        attempt(client, f"nobody{n}")
    response = attempt(client, "victim", PASSWORD)
    assert response.status_code == 429 and "该地址" in response.content.decode()
    # Another address is not throttled.
    assert attempt(Client(REMOTE_ADDR="203.0.113.10"), "victim", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(event=E.THROTTLED, ip="203.0.113.9").exists()


def _lock(username="victim"):
    client = Client()
    for _ in range(5):
        attempt(client, username)


def test_security_admin_unlocks_from_the_user_list_and_it_is_recorded(victim):
    _lock()
    secadmin = staff("410522", role=Role.SECURITY_ADMIN, username="t_secadmin")
    admin_client = Client()
    admin_client.force_login(secadmin)
    response = admin_client.post(
        "/admin/accounts/user/", {"action": "unlock_login", "_selected_action": [victim.pk]}, follow=True
    )
    assert "已解除 1 个账号的登录锁定" in response.content.decode()
    assert attempt(Client(), "victim", PASSWORD).status_code == 302
    unlock = AuditEvent.objects.get(event=E.UNLOCKED)
    assert unlock.user == secadmin and unlock.object_id == str(victim.pk)


def test_system_admin_has_no_unlock_action(victim):
    _lock()
    sysadmin = staff("410522", role=Role.SYSTEM_ADMIN, username="t_sysadmin")
    c = Client()
    c.force_login(sysadmin)
    page = c.get("/admin/accounts/user/").content.decode()
    assert "unlock_login" not in page
    c.post("/admin/accounts/user/", {"action": "unlock_login", "_selected_action": [victim.pk]})
    assert attempt(Client(), "victim", PASSWORD).status_code == 429


def test_every_login_is_recorded_with_the_client_address_behind_the_proxy(settings, victim):
    settings.TRUSTED_PROXY_COUNT = 1
    response = attempt(
        Client(REMOTE_ADDR="127.0.0.1"), "victim", PASSWORD, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4"
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(event=E.LOGIN)
    assert event.user == victim and event.ip == "198.51.100.4" and event.time.tzinfo is not None


@pytest.mark.parametrize(
    "proxies,remote,forwarded,expected",
    [(0, "10.0.0.9", "1.2.3.4", "10.0.0.9"), (1, "127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
     (2, "127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"), (1, "127.0.0.1", "", "127.0.0.1")],
)  # fmt: skip
def test_one_client_ip_helper(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    request.user = AnonymousUser()
    assert client_ip(request) == expected


def test_the_lockout_and_the_portal_share_the_helper(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "accounts.http.client_ip"
    from citizen_messages import public_views

    assert public_views.client_ip is client_ip
