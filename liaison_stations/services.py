"""Every write of the app: one function per state change, each in one transaction, refusing what
is not allowed with a ValidationError in Chinese."""

import calendar
import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.models import Activity, ActivityKind, ActivityParticipant, ActivityStatus, Mandate

from .models import (
    TRANSITIONS,
    Duty,
    Opinion,
    OpinionState,
    OpinionTransition,
    Place,
    Reception,
    ReceptionKind,
    Shift,
    StationActivity,
)

WEEKDAYS = (0, 1, 2, 3, 4)


# --- rotas ---------------------------------------------------------------------------------


def _mandate_spans(deputy_ids) -> dict[int, list[tuple[datetime.date, datetime.date | None]]]:
    """For each deputy, the (start, end) spans of their seats; end None means open."""
    spans = defaultdict(list)
    rows = Mandate.objects.filter(deputy_id__in=list(deputy_ids)).values_list(
        "deputy_id", "start_date", "end_date", "term__start_date", "term__end_date"
    )
    for deputy_id, start, end, term_start, term_end in rows:
        ends = [d for d in (end, term_end) if d is not None]
        spans[deputy_id].append((max(start, term_start), min(ends) if ends else None))
    return spans


def _holds_seat(spans, deputy_id, day) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in spans.get(deputy_id, ()))


def _check_free(deputy, day, exclude_pk=None):
    spans = _mandate_spans([deputy.pk])
    if not _holds_seat(spans, deputy.pk, day):
        raise ValidationError(
            _("%(name)s 在 %(date)s 已不是在任代表（代表资格已终止），不能排班。") % {"name": deputy.name, "date": day}
        )
    clash = Duty.objects.filter(deputy=deputy, date=day).exclude(pk=exclude_pk).select_related("place").first()
    if clash:
        raise ValidationError(
            _("%(name)s 在 %(date)s 已在“%(place)s”值班，同一代表一天只能值一个班。")
            % {"name": deputy.name, "date": day, "place": clash.place.name}
        )


@transaction.atomic
def add_duty(place: Place, deputy, day: datetime.date, shift: str = Shift.DAY) -> Duty:
    _check_free(deputy, day)
    try:
        with transaction.atomic():
            return Duty.objects.create(place=place, deputy=deputy, date=day, shift=shift)
    except IntegrityError as exc:  # a concurrent writer took the day first
        raise ValidationError(_("%(name)s 在 %(date)s 已有值班。") % {"name": deputy.name, "date": day}) from exc


def month_days(year: int, month: int, weekdays=WEEKDAYS, start: datetime.date | None = None) -> list[datetime.date]:
    last = calendar.monthrange(year, month)[1]
    days = [datetime.date(year, month, d) for d in range(1, last + 1)]
    return [d for d in days if d.weekday() in weekdays and (start is None or d >= start)]


@transaction.atomic
def generate_rota(
    place: Place,
    year: int,
    month: int,
    pool,
    *,
    per_day: int = 1,
    shift: str = Shift.DAY,
    weekdays=WEEKDAYS,
    start: datetime.date | None = None,
) -> list[Duty]:
    """Fill a month's rota from a pool of deputies in turn.

    Refused as a whole (nothing written) when the place already has duties that month, when a
    deputy of the pool no longer holds a seat, or when on some day too few deputies of the pool are
    free (each deputy is on duty at most once a day, anywhere). A deputy already on duty elsewhere
    that day is skipped and keeps their turn for the next day."""
    pool = list(pool)
    if not pool:
        raise ValidationError(_("请选择参加轮值的代表。"))
    if per_day < 1 or per_day > len(pool):
        raise ValidationError(_("每天值班人数应在 1 到 %(n)s 之间。") % {"n": len(pool)})
    days = month_days(year, month, weekdays, start)
    if not days:
        raise ValidationError(_("所选月份没有需要排班的日期。"))
    if Duty.objects.filter(place=place, date__year=year, date__month=month).exists():
        raise ValidationError(
            _("“%(place)s”%(year)s年%(month)s月已有排班，请在日历中逐条修改，不能重复生成。")
            % {"place": place.name, "year": year, "month": month}
        )
    spans = _mandate_spans(d.pk for d in pool)
    ended = [d.name for d in pool if not _holds_seat(spans, d.pk, days[0])]
    if ended:
        raise ValidationError(
            _("以下代表在 %(date)s 已不是在任代表（代表资格已终止），不能排班：%(names)s")
            % {"date": days[0], "names": "、".join(ended)}
        )
    busy = set(
        Duty.objects.filter(deputy__in=pool, date__in=days).values_list("deputy_id", "date")
    )  # on duty elsewhere
    queue = list(pool)
    duties = []
    for day in days:
        chosen, skipped = [], []
        while queue and len(chosen) < per_day:
            deputy = queue.pop(0)
            if (deputy.pk, day) in busy or not _holds_seat(spans, deputy.pk, day):
                skipped.append(deputy)
            else:
                chosen.append(deputy)
        if len(chosen) < per_day:
            raise ValidationError(
                _("%(date)s 轮值名单中可值班的代表不足 %(n)s 人（其余代表当天已在别处值班或资格已终止），请调整名单。")
                % {"date": day, "n": per_day}
            )
        # Skipped deputies keep their place at the head of the queue; those on duty go to the end.
        queue = skipped + queue + chosen
        duties += [Duty(place=place, deputy=d, date=day, shift=shift) for d in chosen]
    try:
        with transaction.atomic():
            return Duty.objects.bulk_create(duties)
    except IntegrityError as exc:
        raise ValidationError(_("排班时有代表被同时安排到别处，请重新生成。")) from exc


