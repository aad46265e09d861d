"""Writes of the collaboration app: one function per change, each in one transaction, refusing with
a Chinese ValidationError what the rules do not allow. Figures are computed here from the records."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.regions import governs
from deputies import services as deputy_services

from .models import (
    DEPUTY_ACTIVITY_KIND,
    Attendance,
    Document,
    ItemSide,
    ItemStatus,
    JointActivity,
    JointActivityKind,
    JointMeeting,
    ProblemItem,
)
from .workflow import MACHINE, STAFF_ROLES

# --- who is who ---------------------------------------------------------------------------------


def is_staff_for(user, collaboration) -> bool:
    return governs(user, collaboration.region_id, *STAFF_ROLES)


def own_member(user, collaboration):
    """The member this account is the liaison of (None for staff)."""
    if not user.has_role(Role.PARTNER_LIAISON):
        return None
    return collaboration.members.filter(liaison_user=user).first()


def require_staff(user, collaboration):
    if not is_staff_for(user, collaboration):
        raise PermissionDenied(_("只有本方人大常委会工作人员可以执行此操作"))


def acting_member(user, collaboration, member=None):
    """The side a write is made for: a liaison always writes for their own member; staff choose."""
    if is_staff_for(user, collaboration):
        return member
    mine = own_member(user, collaboration)
    if mine is None:
        raise PermissionDenied(_("您不是这项联动的成员联络员"))
    if member is not None and member.pk != mine.pk:
        raise PermissionDenied(_("联络员只能为本方登记"))
    return mine


# --- the problem list ---------------------------------------------------------------------------


def _move(item, user, action, to, note=""):
    MACHINE.begin(item, action, user)
    note = (note or "").strip()
    if MACHINE.action(action).needs_note and not note:
        raise ValidationError(_("请填写说明"))
    fields = ["status"]
    if to == ItemStatus.RESOLVED:
        item.resolved_on = timezone.localdate()
        fields.append("resolved_on")
    elif to == ItemStatus.IN_PROGRESS and item.resolved_on:
        item.resolved_on = None
        fields.append("resolved_on")
    MACHINE.move(item, to, action=action, user=user, note=note, update_fields=fields)
    return item


def _table_action(name: str, to: str, doc: str):
    """The service function of one action of the table (named by its `run` in workflow.py)."""

    @transaction.atomic
    def run(item, user, note=""):
        return _move(item, user, name, to, note)

    run.__name__, run.__doc__ = name, doc
    return run


S = ItemStatus
add_update = _table_action("update", S.IN_PROGRESS, "Progress from either side; the first update starts the work.")
start = _table_action("start", S.IN_PROGRESS, "Staff start the work on an open item.")
resolve = _table_action("resolve", S.RESOLVED, "Staff mark the item resolved (with a note).")
reopen = _table_action("reopen", S.IN_PROGRESS, "A resolved item goes back to work (with a note).")
close = _table_action("close", S.CLOSED, "A resolved item is closed (销号).")


def next_number(queryset) -> int:
    return (queryset.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def add_item(collaboration, *, title, lead, sides=(), category, due_date=None, description="", meeting=None):
    """A new item of the problem list, its sides' owners taken from each member's liaison."""
    sides = list(dict.fromkeys([lead, *sides]))
    for m in sides:
        if m.collaboration_id != collaboration.pk:
            raise ValidationError(_("涉及成员必须是这项联动的成员"))
    item = ProblemItem.objects.create(
        collaboration=collaboration,
        number=next_number(ProblemItem.objects.filter(collaboration=collaboration).select_for_update()),
        title=title[:150],
        description=description,
        category=category,
        lead=lead,
        due_date=due_date,
    )
    ItemSide.objects.bulk_create(
        ItemSide(item=item, member=m, owner=m.liaison_name, owner_user_id=m.liaison_user_id) for m in sides
    )
    if meeting is not None:
        item.meetings.add(meeting)
    return item


# --- meetings, attendance, activities, documents ------------------------------------------------


@transaction.atomic
def record_meeting(collaboration, user, *, date, host, place="", agenda="", decisions=(), to_list=True, **item):
    """A joint meeting; with `to_list`, each decision becomes an item on the problem list."""
    require_staff(user, collaboration)
    meetings = JointMeeting.objects.filter(collaboration=collaboration).select_for_update()
    meeting = JointMeeting.objects.create(
        collaboration=collaboration,
        number=next_number(meetings),
        date=date,
        host=host,
        place=place,
        agenda=agenda,
        decisions="\n".join(decisions),
    )
    items = []
    if to_list:
        for line in decisions:
            items.append(add_item(collaboration, title=line, meeting=meeting, **item))
    return meeting, items


@transaction.atomic
def record_attendance(meeting, user, *, member, attendees):
    member = acting_member(user, meeting.collaboration, member)
    if member is None or member.collaboration_id != meeting.collaboration_id:
        raise ValidationError(_("请选择出席的成员"))
    row, _created = Attendance.objects.update_or_create(
        meeting=meeting, member=member, defaults={"attendees": attendees.strip(), "recorded_by": user}
    )
    return row


@transaction.atomic
def upload_document(collaboration, user, *, title, file):
    member = acting_member(user, collaboration)
    return Document.objects.create(collaboration=collaboration, member=member, title=title, file=file, uploaded_by=user)


@transaction.atomic
def log_joint_activity(
    collaboration, user, *, kind, title, date, members, deputies=(), place="", summary="", opinions_count=0
):
    """A joint activity; its deputies get it in their duty record through deputies.services (recorded
    by staff, so it is verified at once and counts in the county's statistics)."""
    require_staff(user, collaboration)
    members = list(members)
    if not members:
        raise ValidationError(_("请至少选择一个参加成员"))
    activity = JointActivity.objects.create(
        collaboration=collaboration,
        kind=kind,
        title=title,
        date=date,
        place=place,
        summary=summary,
        opinions_count=opinions_count,
    )
    activity.members.set(members)
    deputies = list(deputies)
    if deputies:
        activity.deputies.set(deputies)
        duty = deputy_services.log_activity(
            user,
            deputies=deputies,
            region=collaboration.region,
            kind=DEPUTY_ACTIVITY_KIND[kind],
            title=title,
            date=date,
            place=place,
            summary=summary,
            opinions_count=opinions_count,
        )
        activity.duty_activity = deputy_services.verify_activity(duty, user)
        activity.save(update_fields=["duty_activity"])
    return activity


# --- figures ------------------------------------------------------------------------------------


def figures(collaboration) -> dict:
    """What the collaboration's page shows, counted from the records (never typed in)."""
    today = timezone.localdate()
    items = collaboration.items.aggregate(
        total=Count("id"),
        resolved=Count("id", filter=Q(status__in=[ItemStatus.RESOLVED, ItemStatus.CLOSED])),
        overdue=Count("id", filter=Q(status__in=[ItemStatus.OPEN, ItemStatus.IN_PROGRESS], due_date__lt=today)),
    )
    disputes = collaboration.disputes.aggregate(
        total=Count("id"), resolved=Count("id", filter=Q(resolved_on__isnull=False))
    )
    activities = dict(collaboration.activities.values_list("kind").annotate(n=Count("id")))
    opinions = collaboration.activities.aggregate(n=Sum("opinions_count"))["n"] or 0
    return {
        "partners": collaboration.members.exclude(region__code__startswith=collaboration.region_id[:6]).count(),
        "members": collaboration.members.count(),
        "meetings": collaboration.meetings.filter(date__lte=today).count(),
        "activities": sum(activities.values()),
        "activities_by_kind": activities,
        "activity_kinds": [
            (JointActivityKind(k).label, activities[k]) for k in JointActivityKind.values if k in activities
        ],
        "opinions": opinions,
        "items": items["total"],
        "items_resolved": items["resolved"],
        "items_overdue": items["overdue"],
        "disputes": disputes["total"],
        "disputes_resolved": disputes["resolved"],
    }


def partner_members(collaboration):
    """Members outside the keeping county: the partners."""
    return [m for m in collaboration.members.all() if not m.region_id.startswith(collaboration.region_id[:6])]
