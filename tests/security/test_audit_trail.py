"""The one security audit trail: what it records, who reads it, and that nobody can change it."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.roles import Role, group_for
from accounts.tasks import prune_audit_events
from tests.factories import staff

pytestmark = pytest.mark.django_db
E = AuditEvent.Event
LIST = "/admin/accounts/auditevent/"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def auditor(db):
    return staff("410522", role=Role.AUDIT_ADMIN, username="t_auditor")


@pytest.fixture
def event(db, auditor):
    return AuditEvent.objects.create(event=E.LOGIN, user=auditor, username="t_auditor", ip="10.1.1.1")


def test_audit_admin_reads_the_trail_but_changes_nothing(auditor, event):
    c = _client(auditor)
    page = c.get(LIST)
    assert page.status_code == 200 and "10.1.1.1" in page.content.decode()
    assert c.get(f"{LIST}{event.pk}/change/").status_code == 200  # a read-only view
    assert c.get(f"{LIST}add/").status_code == 403
    assert c.post(f"{LIST}{event.pk}/change/", {"ip": "9.9.9.9"}).status_code == 403
    assert c.post(f"{LIST}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    c.post(LIST, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    event.refresh_from_db()
    assert event.ip == "10.1.1.1"
    assert AuditEvent._meta.default_permissions == ("view",)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.COMMITTEE_STAFF])
def test_other_administrators_cannot_read_the_trail(role, event):
    c = _client(staff("410522", role=role, username=f"t_{role}"))
    assert c.get(LIST).status_code == 403
    assert c.get(f"{LIST}{event.pk}/change/").status_code in (403, 404)


def test_a_refusal_is_recorded(auditor):
    deputy_staff = staff("410522", role=Role.COMMITTEE_STAFF, username="t_staff")
    response = _client(deputy_staff).get(LIST)
    assert response.status_code == 403
    denied = AuditEvent.objects.get(event=E.DENIED)
    assert denied.user == deputy_staff and denied.outcome == "denied" and LIST in denied.detail


def test_role_changes_and_disabling_are_recorded_and_disabling_ends_sessions(auditor):
    user = staff("410522", role=Role.COMMITTEE_STAFF, username="t_target")
    c = _client(user)
    assert c.get("/workbench/").status_code == 200
    user.groups.add(group_for(Role.WORKING_COMMITTEE_STAFF))
    assert AuditEvent.objects.filter(event=E.ROLE_CHANGE, object_id=str(user.pk), detail__contains="工委工作人员")
    user.is_active = False
    user.save()
    assert AuditEvent.objects.filter(event=E.USER_DISABLED, object_id=str(user.pk)).exists()
    from django.contrib.sessions.models import Session

    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    assert c.get("/workbench/")["Location"].startswith("/accounts/login/")


def test_exports_are_recorded(auditor):
    county = staff("410522", role=Role.COMMITTEE_STAFF, username="t_exporter")
    response = _client(county).get("/suggestions/board/?format=xlsx")
    if response.status_code != 200:
        pytest.skip(f"suggestions export answered {response.status_code}")
    assert AuditEvent.objects.filter(event=E.EXPORT, user=county).exists()


def test_prune_keeps_180_days(auditor):
    now = timezone.now()
    old = AuditEvent.objects.create(event=E.LOGIN, username="old", time=now - datetime.timedelta(days=181))
    recent = AuditEvent.objects.create(event=E.LOGIN, username="recent", time=now - datetime.timedelta(days=179))
    assert prune_audit_events() == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()


def test_prune_is_scheduled(settings):
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "accounts.tasks.prune_audit_events" in entries


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's (SQLite has no roles)"
)
def test_on_postgresql_the_application_cannot_update_or_delete_recent_rows(event):
    for statement in (
        "UPDATE accounts_auditevent SET ip = '9.9.9.9'",
        "DELETE FROM accounts_auditevent",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(ip="9.9.9.9")
    event.refresh_from_db()
    assert event.ip == "10.1.1.1"
    # The prune job's deletion of rows past 180 days is let through.
    old = AuditEvent.objects.create(event=E.LOGIN, time=timezone.now() - datetime.timedelta(days=200))
    assert prune_audit_events() == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