@transaction.atomic
def swap_duty(duty: Duty, new_deputy, requested_by, reason: str = "") -> Duty:
    """Hand a duty to another deputy; records who was on it and who asked."""
    duty = Duty.objects.select_for_update().get(pk=duty.pk)
    if new_deputy.pk == duty.deputy_id:
        raise ValidationError(_("调班后的代表与原值班代表相同。"))
    if duty.date < timezone.localdate():
        raise ValidationError(_("已过去的值班不能调班。"))
    _check_free(new_deputy, duty.date, exclude_pk=duty.pk)
    duty.swapped_from_id = duty.swapped_from_id or duty.deputy_id
    duty.deputy = new_deputy
    duty.requested_by = requested_by
    duty.swap_reason = reason
    duty.confirmed_at = None
    duty.attended = None
    duty.save()
    return duty


@transaction.atomic
def confirm_duty(duty: Duty, user) -> Duty:
    if duty.deputy.user_id != user.pk:
        raise ValidationError(_("只能确认本人的值班。"))
    if duty.date < timezone.localdate():
        raise ValidationError(_("已过去的值班不能再确认。"))
    if duty.confirmed_at is None:
        duty.confirmed_at = timezone.now()
        duty.save(update_fields=["confirmed_at"])
    return duty


@transaction.atomic
def mark_attendance(duty: Duty, attended: bool) -> Duty:
    if duty.date > timezone.localdate():
        raise ValidationError(_("值班日期未到，不能登记到岗情况。"))
    duty.attended = attended
    duty.save(update_fields=["attended"])
    return duty


# --- receptions and opinions ---------------------------------------------------------------


def _verified_activity(*, kind, title, day, region, deputies, by, summary="", opinions_count=0, lead=None):
    now = timezone.now()
    activity = Activity.objects.create(
        kind=kind,
        title=title,
        date=day,
        region=region,
        summary=summary,
        opinions_count=opinions_count,
        status=ActivityStatus.VERIFIED,
        submitted_by=by,
        verified_by=by,
        verified_at=now,
    )
    ActivityParticipant.objects.bulk_create(
        [
            ActivityParticipant(activity=activity, deputy=d, role="lead" if lead and d.pk == lead.pk else "participant")
            for d in deputies
        ]
    )
    return activity


def _register(opinion: Opinion, by) -> Opinion:
    opinion.state = OpinionState.REGISTERED
    opinion.state_since = timezone.now()
    opinion.full_clean(exclude=["place", "reception", "station_activity"])
    opinion.save()
    OpinionTransition.objects.create(opinion=opinion, from_state="", to_state=OpinionState.REGISTERED, by=by)
    return opinion


