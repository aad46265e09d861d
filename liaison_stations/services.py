"""Every write of the app: one function per state change, each in one transaction, refusing what
is not allowed with a ValidationError in Chinese."""

import calendar
import datetime
import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.recipients import staff_for
from core.regions import county_of, in_branch
from core.workdays import Calendar
from deputies import services as deputies_services
from deputies.models import ActivityKind, ActivityParticipant, Deputy, Mandate
from notifications.services import notify
from suggestions import services as suggestions_services

from .models import (
    Duty,
    Opinion,
    OpinionState,
    OpinionTransition,
    Place,
    Reception,
    ReceptionKind,
    Shift,
    StationActivity,
    Stationing,
    SwapRequest,
    SwapStatus,
)
from .workflow import MACHINE

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


def month_days(
    year: int,
    month: int,
    weekdays=WEEKDAYS,
    start: datetime.date | None = None,
    *,
    region_code: str | None = None,
    staff_holidays: bool = False,
) -> list[datetime.date]:
    """The days of a month to staff: the chosen weekdays, following the region's working-day
    calendar when one is given (its days off are left out unless `staff_holidays`; its make-up
    working days are staffed even on a weekend)."""
    last = calendar.monthrange(year, month)[1]
    days = [datetime.date(year, month, d) for d in range(1, last + 1)]
    off, on = set(), set()
    if region_code:
        cal = Calendar(region_code)
        off, on = cal.off, cal.on
    return [
        d
        for d in days
        if (d.weekday() in weekdays or d in on) and (staff_holidays or d not in off) and (start is None or d >= start)
    ]


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
    staff_holidays: bool = False,
) -> list[Duty]:
    """Fill a month's rota from a pool of deputies in turn, on the working days of the place's
    region (public holidays only when `staff_holidays`).

    Refused as a whole (nothing written) when the place already has duties that month, when a
    deputy of the pool no longer holds a seat, or when on some day too few deputies of the pool are
    free (each deputy is on duty at most once a day, anywhere). A deputy already on duty elsewhere
    that day is skipped and keeps their turn for the next day."""
    pool = list(pool)
    if not pool:
        raise ValidationError(_("请选择参加轮值的代表。"))
    if per_day < 1 or per_day > len(pool):
        raise ValidationError(_("每天值班人数应在 1 到 %(n)s 之间。") % {"n": len(pool)})
    days = month_days(year, month, weekdays, start, region_code=place.region_id, staff_holidays=staff_holidays)
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
def request_swap(duty: Duty, user, *, reason: str, proposed_deputy=None) -> SwapRequest:
    """A deputy asks to hand their own upcoming duty to a colleague; county staff are told."""
    duty = Duty.objects.select_for_update().select_related("place", "deputy").get(pk=duty.pk)
    if duty.deputy.user_id != user.pk:
        raise ValidationError(_("只能为本人的值班申请调班。"))
    if duty.date < timezone.localdate():
        raise ValidationError(_("已过去的值班不能调班。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写调班原因。"))
    if proposed_deputy is not None and proposed_deputy.pk == duty.deputy_id:
        raise ValidationError(_("调班后的代表与原值班代表相同。"))
    if duty.swap_requests.filter(status=SwapStatus.PENDING).exists():
        raise ValidationError(_("这次值班已有待审批的调班申请。"))
    swap = SwapRequest.objects.create(duty=duty, requested_by=user, proposed_deputy=proposed_deputy, reason=reason)
    for person in staff_for(duty.place.region_id):  # the one recipients rule, with its fallback
        notify(
            person,
            kind="liaison_stations.swap_requested",
            subject=_("%(name)s申请调班：%(date)s %(place)s")
            % {"name": duty.deputy.name, "date": duty.date, "place": duty.place.name},
            body=reason,
            dedup_key=f"swap:{swap.pk}:requested",
            link=reverse("liaison_stations:swaps"),
        )
    return swap


