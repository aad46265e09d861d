"""Overdue problem-list items as a source of the portal's one reminder engine (`core.reminders`).

An open or in-progress item past its agreed date reminds the owner on each side (the accounts named
on its sides) and the collaboration's liaisons (every member's liaison account); who is told, and the
fallback to the keeping county's committee staff when none of them has an account, is the one rule of
`core.recipients`. Each item reminds once per agreed date (the period key): a new date, a new reminder.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.recipients import Audience
from core.reminders import Due, run

from .models import ItemSide, Member, ProblemItem

STAGE = "overdue"
KIND = "collaboration.item_overdue"


def overdue_reminders(today=None) -> list[Due]:
    today = today or timezone.localdate()
    items = list(ProblemItem.objects.overdue(today).select_related("collaboration"))
    if not items:
        return []
    owners, liaisons = {}, {}
    for item_id, user_id in ItemSide.objects.filter(item__in=items, owner_user__isnull=False).values_list(
        "item_id", "owner_user_id"
    ):
        owners.setdefault(item_id, []).append(user_id)
    collaborations = {i.collaboration_id for i in items}
    for collab_id, user_id in Member.objects.filter(
        collaboration_id__in=collaborations, liaison_user__isnull=False
    ).values_list("collaboration_id", "liaison_user_id"):
        liaisons.setdefault(collab_id, []).append(user_id)
    dues = []
    for item in items:
        users = tuple(sorted({*owners.get(item.pk, []), *liaisons.get(item.collaboration_id, [])}))
        dues.append(
            Due(
                target=f"collaboration.problemitem:{item.pk}",
                stage=STAGE,
                period=item.due_date.isoformat(),
                region_id=item.collaboration.region_id,
                audience=Audience(item.collaboration.region_id, users=users),
                kind=KIND,
                subject=_("联动共治问题逾期未解决：%(title)s（约定%(due)s前完成）")
                % {"title": item.title, "due": item.due_date.isoformat()},
                body=_("%(collab)s第%(n)s项问题已过约定完成日期，请各方报送进展。")
                % {"collab": item.collaboration.name, "n": item.number},
                link=reverse("collaboration:item", args=[item.pk]),
            )
        )
    return dues


def sweep(today=None):
    """Send the overdue reminders the log does not have yet (run daily by beat)."""
    return run(overdue_reminders(today))
