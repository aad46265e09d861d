import pytest
from django.urls import reverse

from tests.factories import PASSWORD, login_through_pages, staff

pytestmark = pytest.mark.django_db


def test_login_by_username(client):
    staff(username="li", mobile="13800000001")
    # Password, then the second factor's code (staff have one: tests/security/test_second_factor.py).
    r = login_through_pages(client, "li")
    assert r.status_code == 302
    assert client.get(reverse("home")).url == reverse("workbench")


def test_login_by_mobile(client):
    staff(username="li", mobile="13800000001")
    r = login_through_pages(client, "13800000001")
    assert client.get(r.url, follow=True).resolver_match.url_name == "workbench"


def test_wrong_password_shows_chinese_error_and_keeps_the_username(client):
    staff(username="li")
    r = client.post(reverse("accounts:login"), {"username": "li", "password": "wrong"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "用户名（或手机号）或密码不正确" in html
    assert 'value="li"' in html


def test_inactive_user_cannot_log_in(client):
    staff(username="li", is_active=False)
    r = client.post(reverse("accounts:login"), {"username": "li", "password": PASSWORD})
    assert r.status_code == 200 and "_auth_user_id" not in client.session


def test_logout_is_a_post(client):
    user = staff(username="li")
    client.force_login(user)
    r = client.post(reverse("accounts:logout"))
    assert r.status_code == 302 and "_auth_user_id" not in client.session


def test_password_change(client):
    user = staff(username="li")
    client.force_login(user)
    r = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Xin-mima-2026!", "new_password2": "Xin-mima-2026!"},
    )
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xin-mima-2026!")


def test_password_change_errors_in_chinese(client):
    client.force_login(staff(username="li"))
    r = client.post(
        reverse("accounts:password_change"),
        {"old_password": "bad", "new_password1": "123", "new_password2": "456"},
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "旧密码不正确" in html or "你的旧密码不正确" in html


def test_pages_need_login(client):
    r = client.get(reverse("workbench"))
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:login"))
