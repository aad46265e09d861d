"""Writes of the deputies app: one function per state change, each in one transaction, refusing
with a Chinese ValidationError what the rules do not allow."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.registry import record_sections as sections
from notifications.services import notify

from .images import attach_photo, process_image
from .models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    ActivityPhoto,
    ActivityStatus,
    AttendanceStatus,
    Deputy,
    EnterpriseLink,
    EnterpriseOpinion,
    GroupStatus,
    Mandate,
    OpinionStatus,
    ParticipantRole,
    PointRule,
    ProfessionalGroup,
    SessionAttendance,
    point_label,
)
from .workflow import ACTIVITY, ENTERPRISE_OPINION, FOLLOWER, GROUP

MAX_PHOTOS = 6


# --- activities ---------------------------------------------------------------------------------


@transaction.atomic
def log_activity(user, *, deputies, region, kind, title, date, lead=None, photos=(), **fields) -> Activity:
    """Log an activity for one or many deputies; it waits for staff to verify it."""
    deputies = list(deputies)
    if not deputies:
        raise ValidationError(_("请至少选择一名参加代表"))
    if date > timezone.localdate():
        raise ValidationError(_("活动日期不能晚于今天"))
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("每次最多上传 %(n)d 张照片") % {"n": MAX_PHOTOS})
    activity = _create_activity(user, deputies, lead, kind=kind, title=title, date=date, region=region, **fields)
    add_photos(activity, photos)
    return activity


@transaction.atomic
def record_verified_activity(user, *, deputies, region, kind, title, date, lead=None, **fields) -> Activity:
    """An activity staff record themselves as it happens (a reception at a liaison station, a
    campaign event there): it counts at once, verified by the recorder. Other apps write
    activities through this, never by creating `Activity` rows."""
    return _create_activity(
        user,
        list(deputies),
        lead,
        kind=kind,
        title=title,
        date=date,
        region=region,
        status=ActivityStatus.VERIFIED,
        verified_by=user,
        verified_at=timezone.now(),
        **fields,
    )


def _create_activity(user, deputies, lead, **fields) -> Activity:
    activity = Activity.objects.create(submitted_by=user, **fields)
    ActivityParticipant.objects.bulk_create(
        ActivityParticipant(
            activity=activity,
            deputy=d,
            role=ParticipantRole.LEAD if lead is not None and d.pk == lead.pk else ParticipantRole.PARTICIPANT,
        )
        for d in deputies
    )
    return activity


def add_photos(activity, uploads) -> list[ActivityPhoto]:
    made = []
    for i, upload in enumerate(uploads):
        photo = ActivityPhoto(activity=activity)
        attach_photo(photo, upload, stem=f"a{activity.pk}_{i}")
        photo.save()
        made.append(photo)
    return made


@transaction.atomic
def verify_activity(activity: Activity, user) -> Activity:
    activity = ACTIVITY.locked(activity)
    ACTIVITY.check(activity, "verify", user)
    activity.verified_by = user
    activity.verified_at = timezone.now()
    activity.return_reason = ""
    ACTIVITY.move(
        activity,
        ActivityStatus.VERIFIED,
        action="verify",
        user=user,
        update_fields=["verified_by", "verified_at", "return_reason"],
    )
    _tell_participants(
        activity,
        kind="deputies.activity_verified",
        subject=_("您登记的履职活动“%(title)s”已审核通过，计入履职档案") % {"title": activity.title},
        link=reverse("deputies:my_activities") + f"#activity-{activity.pk}",
    )
    return activity


def _tell_participants(activity: Activity, *, kind: str, subject: str, link: str, body: str = "") -> None:
    """Every participant with an account hears the verdict on the activity; once per verdict."""
    stamp = f"{activity.verified_at:%Y%m%d%H%M%S}"
    for p in activity.participants.select_related("deputy__user"):
        if p.deputy.user_id:
            notify(
                p.deputy.user,
                kind=kind,
                subject=subject,
                body=body,
                dedup_key=f"activity:{activity.pk}:{activity.status}:{stamp}",
                link=link,
            )


@transaction.atomic
def return_activity(activity: Activity, user, reason: str) -> Activity:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("退回时请填写退回原因"))
    activity = ACTIVITY.locked(activity)
    ACTIVITY.check(activity, "return", user)
    activity.return_reason = reason[:200]
    activity.verified_by = user
    activity.verified_at = timezone.now()
    ACTIVITY.move(
        activity,
        ActivityStatus.RETURNED,
        action="return",
        user=user,
        note=reason,
        update_fields=["return_reason", "verified_by", "verified_at"],
    )
    _tell_participants(
        activity,
        kind="deputies.activity_returned",
        subject=_("您登记的履职活动“%(title)s”被退回") % {"title": activity.title},
        body=reason,
        link=reverse("deputies:my_activity_edit", args=[activity.pk]),
    )
    return activity


@transaction.atomic
def resubmit_activity(activity: Activity, user, **fields) -> Activity:
    """A returned activity, corrected by its deputy, goes back to staff."""
    ACTIVITY.check(activity, "resubmit", user)
    for name, value in fields.items():
        setattr(activity, name, value)
    ACTIVITY.move(activity, ActivityStatus.SUBMITTED, action="resubmit", user=user)
    return activity


# --- deputies -----------------------------------------------------------------------------------


@transaction.atomic
def set_deputy_photo(deputy: Deputy, upload) -> Deputy:
    full, thumb = process_image(upload, stem=f"d{deputy.pk}")
    deputy.photo.save(full.name, full, save=False)
    deputy.photo_thumb.save(thumb.name, thumb, save=False)
    deputy.save(update_fields=["photo", "photo_thumb", "updated_at"])
    return deputy


# --- groups -------------------------------------------------------------------------------------


@transaction.atomic
def change_group_status(group: ProfessionalGroup, status: str, on: datetime.date | None = None):
    """成熟一个、组建一个: planned → established → dissolved."""
    on = on or timezone.localdate()
    action = GROUP.action_to(group.status, status)
    if action is None:
        raise ValidationError(GROUP.wrong_move(group.status, status))
    if status == GroupStatus.ESTABLISHED:
        group.founded = on
    else:
        group.dissolved = on
        group.memberships.filter(left__isnull=True).update(left=on)
    GROUP.move(group, status, action=action.name, user=None)
    return group


# --- enterprise opinions ------------------------------------------------------------------------


@transaction.atomic
def advance_opinion(opinion: EnterpriseOpinion, status: str, *, unit=None, answer: str = "") -> EnterpriseOpinion:
    """received → forwarded (to a unit) → answered (with the answer) → closed."""
    action = ENTERPRISE_OPINION.action_to(opinion.status, status)
    if action is None:
        raise ValidationError(ENTERPRISE_OPINION.wrong_move(opinion.status, status))
    if status == OpinionStatus.FORWARDED:
        if unit is None:
            raise ValidationError(_("转交时请选择承办单位"))
        opinion.forwarded_to = unit
    if status == OpinionStatus.ANSWERED:
        if not answer.strip():
            raise ValidationError(_("请填写答复内容"))
        opinion.answer = answer.strip()
    ENTERPRISE_OPINION.move(opinion, status, action=action.name, user=None)
    return opinion


@transaction.atomic
def record_enterprise_opinion(link: EnterpriseLink, user, *, text: str, date, category: str) -> EnterpriseOpinion:
    """A deputy records, from the phone, an opinion an enterprise they keep in contact with gave."""
    if link.deputy.user_id != user.pk:
        raise ValidationError(_("只能记录本人联系企业的意见"))
    today = timezone.localdate()
    if link.start_date > today or (link.end_date and link.end_date < today):
        raise ValidationError(_("与该企业的联系关系不在有效期内"))
    if date > today:
        raise ValidationError(_("收集日期不能晚于今天"))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("请填写意见内容"))
    return EnterpriseOpinion.objects.create(link=link, text=text, date=date, category=category)


def follow_enterprise_opinion(opinion: EnterpriseOpinion, user, status: str, *, unit=None, answer: str = ""):
    """One step of an enterprise opinion's loop, by its deputy or the committee staff."""
    if not FOLLOWER(user, opinion):
        raise ValidationError(str(FOLLOWER.refusal))
    return advance_opinion(opinion, status, unit=unit, answer=answer)


