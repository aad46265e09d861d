"""The real beat tasks, day by day over 2026, on the demo data, under a frozen clock.

The demo is seeded once for the module (on 1 January 2026, so the year unfolds from there) inside a
transaction that is rolled back at the end; each test runs in a savepoint inside it."""

import datetime
import time
import zoneinfo
from collections import Counter

import pytest
import time_machine
from django.db.models import Count

from core.models import ReminderLog, ReminderStatus
from livelihood.models import ChairsMeetingMember, Project, Review
from notifications.models import Notification

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date


def at(day: datetime.date, hour: int, minute: int = 0):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ), tick=False)


def beat_day(day: datetime.date) -> None:
    """What beat runs on one day (renda_portal/settings.py CELERY_BEAT_SCHEDULE), at its hours."""
    from citizen_messages.tasks import daily_sweep as messages_sweep
    from collaboration.tasks import overdue_sweep
    from liaison_stations.tasks import remind_duties, sweep_overdue_opinions
    from livelihood.tasks import daily_sweep as livelihood_sweep
    from suggestions.tasks import deadline_sweep

    with at(day, 6, 30):
        livelihood_sweep.delay()
    with at(day, 7):
        overdue_sweep.delay()
    with at(day, 7, 30):
        deadline_sweep.delay()
    with at(day, 8):
        messages_sweep.delay()
        remind_duties.delay()
    with at(day, 9, 15):
        sweep_overdue_opinions.delay()
    with at(day, 17):
        remind_duties.delay()


@pytest.fixture(scope="module")
def demo_clock():
    """The shared `demo` (tests/conftest.py) is seeded on 1 January 2026, where the year starts."""
    return at(D(2026, 1, 1), 7)


def days(first: datetime.date, last: datetime.date):
    while first <= last:
        yield first
        first += datetime.timedelta(days=1)


def test_a_year_of_beats_reminds_everyone_once(demo, db):
    started = time.monotonic()
    for day in days(D(2026, 1, 1), D(2026, 12, 31)):
        beat_day(day)
    elapsed = time.monotonic() - started
    logs = ReminderLog.objects.all()
    print(
        f"\nyear of beats: {elapsed:.1f} s, {logs.count()} reminders "
        f"({logs.filter(status=ReminderStatus.UNDELIVERABLE).count()} undeliverable), "
        f"{Notification.objects.count()} notifications, by kind: "
        f"{dict(logs.values_list('kind').annotate(n=Count('id')).order_by('kind'))}"
    )
    assert logs.filter(kind__startswith="livelihood.review").exists()
    assert logs.filter(kind="liaison_stations.duty_reminder").exists()

    # Every due reminder reached at least one person, or is recorded as undeliverable.
    for log in logs:
        if log.status == ReminderStatus.SENT:
            assert log.recipients > 0, log
            assert Notification.objects.filter(kind=log.kind, created_at=log.created_at).exists(), log
        else:
            assert log.recipients == 0, log
    # Nothing due was left out: every review that came due and was not held was reminded on its day
    # (or escalated), and every one past its period was escalated.
    pending = Review.objects.filter(held_on__isnull=True, project__completed_on__isnull=True)
    for review in pending.filter(due_date__lt=D(2026, 12, 31), due_date__gte=D(2026, 1, 1)):
        stages = set(logs.filter(target=f"livelihood.review:{review.pk}").values_list("stage", flat=True))
        assert {"due", "escalated"} <= stages, (review, stages)
    # The hearings of every month were created for every running project.
    for project in Project.objects.filter(completed_on__isnull=True, start_date__year=2026):
        months = set(project.reviews.filter(cadence="monthly").values_list("period_key", flat=True))
        assert {f"2026-{m:02d}" for m in range(project.start_date.month, 13)} <= months

    # Nobody got the same reminder twice: not one (person, kind, subject, text, link) twice in the year.
    seen = Counter(Notification.objects.values_list("recipient_id", "kind", "subject", "body", "link"))
    assert [k for k, n in seen.items() if n > 1] == []
    # A chair who also holds the committee staff role gets one escalation, not one per role.
    chair = ChairsMeetingMember.objects.select_related("user").first().user
    assert chair.has_role("committee_staff")
    escalations = Notification.objects.filter(recipient=chair, kind="livelihood.review_escalated")
    assert escalations.filter(subject__contains="2026年第一季度").count() == 1

    # A second pass over the last day finds nothing left to send.
    before = Notification.objects.count()
    beat_day(D(2026, 12, 31))
    assert Notification.objects.count() == before


def test_a_hundred_day_outage_loses_nothing(demo, db):
    from livelihood.tasks import daily_sweep

    with at(D(2026, 3, 31), 6, 30):
        daily_sweep.delay()
    with at(D(2026, 7, 15), 6, 30):  # the worker was down from 1 April to 14 July
        result = daily_sweep.delay().get()
        again = daily_sweep.delay().get()
    assert result["created"] > 0 and result["escalated"] > 0
    assert again["created"] == 0 and again["notifications"] == 0
    for project in Project.objects.filter(completed_on__isnull=True, start_date__lte=D(2026, 4, 1)):
        keys = set(project.reviews.values_list("period_key", flat=True))
        assert {"2026-04", "2026-05", "2026-06", "2026-07", "2026-Q2", "2026-Q3", "2026-H1", "2026-H2"} <= keys
        for review in project.reviews.filter(held_on__isnull=True, due_date__lt=D(2026, 7, 15)):
            assert review.is_overdue(D(2026, 7, 15))
            escalated = ReminderLog.objects.filter(target=f"livelihood.review:{review.pk}", stage="escalated")
            assert escalated.count() == 1, review
    # Each missed month's escalation reached its people once.
    seen = Counter(
        Notification.objects.filter(kind="livelihood.review_escalated").values_list("recipient_id", "subject")
    )
    assert seen and max(seen.values()) == 1
    assert any("2026年4月" in subject for _r, subject in seen)
