"""The "three ones" reminders as a source of the reminder engine (`core.reminders`).

What is due on `today`:
- ahead      a pending review whose period ends within the lead days;
- due        a pending review whose period ends today;
- escalated  a pending review whose period has ended (however long ago: catch-up is by key);
- late       a milestone past its planned date, not reached, of a running project.

Who is told (`core.recipients`, with its fallback to the county's committee staff and above):
monthly hearings the working committee's members, quarterly reports the chairs' meeting,
half-yearly inspections the committee staff; escalations the committee staff, plus the chairs'
meeting for quarterly and half-yearly ones; late milestones the working committee.
Each person gets one digest per stage, cadence and period however many roles they hold.
"""

import datetime

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from core.models import ReminderLog
from core.recipients import Audience, register_body
from core.reminders import Due, run
from deputies.models import Level, WorkingCommittee

from . import periods
from .models import Cadence, ChairsMeetingMember, Milestone, Review

AHEAD, DUE, ESCALATED, LATE = "ahead", "due", "escalated", "late"
STAFF = (Role.COMMITTEE_STAFF.value,)

STAGE_SUBJECT = {
    AHEAD: gettext_lazy("民生实事项目%(body)s将到期：%(count)s个项目（%(period)s，%(due)s前）"),
    DUE: gettext_lazy("民生实事项目%(body)s今日到期：%(count)s个项目（%(period)s）"),
    ESCALATED: gettext_lazy("民生实事项目%(body)s逾期未开展：%(count)s个项目（%(period)s）"),
}


def lead_days() -> int:
    return int(getattr(settings, "LIVELIHOOD_REMINDER_LEAD_DAYS", 7))


def _chairs(region_ids) -> dict:
    found = {}
    rows = ChairsMeetingMember.objects.filter(congress__region_id__in=region_ids, congress__level=Level.COUNTY)
    for region_id, user_id in rows.values_list("congress__region_id", "user_id"):
        found.setdefault(region_id, []).append(user_id)
    return found


def _committee_members(committee_ids) -> dict:
    found = {}
    through = WorkingCommittee.members.through
    for wc_id, user_id in through.objects.filter(workingcommittee_id__in=committee_ids).values_list(
        "workingcommittee_id", "user_id"
    ):
        found.setdefault(wc_id, []).append(user_id)
    return found


register_body("chairs", _chairs)
register_body("working_committee", _committee_members)


def _not_logged(queryset, prefix: str, stage: str, period_field: str):
    """Leave out what the log already has, in the query (the engine checks again when it claims)."""
    logged = ReminderLog.objects.filter(target=OuterRef("_target"), stage=stage, period=OuterRef(period_field))
    target = Concat(Value(prefix), Cast("pk", CharField()), output_field=CharField())
    return queryset.annotate(_target=target).filter(~Exists(logged))


def committee_audience(region: str, committee) -> Audience:
    """A project's working committee; a project without one, the committee staff."""
    return Audience(region, bodies=(("working_committee", committee),)) if committee else Audience(region, STAFF)


def _review_audience(row, stage) -> Audience:
    region, committee, cadence = row["project__region_id"], row["project__committee_id"], row["cadence"]
    if stage == ESCALATED:
        return Audience(region, roles=STAFF, bodies=(("chairs", region),) if cadence != Cadence.MONTHLY else ())
    if cadence == Cadence.MONTHLY:
        return committee_audience(region, committee)
    if cadence == Cadence.QUARTERLY:
        return Audience(region, bodies=(("chairs", region),))
    return Audience(region, roles=STAFF)