@transaction.atomic
def decide_swap(swap: SwapRequest, user, *, approve: bool, new_deputy=None, note: str = "") -> SwapRequest:
    """Staff approve (the duty goes to the chosen deputy, recorded as asked by the deputy) or
    decline a swap request; the deputy is told either way."""
    swap = SwapRequest.objects.select_for_update().select_related("duty__place", "duty__deputy").get(pk=swap.pk)
    if swap.status != SwapStatus.PENDING:
        raise ValidationError(_("该调班申请已审批。"))
    if approve:
        new_deputy = new_deputy or swap.proposed_deputy
        if new_deputy is None:
            raise ValidationError(_("同意调班时请选择代班代表。"))
        swap_duty(swap.duty, new_deputy, swap.requested_by, swap.reason)
    elif not (note or "").strip():
        raise ValidationError(_("不同意时请填写原因。"))
    swap.status = SwapStatus.APPROVED if approve else SwapStatus.DECLINED
    swap.decided_by = user
    swap.decided_at = timezone.now()
    swap.decision_note = (note or "").strip()
    swap.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    duty = swap.duty
    if approve:
        subject = _("调班申请已同意：%(date)s %(place)s 改由%(name)s值班") % {
            "date": duty.date,
            "place": duty.place.name,
            "name": new_deputy.name,
        }
    else:
        subject = _("调班申请未同意：%(date)s %(place)s") % {"date": duty.date, "place": duty.place.name}
    notify(
        swap.requested_by,
        kind="liaison_stations.swap_decided",
        subject=subject,
        body=swap.decision_note,
        dedup_key=f"swap:{swap.pk}:decided",
        link=reverse("liaison_stations:my_duties"),
    )
    if approve and new_deputy.user_id:
        notify(
            new_deputy.user,
            kind="liaison_stations.swap_assigned",
            subject=_("您将代班：%(date)s %(place)s") % {"date": duty.date, "place": duty.place.name},
            dedup_key=f"swap:{swap.pk}:assigned",
            link=reverse("liaison_stations:my_duties"),
        )
    return swap


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
    activity = deputies_services.record_verified_activity(
        by,
        kind=activity_kind,
        title=title,
        date=day,
        region=place.region,
        deputies=deputies,
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
    activity = deputies_services.record_verified_activity(
        by,
        kind=kind,
        title=title,
        date=day,
        region=place.region,
        deputies=deputies,
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
    deputy=None,
    result: str = "",
    feedback: str = "",
) -> Opinion:
    """Move an opinion one step along its loop; anything else is refused.

    Going to *handling* as a suggestion names the deputy who takes it up (present at the reception
    or activity, or stationed at the place); a draft is made in that deputy's name in `suggestions`,
    linked by `Opinion.suggestion`, and the deputy is notified. Which moves exist is the table in
    workflow.py; this checks the state, not the user (the reply of a suggestion moves it too)."""
    opinion = MACHINE.locked(opinion)
    current = OpinionState(opinion.state)
    try:
        target = OpinionState(to_state)
    except ValueError as exc:
        raise ValidationError(_("未知的状态。")) from exc
    action = MACHINE.action_to(current, target)
    if action is None:
        raise ValidationError(MACHINE.wrong_move(current, target), code="refused")
    note = note.strip()
    if target == OpinionState.HANDLING:
        if unit is None and not to_suggestion:
            raise ValidationError(_("请选择转交的承办单位，或转为代表建议。"))
        if unit is not None and to_suggestion:
            raise ValidationError(_("转交承办单位和转为代表建议只能选一项。"))
        if unit is not None and not in_branch(opinion.place.region_id, county_of(unit.region_id)):
            raise ValidationError(_("承办单位不在本县（区）。"))
        if to_suggestion:
            if deputy is None:
                raise ValidationError(_("转为代表建议时请选择接办的代表。"))
            if not suggestion_candidates(opinion).filter(pk=deputy.pk).exists():
                raise ValidationError(
                    _("%(name)s 未参加这次接待（活动），也未在本站驻站，不能接办这条意见建议。") % {"name": deputy.name}
                )
        opinion.unit = unit
        opinion.to_suggestion = to_suggestion
        opinion.suggestion_deputy = deputy if to_suggestion else None
        opinion.handling_note = note
        if to_suggestion:
            opinion.suggestion = _draft_suggestion(opinion, deputy, by)
            auto = _("转为%(name)s代表的建议草稿：%(label)s") % {"name": deputy.name, "label": opinion.suggestion_label}
            note = f"{auto}\n{note}" if note else auto
        elif not note:
            note = _("转交%(unit)s办理") % {"unit": unit.name}
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
    opinion.state_since = timezone.now()
    MACHINE.move(opinion, target, action=action.name, user=by, note=note)
    if target == OpinionState.HANDLING and opinion.unit_id:
        _tell_unit(opinion)
    return opinion


def _tell_unit(opinion: Opinion) -> None:
    """The unit's staff learn of an opinion forwarded to them, with the link to answer it."""
    for user in opinion.unit.active_staff():
        notify(
            user,
            kind="liaison_stations.opinion_forwarded",
            subject=_("联络站转来一条意见建议，请办理并答复：%(text)s") % {"text": str(opinion)},
            body=_("站点：%(place)s") % {"place": opinion.place.name},
            dedup_key=f"opinion:{opinion.pk}:to-unit:{opinion.unit_id}",
            link=reverse("liaison_stations:unit_opinion", args=[opinion.pk]),
        )


@transaction.atomic
def unit_answer(opinion: Opinion, user, result: str) -> Opinion:
    """A handling unit answers an opinion forwarded to it: the answer is the opinion's result (the
    next step of its loop), and whoever forwarded it hears of it."""
    if not user.unit_id or opinion.unit_id != user.unit_id:
        raise ValidationError(_("这条意见建议没有转交给您的单位。"))
    if opinion.state != OpinionState.HANDLING:
        raise ValidationError(_("这条意见建议已有办理结果，不能再答复。"))
    unit_name = user.unit.name
    opinion = move_opinion(
        opinion,
        OpinionState.RESULT,
        by=user,
        result=result,
        note=_("%(unit)s答复") % {"unit": unit_name},
    )
    forwarded = (
        OpinionTransition.objects.filter(opinion=opinion, to_state=OpinionState.HANDLING, by__isnull=False)
        .select_related("by")
        .last()
    )
    if forwarded is not None:
        notify(
            forwarded.by,
            kind="liaison_stations.opinion_answered",
            subject=_("%(unit)s已答复意见建议：%(text)s") % {"unit": unit_name, "text": str(opinion)},
            body=opinion.result[:200],
            dedup_key=f"opinion:{opinion.pk}:unit-answer",
            link=opinion.get_absolute_url(),
        )
    return opinion


def _step(target):
    def run(opinion, user, **data):
        return move_opinion(opinion, target, by=user, **data)

    return run


# The act view's entries (the `run` of each action in workflow.py).
handle = _step(OpinionState.HANDLING)
record_result = _step(OpinionState.RESULT)
feed_back = _step(OpinionState.FED_BACK)
close = _step(OpinionState.CLOSED)


def suggestion_candidates(opinion: Opinion):
    """The deputies who may take an opinion up as a suggestion: those present at its reception or
    its station activity, and those stationed at its place today."""
    where = Q(pk__in=Stationing.objects.current().filter(place_id=opinion.place_id).values("deputy_id"))
    if opinion.reception_id:
        present = Reception.deputies.through.objects.filter(reception_id=opinion.reception_id)
        where |= Q(pk__in=present.values("deputy_id"))
    if opinion.station_activity_id:
        where |= Q(
            pk__in=ActivityParticipant.objects.filter(activity__station_link=opinion.station_activity_id).values(
                "deputy_id"
            )
        )
    return Deputy.objects.filter(where).order_by("name_pinyin", "id")


def _draft_suggestion(opinion: Opinion, deputy, by):
    """A draft in the deputy's name, made from the opinion, and a notice to the deputy."""
    first = re.split(r"[\n。！？!?；;]", opinion.text.strip(), maxsplit=1)[0].strip()
    first = first.removeprefix("建议").strip("，, ") or opinion.get_category_display()
    title = first if len(first) <= 40 else first[:39] + "…"
    draft = suggestions_services.create_from_source(
        deputy,
        by,
        title=_("关于%(what)s的建议") % {"what": title},
        body=opinion.text,
        category_hint=opinion.category,
        region_code=opinion.place.region_id,
        source_label=_("代表联络站意见建议 #%(pk)s（%(place)s）") % {"pk": opinion.pk, "place": opinion.place.name},
        source_url=opinion.get_absolute_url(),
    )
    if deputy.user_id:
        label = _("代表建议 #%(pk)s：%(title)s") % {"pk": draft.pk, "title": draft.title}
        notify(
            deputy.user,
            kind="liaison_stations.opinion_to_suggestion",
            subject=_("联络站意见建议已转为您的建议草稿，请完善后提交：%(label)s") % {"label": label},
            dedup_key=f"opinion:{opinion.pk}:to-suggestion",
            link=reverse("suggestions:detail", args=[draft.pk]),
        )
    return draft


@transaction.atomic
def attach_to_suggestion(opinion: Opinion, suggestion, by) -> Opinion:
    """Merged handling: staff make a registered opinion a source of an existing suggestion about the
    same matter (same county only), instead of drafting a new one. The opinion is then being
    handled as that suggestion; its reply becomes the opinion's result (`on_suggestion_replied`)."""
    opinion = MACHINE.locked(opinion)
    MACHINE.check(opinion, "handle", by)
    opinion.to_suggestion = True
    opinion.suggestion = suggestion
    opinion.suggestion_deputy_id = suggestion.author_id
    note = _("并入%(label)s办理") % {"label": opinion.suggestion_label}
    opinion.handling_note = note
    opinion.state_since = timezone.now()
    MACHINE.move(opinion, OpinionState.HANDLING, action="handle", user=by, note=note)
    suggestions_services.record_source(
        suggestion,
        by,
        _("代表联络站意见建议 #%(pk)s（%(place)s）") % {"pk": opinion.pk, "place": opinion.place.name},
        region_id=opinion.place.region_id,
    )
    return opinion


def on_suggestion_replied(sender, *, suggestion, reply, by=None, **kwargs):
    """A suggestion made from an opinion was replied to (`suggestions.signals.replied`): the
    opinion, while still being handled, records the reply as its result (the next step of its
    loop). Returns how many moved."""
    moved = 0
    head = (
        _("代表建议已答复（%(cls)s类）：") % {"cls": reply.result_class}
        if reply.result_class
        else _("代表建议已答复：")
    )
    for opinion in Opinion.objects.filter(suggestion=suggestion, state=OpinionState.HANDLING):
        move_opinion(opinion, OpinionState.RESULT, by=by, result=f"{head}{reply.text}", note=str(suggestion))
        moved += 1
    return moved


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
