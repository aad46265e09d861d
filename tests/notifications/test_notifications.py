import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import EmailStatus, Notification
from notifications.tasks import sweep
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def notify(*args, **kwargs):
    """notify() followed by the commit of the caller's transaction (the test runs inside one)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.notify(*args, **kwargs)


def notify_many(*args, **kwargs):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.notify_many(*args, **kwargs)


@pytest.fixture(autouse=True)
def _reset_broker_backoff(monkeypatch):
    monkeypatch.setattr(services, "_broker_down_until", 0.0)


def test_notify_twice_stores_once_and_emails_once():
    user = staff(username="a")
    notify(user, kind="k", subject="复核提醒", dedup_key="review:1:due")
    notify(user, kind="k", subject="复核提醒", dedup_key="review:1:due")
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "复核提醒"
    assert Notification.objects.get().email_status == EmailStatus.SENT


def test_email_is_sent_only_after_commit(django_capture_on_commit_callbacks):
    user = staff(username="a")
    with django_capture_on_commit_callbacks() as callbacks:
        services.notify(user, kind="k", subject="s", dedup_key="x")
        assert len(mail.outbox) == 0
    assert len(callbacks) == 1 and len(mail.outbox) == 0
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_rolled_back_transaction_leaves_no_notification_and_sends_nothing():
    from django.db import transaction

    user = staff(username="a")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(user, kind="k", subject="s", dedup_key="x")
        raise RuntimeError("the sender's write failed")
    assert not Notification.objects.exists() and not mail.outbox


def test_sweep_twice_sends_nothing_twice():
    user = staff(username="a")
    n = Notification.objects.create(recipient=user, kind="k", subject="s", dedup_key="d")
    assert sweep() == 1
    assert sweep() == 0
    assert len(mail.outbox) == 1
    n.refresh_from_db()
    assert n.email_status == EmailStatus.SENT and n.email_attempts == 1


def test_user_without_email_gets_the_portal_notification_only():
    user = UserFactory(email="")
    notify(user, kind="k", subject="s", dedup_key="d")
    assert Notification.objects.get().email_status == EmailStatus.SKIPPED
    assert sweep() == 0 and not mail.outbox


def test_mail_server_down_is_retried_by_the_sweep(settings):
    user = staff(username="a")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens
    notify(user, kind="k", subject="s", dedup_key="d")  # must not raise
    n = Notification.objects.get()
    assert n.email_status == EmailStatus.PENDING and n.email_attempts == 1 and n.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sweep() == 1 and sweep() == 0
    assert len(mail.outbox) == 1


def test_gives_up_after_the_maximum_attempts(settings):
    settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    notify(staff(username="a"), kind="k", subject="s", dedup_key="d")
    sweep()
    n = Notification.objects.get()
    assert n.email_status == EmailStatus.FAILED and n.email_attempts == 2
    assert sweep() == 0


def test_a_worker_that_dies_between_claim_and_send_is_sent_by_the_first_sweep_after_its_lease(settings):
    """What tests/load/faults.py saw after pg_restart: a claimed, never-sent email stayed pending
    because the claim held 10 minutes and nothing handed it back. Now the claim is a lease."""
    import datetime

    import time_machine

    from notifications import tasks

    n = Notification.objects.create(recipient=staff(username="a"), kind="k", subject="s", dedup_key="d")
    assert tasks._claim(n.pk) is not None  # ... and the worker dies here
    assert sweep() == 0 and not mail.outbox  # the lease still holds: nobody sends it twice
    later = timezone.now() + datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE + 1)
    with time_machine.travel(later, tick=False):
        assert sweep() == 1
        assert sweep() == 0
    n.refresh_from_db()
    assert len(mail.outbox) == 1 and n.email_status == EmailStatus.SENT and n.email_attempts == 1
    # A stuck email waits at most the lease plus one sweep period (the beat runs the sweep every minute).
    assert settings.NOTIFICATION_EMAIL_LEASE <= 5 * 60


def test_the_database_going_away_after_the_claim_hands_the_claim_back(monkeypatch):
    from django.db import OperationalError

    from notifications import tasks

    n = Notification.objects.create(recipient=staff(username="a"), kind="k", subject="s", dedup_key="d")
    real = tasks._load

    def away_once(pk):
        monkeypatch.setattr(tasks, "_load", real)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(tasks, "_load", away_once)
    assert tasks.deliver_email(n.pk) is False
    n.refresh_from_db()
    assert n.email_status == EmailStatus.PENDING and n.email_claimed_at is None  # free at once
    assert sweep() == 1 and len(mail.outbox) == 1


def test_the_database_going_away_after_sending_is_waited_for_not_sent_again(monkeypatch):
    from django.db import OperationalError

    from notifications import tasks

    n = Notification.objects.create(recipient=staff(username="a"), kind="k", subject="s", dedup_key="d")
    real, calls = tasks._write, []

    def away_twice(pk, claimed_at, fields):
        calls.append(pk)
        if len(calls) <= 2:
            raise OperationalError("the database system is starting up")
        return real(pk, claimed_at, fields)

    monkeypatch.setattr(tasks, "_write", away_twice)
    monkeypatch.setattr(tasks.time, "sleep", lambda s: None)
    assert tasks.deliver_email(n.pk) is True
    n.refresh_from_db()
    assert n.email_status == EmailStatus.SENT and len(calls) == 3
    assert sweep() == 0 and len(mail.outbox) == 1


def test_a_worker_past_its_lease_does_not_overwrite_the_claim_of_the_one_that_took_over(settings):
    import datetime

    import time_machine

    from notifications import tasks

    n = Notification.objects.create(recipient=staff(username="a"), kind="k", subject="s", dedup_key="d")
    first = tasks._claim(n.pk)
    later = timezone.now() + datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE + 1)
    with time_machine.travel(later, tick=False):
        second = tasks._claim(n.pk)
        assert second is not None and second != first
        assert tasks._settle(n.pk, first, email_claimed_at=None) == 0  # the late one's release is void
    n.refresh_from_db()
    assert n.email_claimed_at == second


def _drop_broker_pools(app):
    """Connection and producer pools keep the URL they were made with: drop them."""
    from kombu import pools

    pools.reset()  # kombu's global registry of pools, keyed by connection
    app._pool = None
    app.amqp._producer_pool = None


def test_broker_down_never_fails_the_request_and_the_sweep_catches_up(client, settings):
    """Celery's broker is unreachable: the notification is stored, the request succeeds,
    and the email goes out with the next sweep."""
    from renda_portal.celery import app

    app.conf.task_always_eager = False
    old_url = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    _drop_broker_pools(app)
    try:
        user = staff(username="a")
        notify(user, kind="k", subject="s", dedup_key="d")
        assert Notification.objects.filter(recipient=user).count() == 1
        assert not mail.outbox
        # Later calls skip the broker for a while instead of waiting for it again.
        assert services.enqueue(sweep) is False
    finally:
        app.conf.broker_url = old_url
        _drop_broker_pools(app)
        app.conf.task_always_eager = True
    assert sweep() == 1 and len(mail.outbox) == 1


def test_notify_many_is_idempotent():
    users = [staff(username=f"u{i}") for i in range(3)]
    assert notify_many(users, kind="k", subject="s", dedup_key="batch") == 3
    assert notify_many(users, kind="k", subject="s", dedup_key="batch") == 0
    assert Notification.objects.count() == 3
    sweep()
    assert len(mail.outbox) == 3


def test_list_page_shows_only_my_notifications_and_opening_marks_read(client):
    me, other = staff(username="me"), staff(username="other")
    mine = notify(me, kind="k", subject="我的提醒一", dedup_key="a", link="/workbench/")
    notify(other, kind="k", subject="别人的提醒", dedup_key="b")
    client.force_login(me)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "我的提醒一" in html and "别人的提醒" not in html
    r = client.post(reverse("notifications:open", args=[mine.pk]))
    assert r.status_code == 302 and r.url == "/workbench/"
    mine.refresh_from_db()
    assert mine.is_read
    # Someone else's notification is not found.
    theirs = Notification.objects.get(recipient=other)
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404


def test_open_never_redirects_off_site(client):
    me = staff(username="me")
    n = notify(me, kind="k", subject="s", dedup_key="a", link="https://evil.example.com/")
    client.force_login(me)
    r = client.post(reverse("notifications:open", args=[n.pk]))
    assert r.url == reverse("notifications:list")


def test_mark_all_read(client):
    me = staff(username="me")
    for i in range(3):
        notify(me, kind="k", subject=f"s{i}", dedup_key=f"d{i}")
    client.force_login(me)
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.unread().exists()


def test_list_page_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    me = staff(username="me")
    for i in range(25):
        notify(me, kind="k", subject=f"s{i}", dedup_key=f"d{i}")
    client.force_login(me)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notifications:list")).status_code == 200