def _review_reminders(today: datetime.date) -> tuple[list[Due], dict]:
    pending = Review.objects.filter(held_on__isnull=True, project__completed_on__isnull=True)
    window = today + datetime.timedelta(days=lead_days())
    stages = {
        AHEAD: pending.filter(due_date__gt=today, due_date__lte=window),
        DUE: pending.filter(due_date=today),
        ESCALATED: pending.filter(due_date__lt=today),
    }
    link = reverse("livelihood:calendar")
    items, rows = [], {}
    for stage, qs in stages.items():
        for row in (
            _not_logged(qs, "livelihood.review:", stage, "period_key")
            .order_by()
            .values(
                "pk",
                "cadence",
                "period_key",
                "due_date",
                "project__name",
                "project__region_id",
                "project__committee_id",
            )
        ):
            target = f"livelihood.review:{row['pk']}"
            rows[target] = row
            label = str(Cadence(row["cadence"]).label)
            items.append(
                Due(
                    target=target,
                    stage=stage,
                    period=row["period_key"],
                    region_id=row["project__region_id"],
                    audience=_review_audience(row, stage),
                    kind=f"livelihood.review_{stage}",
                    subject=str(STAGE_SUBJECT[stage])
                    % {
                        "body": label,
                        "count": 1,
                        "period": periods.label(row["period_key"]),
                        "due": row["due_date"].isoformat(),
                    }
                    + f"：{row['project__name']}",
                    link=link,
                    digest=f"livelihood:{stage}:{row['cadence']}:{row['period_key']}",
                    line=row["project__name"],
                )
            )
    return items, rows


def _names(lines: list[str], sep: str = "、") -> str:
    return sep.join(lines[:20]) + (_("等%(n)s个项目") % {"n": len(lines)} if len(lines) > 20 else "")


def remind(today: datetime.date) -> dict:
    items, rows = _review_reminders(today)

    def review_digest(its):
        first = rows[its[0].target]
        subject = str(STAGE_SUBJECT[its[0].stage]) % {
            "body": str(Cadence(first["cadence"]).label),
            "count": len(its),
            "period": periods.label(first["period_key"]),
            "due": first["due_date"].isoformat(),
        }
        return subject, _names([d.line for d in its])

    reviews = run(items, digest=review_digest)
    result = {stage: sum(1 for d in reviews.claimed if d.stage == stage) for stage in (AHEAD, DUE, ESCALATED)}
    milestones = flag_late_milestones(today)
    result["milestones"] = len(milestones.claimed)
    result["notifications"] = reviews.notifications + milestones.notifications
    result["undeliverable"] = reviews.undeliverable + milestones.undeliverable
    return result


def flag_late_milestones(today: datetime.date):
    late = Milestone.objects.filter(
        actual_date__isnull=True, planned_date__lt=today, project__completed_on__isnull=True
    )
    link = reverse("livelihood:projects") + "?late=1"
    items = []
    dated = late.annotate(_period=Cast("planned_date", CharField()))
    rows = _not_logged(dated, "livelihood.milestone:", LATE, "_period").values(
        "pk", "name", "planned_date", "project__name", "project__region_id", "project__committee_id"
    )
    for r in rows.order_by("planned_date", "pk"):
        region, committee = r["project__region_id"], r["project__committee_id"]
        items.append(
            Due(
                target=f"livelihood.milestone:{r['pk']}",
                stage=LATE,
                period=r["planned_date"].isoformat(),
                region_id=region,
                audience=committee_audience(region, committee),
                kind="livelihood.milestone_late",
                subject=_("民生实事项目节点逾期：%(count)s个节点未按计划完成") % {"count": 1}
                + f"：{r['project__name']}：{r['name']}",
                link=link,
                digest="livelihood:milestones",
                line=f"{r['project__name']}：{r['name']}",
            )
        )

    def milestone_digest(its):
        subject = _("民生实事项目节点逾期：%(count)s个节点未按计划完成") % {"count": len(its)}
        return subject, "；".join(d.line for d in its[:20])

    def mark_flagged(claimed):
        ids = [int(d.target.rsplit(":", 1)[1]) for d in claimed]
        for i in range(0, len(ids), 500):
            Milestone.objects.filter(pk__in=ids[i : i + 500]).update(flagged_on=today)

    return run(items, digest=milestone_digest, on_claimed=mark_flagged)
