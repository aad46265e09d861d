import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ReminderLog
from livelihood import services
from livelihood.models import Cadence, Milestone, Review
from livelihood.tasks import daily_sweep
from notifications.models import Notification

from . import factories as f

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 6, 30, tzinfo=TZ), tick=False)


@pytest.fixture
def people(county_staff):
    wc = f.wc_user()
    chair = f.chair()
    return {"wc": wc, "chair": chair, "staff": county_staff}


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_sweep_creates_the_due_reviews_once(people):
    p = f.project()
    with at(D(2026, 5, 24)):
        first = daily_sweep.delay().get()
        second = daily_sweep.delay().get()
    keys = set(Review.objects.filter(project=p).values_list("cadence", "period_key"))
    # Every period since the project began on 11 January: catch-up is by period key, not a window.
    assert keys == {
        *((Cadence.MONTHLY, f"2026-{m:02d}") for m in range(1, 6)),
        (Cadence.QUARTERLY, "2026-Q1"),
        (Cadence.QUARTERLY, "2026-Q2"),
        (Cadence.HALF_YEARLY, "2026-H1"),
    }
    assert first["created"] == 8 and second["created"] == 0
    assert second["notifications"] == 0
    may = Review.objects.get(project=p, period_key="2026-05")
    assert may.period_start == D(2026, 5, 1) and may.due_date == D(2026, 5, 31)


def test_monthly_reminder_goes_to_the_working_committee_ahead_and_on_the_due_date(people, settings):
    settings.LIVELIHOOD_REMINDER_LEAD_DAYS = 7
    f.project(name="农村公路提质改造")
    with at(D(2026, 5, 23)):
        services.sweep(since=D(2026, 5, 1))
    assert kinds(people["wc"]) == []  # eight days ahead: not yet
    with at(D(2026, 5, 24)):
        services.sweep(since=D(2026, 5, 1))
        services.sweep(since=D(2026, 5, 1))
    n = Notification.objects.get(recipient=people["wc"])
    assert n.kind == "livelihood.review_ahead"
    assert "农村公路提质改造" in n.body and "2026年5月" in n.subject
    with at(D(2026, 5, 31)):
        services.sweep(since=D(2026, 5, 1))
        services.sweep(since=D(2026, 5, 1))
    assert kinds(people["wc"]) == ["livelihood.review_ahead", "livelihood.review_due"]
    # Monthly hearings are the working committee's: the chairs are not disturbed before escalation.
    assert "livelihood.review_due" not in kinds(people["chair"])


def test_quarterly_goes_to_the_chairs_and_half_yearly_to_the_committee_staff(people):
    f.project()
    with at(D(2026, 6, 25)):
        services.sweep(since=D(2026, 6, 1))
    chair_subjects = list(Notification.objects.filter(recipient=people["chair"]).values_list("subject", flat=True))
    staff_subjects = list(Notification.objects.filter(recipient=people["staff"]).values_list("subject", flat=True))
    assert any("每季度汇报" in s and "2026年第二季度" in s for s in chair_subjects)
    assert any("每半年视察" in s and "2026年上半年" in s for s in staff_subjects)
    assert not any("每季度汇报" in s for s in staff_subjects)


def test_escalation_after_the_period(people):
    p = f.project()
    with at(D(2026, 6, 30)):
        services.sweep(since=D(2026, 6, 1))
    Notification.objects.all().delete()
    with at(D(2026, 7, 1)):
        result = services.sweep(since=D(2026, 6, 1))
        services.sweep(since=D(2026, 6, 1))
    # June's hearing, Q2's report and H1's inspection were not held.
    assert result["escalated"] == 3
    staff_kinds = kinds(people["staff"])
    assert staff_kinds.count("livelihood.review_escalated") == 3  # one digest per cadence and period
    chair_notes = Notification.objects.filter(recipient=people["chair"], kind="livelihood.review_escalated")
    assert sorted("季度" in n.subject or "半年" in n.subject for n in chair_notes) == [True, True]
    assert not chair_notes.filter(subject__contains="每月听取").exists()
    escalated = ReminderLog.objects.filter(
        stage="escalated", target__in=[f"livelihood.review:{r.pk}" for r in p.reviews.all()]
    )
    assert escalated.count() == 3


def test_a_held_review_is_neither_reminded_nor_escalated(people):
    p = f.project()
    with at(D(2026, 5, 20)):
        services.sweep(since=D(2026, 5, 1))
        review = Review.objects.get(project=p, period_key="2026-05")
        services.record_meeting(
            user=people["wc"],
            cadence=Cadence.MONTHLY,
            meeting_data={"held_on": D(2026, 5, 20), "title": "五月听取会", "attendees": "财经工委", "decisions": ""},
            entries=[(review, {"reported_progress": 40, "progress_report": "主体施工"})],
        )
    with at(D(2026, 6, 2)):
        services.sweep(since=D(2026, 5, 1))
    assert not ReminderLog.objects.filter(target=f"livelihood.review:{review.pk}").exists()


