"""Unanswered citizen messages, as a source of the one reminder engine (`core.reminders`): the
deputy after N days, the committee staff of the message's branch after 2N; each once.

A deputy without an account is covered by the recipients rule's fallback (the county's staff)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.recipients import Audience
from core.reminders import Due, run

from .models import EventKind, Message, MessageEvent, Status
from .services import _deputy_link, remind_days

REMIND, FLAG = "remind", "flag"


def _due(message, stage, n) -> Due:
    if stage == REMIND:
        audience = Audience(message.region_id, users=(message.deputy.user_id,) if message.deputy.user_id else ())
        subject = _("有群众留言超过%(n)d天未回复") % {"n": n}
        link = _deputy_link(message.pk)
    else:
        audience = Audience(message.region_id, roles=(Role.COMMITTEE_STAFF.value,))
        subject = _("%(deputy)s代表有群众留言超过%(n)d天未回复") % {"deputy": message.deputy.name, "n": 2 * n}
        link = reverse("citizen_messages:staff_detail", args=[message.pk])
    return Due(
        target=f"citizen_messages.message:{message.pk}",
        stage=stage,
        period="",  # once per message
        region_id=message.region_id,
        audience=audience,
        kind=f"citizen_messages.{stage}",
        subject=subject,
        body=message.body[:200],
        link=link,
    )


def _record(stage, now):
    """The message keeps its own trace: the time on the row and an event in its history."""
    field, kind = ("reminded_at", EventKind.REMINDED) if stage == REMIND else ("flagged_at", EventKind.FLAGGED)

    def on_claimed(claimed):
        ids = [int(d.target.rsplit(":", 1)[1]) for d in claimed]
        Message.objects.filter(pk__in=ids).update(**{field: now})
        MessageEvent.objects.bulk_create([MessageEvent(message_id=pk, kind=kind) for pk in ids])

    return on_claimed


def sweep(now=None) -> dict:
    """Remind the deputy after N days without an answer, flag to staff after 2N; once per stage."""
    now = now or timezone.now()
    n = remind_days()
    # Unanswered: new, or forwarded without an answer to the citizen yet.
    due = Message.objects.filter(status__in=[Status.NEW, Status.FORWARDED], answered_at__isnull=True).select_related(
        "deputy"
    )
    result = {}
    for stage, field, days in ((REMIND, "reminded_at", n), (FLAG, "flagged_at", 2 * n)):
        messages = due.filter(**{f"{field}__isnull": True, "created_at__lte": now - datetime.timedelta(days=days)})
        outcome = run((_due(m, stage, n) for m in messages), on_claimed=_record(stage, now))
        result["reminded" if stage == REMIND else "flagged"] = len(outcome.claimed)
    return result
