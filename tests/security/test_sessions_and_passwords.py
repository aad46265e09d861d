"""Sessions (30 idle minutes, 12 hours at most, in the database) and the 等保 password rules."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from accounts.models import User
from tests.factories import PASSWORD, deputy_user, login_through_pages, staff

pytestmark = pytest.mark.django_db
HOME = "/workbench/"


def _now():
    return datetime.datetime.now(datetime.UTC)


def _login(username):
    c = Client()
    assert login_through_pages(c, username).status_code == 302
    return c


def test_sessions_live_in_the_database_not_in_the_cache():
    # A Redis restart must log nobody out: the session engine is the database's.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_idle_for_31_minutes_logs_out():
    staff("410522", username="t_idle")
    with time_machine.travel(_now(), tick=False) as clock:
        c = _login("t_idle")
        assert c.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert c.get(HOME).status_code == 200  # activity slides the idle limit
        clock.shift(datetime.timedelta(minutes=29))
        assert c.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = c.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_twelve_hours_at_most_however_active():
    staff("410522", username="t_long")
    with time_machine.travel(_now(), tick=False) as clock:
        c = _login("t_long")
        for _ in range(25):  # a request every 25 minutes for 10.4 hours
            clock.shift(datetime.timedelta(minutes=25))
            assert c.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(hours=2))
        response = c.get(HOME)
    assert response.status_code == 302


@pytest.mark.parametrize("password", ["short1A!", "alllowercase", "lowercase123", "ALLUPPER-CASE"])
def test_weak_passwords_are_refused_in_chinese(password):
    user = staff("410522", username="t_pw")
    with pytest.raises(ValidationError) as exc, translation.override("zh-hans"):
        validate_password(password, user)
    assert any("\u4e00" <= ch <= "\u9fff" for m in exc.value.messages for ch in m)


def test_three_classes_and_ten_characters_pass():
    validate_password("Quiet-river-42", staff("410522", username="t_pw2"))


def test_the_last_five_passwords_cannot_be_reused():
    user = staff("410522", username="t_reuse")
    used = [f"Renda-{n}-Pass" for n in range(6)]
    for password in used:
        user.set_password(password)
        user.save()
    for recent in used[1:]:
        with pytest.raises(ValidationError):
            validate_password(recent, user)
    validate_password(used[0], user)  # the sixth-last may come back
    assert user.password_history.count() == 5


def test_a_staff_password_older_than_90_days_must_be_changed_first():
    user = staff("410522", username="t_old")
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=91))
    c = _login("t_old")
    response = c.get(HOME)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    page = c.get("/accounts/password/")
    assert page.status_code == 200 and "90天未修改" in page.content.decode()
    changed = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Fresh-spring-2027", "new_password2": "Fresh-spring-2027"},
    )
    assert changed.status_code == 302
    assert c.get(HOME).status_code == 200


def test_deputies_are_not_forced_to_rotate():
    user = deputy_user("410522", username="t_dep")
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=400))
    user.refresh_from_db()
    assert not user.password_expired