@transaction.atomic
def record_reception(
    *,
    place: Place,
    day: datetime.date,
    deputies,
    by,
    kind: str = ReceptionKind.RECEPTION,
    citizens_count: int = 0,
    citizen_names: str = "",
    topics: str = "",
    opinions=(),
) -> Reception:
    """A reception (or supervision record) with the opinions raised, and the deputies' activity."""
    deputies = list(deputies)
    if not deputies:
        raise ValidationError(_("请选择到场的代表。"))
    if day > timezone.localdate():
        raise ValidationError(_("接待日期不能晚于今天。"))
    opinions = [o for o in opinions if o.get("text")]
    activity_kind = ActivityKind.RECEPTION if kind == ReceptionKind.RECEPTION else ActivityKind.INSPECTION
    title = f"{place.name}{ReceptionKind(kind).label}"
    activity = _verified_activity(
        kind=activity_kind,
        title=title,
        day=day,
        region=place.region,
        deputies=deputies,
        by=by,
        summary=topics,
        opinions_count=len(opinions),
    )
    reception = Reception.objects.create(
        place=place,
        kind=kind,
        date=day,
        citizens_count=citizens_count,
        citizen_names=citizen_names,
        topics=topics,
        activity=activity,
        recorded_by=by,
    )
    reception.deputies.set(deputies)
    for data in opinions:
        _register(
            Opinion(
                place=place,
                reception=reception,
                category=data["category"],
                text=data["text"],
                raised_by=data.get("raised_by", ""),
                contact=data.get("contact", ""),
            ),
            by,
        )
    return reception


@transaction.atomic
def record_station_activity(*, place: Place, kind: str, title: str, day, deputies, by, summary="", opinions=()):
    """A "listen, gather, solve" event or a campaign month held at a place, with its opinions."""
    deputies = list(deputies)
    activity = _verified_activity(
        kind=kind,
        title=title,
        day=day,
        region=place.region,
        deputies=deputies,
        by=by,
        summary=summary,
        opinions_count=len(opinions),
        lead=deputies[0] if deputies else None,
    )
    link = StationActivity.objects.create(activity=activity, place=place)
    for data in opinions:
        _register(
            Opinion(place=place, station_activity=link, category=data["category"], text=data["text"]),
            by,
        )
    return link


@transaction.atomic
def move_opinion(
    opinion: Opinion,
    to_state: str,
    *,
    by,
    note: str = "",
    unit=None,
    to_suggestion: bool = False,
    result: str = "",
    feedback: str = "",
) -> Opinion:
    """Move an opinion one step along its loop; anything else is refused."""
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    current = OpinionState(opinion.state)
    try:
        target = OpinionState(to_state)
    except ValueError as exc:
        raise ValidationError(_("未知的状态。")) from exc
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            _("意见建议当前为“%(from)s”，不能直接变为“%(to)s”。") % {"from": current.label, "to": target.label}
        )
    note = note.strip()
    if target == OpinionState.HANDLING:
        if unit is None and not to_suggestion:
            raise ValidationError(_("请选择转交的承办单位，或转为代表建议。"))
        if unit is not None and to_suggestion:
            raise ValidationError(_("转交承办单位和转为代表建议只能选一项。"))
        if unit is not None and not opinion.place.region_id.startswith(unit.region_id[:6]):
            raise ValidationError(_("承办单位不在本县（区）。"))
        opinion.unit = unit
        opinion.to_suggestion = to_suggestion
        opinion.handling_note = note
        if not note:
            note = _("转交%(unit)s办理") % {"unit": unit.name} if unit else _("转为代表建议（待建议模块启用后录入）")
    elif target == OpinionState.RESULT:
        if not result.strip():
            raise ValidationError(_("请填写办理结果。"))
        opinion.result = result.strip()
        note = note or opinion.result
    elif target == OpinionState.FED_BACK:
        if not feedback.strip():
            raise ValidationError(_("请填写向反映人反馈的情况。"))
        opinion.feedback = feedback.strip()
        note = note or opinion.feedback
    opinion.state = target
    opinion.state_since = timezone.now()
    opinion.save()
    OpinionTransition.objects.create(opinion=opinion, from_state=current, to_state=target, by=by, note=note)
    return opinion


def station_activity_figures(qs):
    """Participation figures of station activities, from the records: per activity, the deputies
    who took part, the leader deputies among them, and the opinions gathered."""
    from django.db.models import Count

    return qs.annotate(
        deputies_count=Count("activity__participants", distinct=True),
        leaders_count=Count(
            "activity__participants", filter=Q(activity__participants__deputy__is_leader=True), distinct=True
        ),
        opinion_total=Count("opinions", distinct=True),
    )
