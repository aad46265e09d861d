"""Reply deadlines, as a source of the one reminder engine (`core.reminders`): the lead unit some
working days before a suggestion's deadline, the lead unit and the committee staff after it. The
engine's log, not the notifications table, is the record of what went: each (suggestion, stage,
round and deadline) once, and an extended deadline is a new period."""

import datetime

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core import workdays
from core.recipients import Audience
from core.reminders import Due, run

from .models import HANDLING_STATES, Suggestion, Transition

DUE, OVERDUE = "due", "overdue"


def _due(s, stage) -> Due:
    if stage == OVERDUE:
        audience = Audience(s.region_id, roles=(Role.COMMITTEE_STAFF.value,), units=(s.lead_unit_id,))
        subject = _("建议已超过答复期限（%(date)s）：%(title)s") % {"date": s.deadline, "title": s.title}
    else:
        audience = Audience(s.region_id, units=(s.lead_unit_id,))
        subject = _("建议将于%(date)s到期，请及时答复：%(title)s") % {"date": s.deadline, "title": s.title}
    return Due(
        target=f"suggestions.suggestion:{s.pk}",
        stage=stage,
        period=f"r{s.round}:{s.deadline.isoformat()}",
        region_id=s.region_id,
        audience=audience,
        kind=f"suggestions.{stage}",
        subject=subject,
        link=reverse("suggestions:detail", args=[s.pk]),
    )


def _mark_overdue(claimed):
    """The suggestion's history shows when it went overdue (once per deadline)."""
    by_pk = {int(d.target.rsplit(":", 1)[1]): d.period.split(":", 1)[1] for d in claimed}
    states = dict(Suggestion.objects.filter(pk__in=by_pk).values_list("pk", "state"))
    already = set(
        Transition.objects.filter(action="overdue", suggestion_id__in=by_pk).values_list("suggestion_id", "note")
    )
    Transition.objects.bulk_create(
        Transition(suggestion_id=pk, from_state=states[pk], to_state=states[pk], action="overdue", note=deadline)
        for pk, deadline in by_pk.items()
        if (pk, deadline) not in already
    )


def deadline_sweep(today: datetime.date | None = None) -> dict:
    """Remind the units before the deadline and flag after it; each once, whenever the sweep runs."""
    today = today or timezone.localdate()
    lead = settings.SUGGESTIONS_REMINDER_LEAD_DAYS
    calendars: dict[str, workdays.Calendar] = {}
    # The members that follow the lead of a merged case share its deadline: the lead's reminder is
    # the case's (the unit is told once, not once per member).
    followers = Q(case__isnull=False, round=1) & ~Q(case__lead=F("pk"))
    handling = (
        Suggestion.objects.filter(state__in=HANDLING_STATES, deadline__isnull=False)
        .exclude(followers)
        .only("pk", "title", "state", "round", "deadline", "region_id", "lead_unit_id")
    )
    overdue, due = [], []
    for s in handling.iterator():
        if s.deadline < today:
            overdue.append(_due(s, OVERDUE))
            continue
        cal = calendars.get(s.region_id) or calendars.setdefault(s.region_id, workdays.Calendar(s.region_id))
        if today >= cal.subtract(s.deadline, lead):  # from `lead` working days before the deadline
            due.append(_due(s, DUE))
    flagged = run(overdue, on_claimed=_mark_overdue)
    reminded = run(due)
    return {"reminded": len(reminded.claimed), "flagged": len(flagged.claimed)}
