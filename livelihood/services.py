"""Every write of the livelihood app: the vote, recording a review, and the daily sweep.

The sweep creates the reviews of every period key since each project began (so an outage of any
length loses none) and hands the reminders to the one engine (`core.reminders`), which logs each
(review, stage, period) once and tells each person once per digest. It is set-based: a fixed
number of queries whatever the number of projects.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.recipients import people_for
from core.reminders import refresh_statistics
from deputies.images import attach_photo
from notifications.services import notify

from . import periods
from .models import (
    Candidate,
    CandidateStatus,
    Milestone,
    ProgressUpdate,
    Project,
    Review,
    ReviewAttachment,
    ReviewMeeting,
    VoteRule,
    VoteSitting,
)
from .reminders import committee_audience

BATCH = 500


def lead_days() -> int:
    return int(getattr(settings, "LIVELIHOOD_REMINDER_LEAD_DAYS", 7))


# --- the vote -------------------------------------------------------------------------------
@dataclass
class Tally:
    pk: int
    votes_for: int
    votes_against: int
    votes_abstain: int

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain


def decide(tallies: list[Tally], rule: str, top_n: int, present: int) -> tuple[list[int], set[int]]:
    """The order of the candidates (most votes for first) and the ones chosen under `rule`."""
    ordered = sorted(tallies, key=lambda t: (-t.votes_for, t.votes_against, t.pk))
    if rule == VoteRule.TOP_N:
        chosen = [t for t in ordered[:top_n] if t.votes_for > 0]
        if len(ordered) > top_n and top_n and ordered[top_n - 1].votes_for == ordered[top_n].votes_for:
            raise ValidationError(
                _("第%(n)s名与第%(m)s名赞成票相同（%(votes)s票），无法按“取前%(n)s项”确定，请按议事规则另行表决")
                % {"n": top_n, "m": top_n + 1, "votes": ordered[top_n].votes_for}
            )
    elif rule == VoteRule.MAJORITY_CAST:
        chosen = [t for t in ordered if t.votes_for * 2 > t.cast]
    else:
        chosen = [t for t in ordered if t.votes_for * 2 > present]
    return [t.pk for t in ordered], {t.pk for t in chosen}


@transaction.atomic
def record_votes(sitting: VoteSitting, *, deputies_present: int, votes: dict, user) -> list[Project]:
    """Store the votes of every shortlisted candidate, decide the outcome, create the projects."""
    sitting = VoteSitting.objects.select_for_update().get(pk=sitting.pk)
    if Project.objects.filter(candidate__sitting=sitting).exists():
        raise ValidationError(_("本次票决已确定项目，不能再修改票数"))
    if not deputies_present or deputies_present <= 0:
        raise ValidationError(_("请填写出席代表人数"))
    candidates = list(
        sitting.candidates.exclude(status=CandidateStatus.CANDIDATE).select_related("sitting__session__term__congress")
    )
    if not candidates:
        raise ValidationError(_("没有提交票决的候选项目"))
    errors = []
    tallies = []
    for c in candidates:
        if c.pk not in votes:
            errors.append(_("请填写“%(name)s”的票数") % {"name": c.name})
            continue
        t = Tally(c.pk, *[int(v) for v in votes[c.pk]])
        if min(t.votes_for, t.votes_against, t.votes_abstain) < 0:
            errors.append(_("“%(name)s”的票数不能为负数") % {"name": c.name})
        elif t.cast > deputies_present:
            errors.append(
                _("“%(name)s”的赞成、反对、弃权票合计%(cast)s票，超过出席代表%(present)s人")
                % {"name": c.name, "cast": t.cast, "present": deputies_present}
            )
        tallies.append(t)
    if errors:
        raise ValidationError(errors)
    order, chosen = decide(tallies, sitting.rule, sitting.top_n, deputies_present)
    by_pk = {t.pk: t for t in tallies}
    for c in candidates:
        t = by_pk[c.pk]
        c.votes_for, c.votes_against, c.votes_abstain = t.votes_for, t.votes_against, t.votes_abstain
        c.rank = order.index(c.pk) + 1
        c.status = CandidateStatus.CHOSEN if c.pk in chosen else CandidateStatus.NOT_CHOSEN
        c.save(update_fields=["votes_for", "votes_against", "votes_abstain", "rank", "status"])
    sitting.deputies_present = deputies_present
    sitting.decided_at = timezone.now()
    sitting.decided_by = user
    sitting.save(update_fields=["deputies_present", "decided_at", "decided_by"])
    session = sitting.session
    region_id = session.term.congress.region_id
    year = session.start_date.year
    projects = []
    for number, c in enumerate(sorted((c for c in candidates if c.pk in chosen), key=lambda c: c.rank), 1):
        projects.append(
            Project.objects.create(
                region_id=region_id,
                year=year,
                candidate=c,
                number=number,
                name=c.name,
                description=c.description,
                unit=c.unit,
                committee=c.committee,
                budget=c.budget,
                start_date=session.end_date + datetime.timedelta(days=1),
                target_date=datetime.date(year, 12, 31),
            )
        )
    return projects


# --- the plan (milestones, inputs) and the responsible unit's progress reports -----------------
@transaction.atomic
def save_plan(project: Project, *formsets) -> None:
    """Store the milestones and inputs (要素保障) staff edited on the project page, all or nothing."""
    for formset in formsets:
        formset.instance = project
        formset.save()


@transaction.atomic
def report_progress(project: Project, user, *, note: str, photo=None, milestone=None, reached_on=None):
    """The responsible unit reports progress: a note, optionally a photo (checked and thumbnailed
    like deputies' photos) and a milestone reached, which moves the project's progress. The
    working committee that hears the project is told."""
    if not user.unit_id or project.unit_id != user.unit_id:
        raise ValidationError(_("您的单位不是这个项目的责任单位。"))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("请填写进展情况。"))
    update = ProgressUpdate(project=project, note=note, by=user, unit_id=user.unit_id)
    if milestone is not None:
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.project_id != project.pk:
            raise ValidationError(_("所选节点不属于这个项目。"))
        if milestone.actual_date:
            raise ValidationError(_("节点“%(name)s”已经完成。") % {"name": milestone.name})
        reached_on = reached_on or timezone.localdate()
        if reached_on > timezone.localdate():
            raise ValidationError(_("节点完成日期不能晚于今天。"))
        milestone.actual_date = reached_on
        milestone.save(update_fields=["actual_date"])
        update.milestone = milestone
    if photo:
        attach_photo(update, photo, stem=f"p{project.pk}_{timezone.now():%Y%m%d%H%M%S}", image_field="photo")
    update.save()
    # Who hears of it: the project's working committee, by the one recipients rule (its fallback too).
    people = people_for(committee_audience(project.region_id, project.committee_id))
    for person in people:
        notify(
            person,
            kind="livelihood.progress_reported",
            subject=_("%(unit)s报送了“%(project)s”的进展") % {"unit": user.unit.name, "project": project.name},
            body=note[:200],
            dedup_key=f"livelihood:progress:{update.pk}",
            link=project.get_absolute_url(),
        )
    return update


def set_shortlisted(candidate: Candidate, shortlisted: bool) -> None:
    if candidate.sitting.decided_at:
        raise ValidationError(_("已计票，不能再调整提交票决的项目"))
    candidate.status = CandidateStatus.SHORTLISTED if shortlisted else CandidateStatus.CANDIDATE
    candidate.save(update_fields=["status"])


# --- recording a review ---------------------------------------------------------------------
@transaction.atomic
def record_meeting(*, user, cadence: str, meeting_data: dict, entries: list, attachment=None) -> ReviewMeeting:
    """One meeting that reviewed several projects. `entries`: [(review, {field: value})]."""
    if not entries:
        raise ValidationError(_("请至少选择一个审议的项目"))
    held_on = meeting_data["held_on"]
    if held_on > timezone.localdate():
        raise ValidationError(_("召开日期不能晚于今天"))
    ids = [r.pk for r, _data in entries]
    reviews = {r.pk: r for r in Review.objects.select_for_update().filter(pk__in=ids).select_related("project")}
    regions = {r.project.region_id for r in reviews.values()}
    if len(regions) != 1:
        raise ValidationError(_("一次会议只能审议同一个县（区）的项目"))
    for r in reviews.values():
        if r.cadence != cadence:
            raise ValidationError(_("“%(name)s”不是本类审议的项目") % {"name": r.project.name})
        if r.held_on:
            raise ValidationError(
                _("“%(name)s”%(period)s的审议已记录") % {"name": r.project.name, "period": r.period_label}
            )
        if held_on < r.period_start - datetime.timedelta(days=lead_days()):
            raise ValidationError(
                _("召开日期早于“%(name)s”的审议期间（%(period)s）") % {"name": r.project.name, "period": r.period_label}
            )
    meeting = ReviewMeeting.objects.create(region_id=regions.pop(), cadence=cadence, recorded_by=user, **meeting_data)
    for pk, data in ((r.pk, d) for r, d in entries):
        review = reviews[pk]
        review.meeting = meeting
        review.held_on = held_on
        for field in ("reported_progress", "progress_report", "problems", "missing_inputs", "decisions"):
            setattr(review, field, data.get(field) if field == "reported_progress" else (data.get(field) or ""))
        review._history_user = user
        review.save()
    if attachment:
        ReviewAttachment.objects.create(meeting=meeting, file=attachment, name=getattr(attachment, "name", ""))
    return meeting


# --- the daily sweep ------------------------------------------------------------------------
def create_due_reviews(today: datetime.date, since: datetime.date | None = None) -> int:
    """Create the review of every active project for every period key from its start (or `since`)
    to today: by key, not by a window of days, so a sweep after an outage of any length creates
    every missed period (overdue where its due date is past) and a second sweep creates none."""
    projects = list(
        Project.objects.filter(start_date__lte=today)
        .exclude(completed_on__lt=today)  # a finished project is not reviewed any more
        .order_by()
        .values_list("pk", "start_date", "completed_on")
    )
    if since:
        projects = [p for p in projects if p[2] is None or p[2] >= since]
    if not projects:
        return 0
    earliest = max(since or datetime.date.min, min(p[1] for p in projects))
    created = 0
    for cadence in periods.CADENCES:
        keys = periods.keys_between(cadence, earliest, today)
        existing = set(
            Review.objects.filter(cadence=cadence, period_key__in=keys)
            .order_by()
            .values_list("project_id", "period_key")
        )
        rows = []
        for key in keys:
            start, end = periods.period_bounds(key)
            rows += [
                Review(project_id=pk, cadence=cadence, period_key=key, period_start=start, due_date=end)
                for pk, begins, done in projects
                if (pk, key) not in existing and begins <= end and (done is None or done >= start)
            ]
        Review.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        created += len(rows)
    refresh_statistics(Review._meta.db_table, created)
    return created


@transaction.atomic
def sweep(today: datetime.date | None = None, since: datetime.date | None = None) -> dict:
    """The daily "three ones" sweep: create due reviews, then remind, escalate and flag late
    milestones through the reminder engine (each once, whenever the sweep runs)."""
    from . import reminders

    today = today or timezone.localdate()
    result = {"created": create_due_reviews(today, since)}
    result.update(reminders.remind(today))
    return result