def test_catch_up_after_a_week_of_downtime_sends_each_reminder_once(people):
    p = f.project()
    with at(D(2026, 5, 25)):
        services.sweep()
    ahead = Notification.objects.filter(recipient=people["wc"], kind="livelihood.review_ahead").count()
    assert ahead == 1
    # The worker is down from 26 May to 2 June; the due date (31 May) passes unseen.
    with at(D(2026, 6, 2)):
        services.sweep()
        services.sweep()
    with at(D(2026, 6, 3)):
        again = services.sweep()
    assert again["notifications"] == 0
    may = Review.objects.get(project=p, cadence=Cadence.MONTHLY, period_key="2026-05")
    stages = sorted(ReminderLog.objects.filter(target=f"livelihood.review:{may.pk}").values_list("stage", flat=True))
    assert stages == ["ahead", "escalated"]
    assert Review.objects.filter(project=p, period_key="2026-06").exists()  # June's hearing was created
    assert Notification.objects.filter(recipient=people["wc"], kind="livelihood.review_ahead").count() == 1
    escalated = Notification.objects.filter(recipient=people["staff"], kind="livelihood.review_escalated")
    assert escalated.filter(subject__contains="2026年5月").count() == 1


def test_late_milestones_are_flagged_once(people):
    p = f.project(
        milestones=[
            ("完成招标", D(2026, 3, 1), D(2026, 2, 20)),
            ("主体封顶", D(2026, 5, 10), None),
            ("竣工验收", D(2026, 11, 30), None),
        ]
    )
    with at(D(2026, 5, 24)):
        services.sweep()
        services.sweep()
    late = Milestone.objects.get(project=p, name="主体封顶")
    assert late.flagged_on == D(2026, 5, 24)
    assert Milestone.objects.filter(flagged_on__isnull=False).count() == 1
    notes = Notification.objects.filter(recipient=people["wc"], kind="livelihood.milestone_late")
    assert notes.count() == 1 and "主体封顶" in notes[0].body


def test_the_sweep_is_set_based(people):
    def queries_for(n):
        for i in range(n):
            f.project(name=f"项目{n}-{i}", milestones=[("节点", D(2026, 5, 1), None)])
        with at(D(2026, 5, 24)), CaptureQueriesContext(connection) as ctx:
            services.sweep()
        Review.objects.all().delete()
        Milestone.objects.update(flagged_on=None)
        return len(ctx)

    few = queries_for(2)
    many = queries_for(40)
    # 20 times the projects: only the bulk inserts split into more batches (SQLite's parameter limit).
    assert many <= few + 8, (few, many)
    assert few < 60


def test_completed_projects_get_no_new_reviews(people):
    f.project(completed_on=D(2026, 3, 20))
    with at(D(2026, 5, 24)):
        result = services.sweep()
    assert result["created"] == 0


def test_reminders_also_go_by_email(people, django_capture_on_commit_callbacks, mailoutbox):
    f.project(name="城乡供水一体化")
    with at(D(2026, 5, 24)), django_capture_on_commit_callbacks(execute=True):
        daily_sweep.delay()
    to_wc = [m for m in mailoutbox if people["wc"].email in m.to]
    assert len(to_wc) == 1 and "每月听取将到期" in to_wc[0].subject


def test_a_project_added_later_the_same_day_is_still_reminded(people):
    f.project(name="第一个项目")
    with at(D(2026, 5, 24)):
        services.sweep()
        f.project(name="中午新增的项目")
        result = services.sweep()
        services.sweep()
    assert result["ahead"] == 1 and result["notifications"] >= 1
    bodies = list(
        Notification.objects.filter(recipient=people["wc"], kind="livelihood.review_ahead").values_list(
            "body", flat=True
        )
    )
    assert len(bodies) == 2 and "中午新增的项目" in bodies[1] + bodies[0]


def test_a_project_without_a_committee_reminds_the_committee_staff(people):
    from livelihood.models import Project

    p = f.project(name="无工委项目")
    Project.objects.filter(pk=p.pk).update(committee=None)
    with at(D(2026, 5, 24)):
        services.sweep(since=D(2026, 5, 1))
    assert Notification.objects.filter(recipient=people["staff"], kind="livelihood.review_ahead").exists()
    assert not Notification.objects.filter(recipient=people["wc"]).exists()