def enterprise_figures(user) -> dict:
    """The figures of the key-enterprise work in the user's branch (the bulletin's 代表联系企业)."""
    links = EnterpriseLink.objects.visible_to(user).current()
    opinions = EnterpriseOpinion.objects.visible_to(user)
    by_status = dict(opinions.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "deputies": links.values("deputy_id").distinct().count(),
        "enterprises": links.values("enterprise_id").distinct().count(),
        "links": links.count(),
        "opinions": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0)) for value, label in OpinionStatus.choices],
        "resolved": by_status.get(OpinionStatus.ANSWERED, 0) + by_status.get(OpinionStatus.CLOSED, 0),
    }


# --- points -------------------------------------------------------------------------------------


def activity_counts(deputy_ids, year: int) -> dict[int, dict[tuple[str, str], int]]:
    """{deputy_id: {(kind, role): number of verified activities in the year}} in one query."""
    rows = (
        ActivityParticipant.objects.filter(
            deputy_id__in=deputy_ids, activity__status=ActivityStatus.VERIFIED, activity__date__year=year
        )
        .values("deputy_id", "activity__kind", "role")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict] = defaultdict(dict)
    for row in rows:
        counts[row["deputy_id"]][(row["activity__kind"], row["role"])] = row["n"]
    # Attending the congress session is recorded as SessionAttendance, not as an activity, yet the
    # rules score it under its own kind: count the sessions opened that year the deputy attended.
    attended = (
        SessionAttendance.objects.filter(
            deputy_id__in=deputy_ids, status=AttendanceStatus.PRESENT, session__start_date__year=year
        )
        .values("deputy_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in attended:
        key = (ActivityKind.SESSION_ATTENDANCE.value, ParticipantRole.PARTICIPANT.value)
        mine = counts[row["deputy_id"]]
        mine[key] = mine.get(key, 0) + row["n"]
    return counts


def score(counts: dict[tuple[str, str], int], rules: dict[str, PointRule], extra=()) -> tuple[Decimal, list]:
    """Total points and the lines that make it up: [(label, count, points)]."""
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    numbers: dict[str, int] = defaultdict(int)
    for (kind, role), n in counts.items():
        rule = rules.get(kind)
        numbers[kind] += n
        if rule is None:
            continue
        each = rule.points_lead if role == ParticipantRole.LEAD else rule.points_participant
        by_kind[kind] += each * n
    for key, n in extra:
        rule = rules.get(key)
        numbers[key] += n
        if rule is not None:
            by_kind[key] += rule.points_participant * n
    lines = []
    total = Decimal(0)
    for kind, n in numbers.items():
        rule = rules.get(kind)
        points = by_kind.get(kind, Decimal(0))
        if rule is not None and rule.yearly_cap is not None:
            points = min(points, rule.yearly_cap)
        total += points
        lines.append((point_label(kind), n, points))
    return total, sorted(lines, key=lambda line: -line[2])


def section_points(deputy, year) -> list[tuple[str, int]]:
    """The (section key, count) pairs other apps' record sections report."""
    extra = []
    for section in sections():
        ctx = section.get_context(deputy, year)
        if ctx and ctx.get("points"):
            extra += [(section.key, count) for _label, count in ctx["points"]]
    return extra


def points_for(deputy: Deputy, year: int) -> tuple[Decimal, list]:
    rules = PointRule.rules_for(deputy.region_id)
    counts = activity_counts([deputy.pk], year).get(deputy.pk, {})
    return score(counts, rules, section_points(deputy, year))


def ranking(term, year: int, limit: int | None = None) -> list[tuple[Deputy, Decimal]]:
    """Deputies of a term ranked by their points for the year (verified activities; ties by pinyin)."""
    deputy_ids = list(Mandate.objects.filter(term=term).values_list("deputy_id", flat=True))
    deputies = Deputy.objects.filter(pk__in=deputy_ids).only("id", "name", "name_pinyin", "region_id")
    counts = activity_counts(deputy_ids, year)
    rules_cache: dict[str, dict] = {}
    rows = []
    for d in deputies:
        rules = rules_cache.setdefault(d.region_id, PointRule.rules_for(d.region_id))
        total, _lines = score(counts.get(d.pk, {}), rules)
        rows.append((d, total))
    rows.sort(key=lambda r: (-r[1], r[0].name_pinyin))
    return rows[:limit] if limit else rows
