"""Every write to a suggestion: one function per change. Each checks who may do it and whether the
state machine allows it, writes the rows and a Transition in one transaction, and raises a
ValidationError with a Chinese message when refused."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import workdays
from core.recipients import staff_for
from core.regions import county_of
from notifications.services import notify, notify_many

from . import signals
from .models import (
    HANDLING_STATES,
    Attachment,
    Category,
    Contact,
    CoSignature,
    ExtensionRequest,
    MergedCase,
    Reply,
    RequestStatus,
    ReturnRequest,
    Satisfaction,
    State,
    Suggestion,
    SupervisionGroup,
    SupervisionVisit,
    Supplement,
    Transition,
)
from .workflow import MACHINE, STAFF, is_author, is_lead_unit_staff, is_staff_for, is_unit_staff_for  # noqa: F401


# --- helpers ------------------------------------------------------------------------------------
# Who may do what in which state is the table in workflow.py; each function below begins with
# MACHINE.begin(s, action, actor) (lock the row, then refuse in Chinese what the table refuses).
def _refuse(message):
    raise ValidationError(message, code="refused")


def _label(state) -> str:
    return str(State(state).label)


def _move(s: Suggestion, actor, to: str, action: str, note: str = "", record_as: str = "") -> Transition:
    return MACHINE.move(s, to, action=action, user=actor, note=note, record_as=record_as)


def _event(s: Suggestion, actor, action: str, note: str = "") -> Transition:
    """An event inside a state (a supplement, an extension, a contact): audited, no state change."""
    return MACHINE.event(s, action=action, user=actor, note=note)


def _require_staff(user, s):
    if not STAFF(user, s):
        _refuse(STAFF.refusal)


def _link(s):
    return reverse("suggestions:detail", args=[s.pk])


def _unit_staff(unit_ids):
    from accounts.models import User

    return list(User.objects.filter(unit_id__in=unit_ids, is_active=True))


def _notify_author(s, kind, subject, key):
    if s.author.user_id:
        notify(s.author.user, kind=kind, subject=subject, dedup_key=key, link=_link(s))


def _save_files(s, user, files):
    for f in files or []:
        Attachment.objects.create(suggestion=s, file=f, name=f.name[:200], uploaded_by=user)


def _followers(s, state) -> list[Suggestion]:
    """The merged-in suggestions that move with their lead `s` (locked), those still in the lead's
    first round and in the state the lead is leaving; [] when `s` leads no case."""
    if s.case_id is None or s.round != 1 or not s.is_case_lead:
        return []
    return list(
        # of=self: the author's user is an outer join, which PostgreSQL will not lock.
        Suggestion.objects.select_for_update(of=("self",))
        .filter(case_id=s.case_id, round=1, state=state)
        .exclude(pk=s.pk)
        .select_related("author__user")
        .order_by("pk")
    )


def _follow(s, members, actor, to, action, note="", record_as="") -> None:
    """Move each member along the same action as its lead (the table checks every move)."""
    head = _("随并案主件 #%(pk)s") % {"pk": s.pk}
    for m in members:
        MACHINE.move(m, to, action=action, user=actor, note=f"{head}：{note}" if note else head, record_as=record_as)


# --- the deputy ---------------------------------------------------------------------------------
@transaction.atomic
def create_draft(author, actor, *, title, body, category, session=None, cosigners=(), files=()) -> Suggestion:
    s = Suggestion.objects.create(
        region_id=county_of(author.region_id),
        session=session,
        title=title,
        body=body,
        category=category,
        author=author,
    )
    Transition.objects.create(suggestion=s, actor=actor, from_state="", to_state=State.DRAFT, action="create")
    invite_cosigners(s, actor, cosigners)
    _save_files(s, actor, files)
    return s


# Category hints other apps pass (their own codes) → ours; anything else is "其他".
CATEGORY_HINTS = {
    "agriculture": Category.RURAL,
    "rural": Category.RURAL,
    "business": Category.ECONOMY,
    "economy": Category.ECONOMY,
    "livelihood": Category.LIVELIHOOD,
    "education_health": Category.EDUCATION,
    "education": Category.EDUCATION,
    "infrastructure": Category.URBAN,
    "environment": Category.URBAN,
    "urban": Category.URBAN,
    "gov_service": Category.GOVERNANCE,
    "governance": Category.GOVERNANCE,
}


@transaction.atomic
def create_from_source(
    author, actor, *, title, body, category_hint="", region_code="", source_label="", source_url=""
) -> Suggestion:
    """A draft made for a deputy from something gathered elsewhere (an opinion at a liaison
    station, which keeps the link as its own foreign key `Opinion.suggestion`): the deputy is the
    author and edits and submits it as any draft. `category_hint` is the source's own category
    code; `source_url` only lets staff open the source page (nothing is ever matched on it)."""
    title = (title or "").strip()[:200] or _("（未命名建议）")
    s = Suggestion.objects.create(
        region_id=county_of(author.region_id or region_code),
        title=title,
        body=body,
        category=CATEGORY_HINTS.get(category_hint, Category.OTHER),
        author=author,
        source_label=source_label[:200],
        source_url=source_url[:200],
    )
    Transition.objects.create(
        suggestion=s, actor=actor, from_state="", to_state=State.DRAFT, action="create", note=source_label[:200]
    )
    return s


@transaction.atomic
def update_draft(s, actor, *, title, body, category, session=None, files=()) -> Suggestion:
    MACHINE.begin(s, "edit", actor)
    s.title, s.body, s.category, s.session = title, body, category, session
    s.save()
    _event(s, actor, "edit")
    _save_files(s, actor, files)
    return s


@transaction.atomic
def invite_cosigners(s, actor, deputies) -> int:
    deputies = [d for d in deputies if d.pk != s.author_id]
    if not deputies:
        return 0
    MACHINE.check(s, "invite", actor)
    made = 0
    for d in deputies:
        _cs, created = CoSignature.objects.get_or_create(suggestion=s, deputy=d)
        if created:
            made += 1
            if d.user_id:
                notify(
                    d.user,
                    kind="suggestions.cosign_invite",
                    subject=_("%(name)s 邀请您附议建议：%(title)s") % {"name": s.author.name, "title": s.title},
                    dedup_key=f"suggestion:{s.pk}:cosign-invite",
                    link=_link(s),
                )
    if made:
        _event(s, actor, "invite", "、".join(d.name for d in deputies))
    return made


@transaction.atomic
def cosign(s, actor, accept: bool = True) -> CoSignature:
    MACHINE.locked(s)
    cosign_action = MACHINE.action("cosign")
    if s.state not in cosign_action.sources:  # a locked list says so, invited or not
        _refuse(cosign_action.state_refusal)
    MACHINE.check(s, "cosign", actor)
    cs = CoSignature.objects.get(suggestion=s, deputy__user=actor, status=CoSignature.Status.INVITED)
    cs.status = CoSignature.Status.SIGNED if accept else CoSignature.Status.DECLINED
    cs.signed_at = timezone.now() if accept else None
    cs.save()
    _event(s, actor, "cosign" if accept else "cosign_decline", cs.deputy.name)
    return cs


# --- duplicate warning: similar submitted suggestions, and asking to co-sign one -------------------
def similar_for_draft(deputy, *, title, body, session=None, exclude=None, limit=5):
    """The submitted suggestions of the deputy's county and session most similar to the draft's text
    (`Suggestion.objects.session_peers`): never another deputy's draft, never a confidential one."""
    from similar import services as similar_services

    peers = Suggestion.objects.session_peers(deputy, session).exclude(author=deputy)
    if exclude is not None:
        peers = peers.exclude(pk=exclude)
    text = f"{title}\n{body}"
    hits = similar_services.search(text, None, only=("suggestion",), within={"suggestion": peers}, limit=limit)
    found = peers.select_related("author").in_bulk([h.object_id for h in hits])
    signed = set(
        CoSignature.objects.filter(deputy=deputy, suggestion_id__in=found).values_list("suggestion_id", flat=True)
    )
    out = []
    for h in hits:
        s = found.get(h.object_id)
        if s is not None:
            out.append({"suggestion": s, "percent": h.percent, "joined": s.pk in signed})
    return out


@transaction.atomic
def request_cosign(s, actor) -> CoSignature:
    """A deputy asks to co-sign a submitted suggestion instead of submitting a duplicate (附议申请);
    the author is told and answers on the suggestion's page."""
    MACHINE.begin(s, "request_cosign", actor)
    from deputies.models import Deputy

    deputy = Deputy.objects.get(user=actor, region__code__startswith=county_of(s.region_id))
    cs = CoSignature.objects.create(suggestion=s, deputy=deputy, status=CoSignature.Status.REQUESTED)
    _event(s, actor, "cosign_request", deputy.name)
    _notify_author(
        s,
        "suggestions.cosign_request",
        _("%(name)s 申请附议您的建议：%(title)s") % {"name": deputy.name, "title": s.title},
        f"suggestion:{s.pk}:cosign-request:{deputy.pk}",
    )
    return cs


@transaction.atomic
def answer_cosign_request(s, actor, *, request, accept: bool = True) -> CoSignature:
    MACHINE.begin(s, "answer_cosign", actor)
    cs = CoSignature.objects.select_for_update().get(pk=request.pk, suggestion=s)
    if cs.status != CoSignature.Status.REQUESTED:
        _refuse(_("该附议申请已处理"))
    cs.status = CoSignature.Status.SIGNED if accept else CoSignature.Status.DECLINED
    cs.signed_at = timezone.now() if accept else None
    cs.save()
    _event(s, actor, "cosign_request_accepted" if accept else "cosign_request_declined", cs.deputy.name)
    if cs.deputy.user_id:
        verdict = _("已同意您附议") if accept else _("谢绝了您的附议申请")
        notify(
            cs.deputy.user,
            kind="suggestions.cosign_request_answered",
            subject=_("%(name)s%(verdict)s：%(title)s") % {"name": s.author.name, "verdict": verdict, "title": s.title},
            dedup_key=f"suggestion:{s.pk}:cosign-request:{cs.deputy_id}:answered",
            link=_link(s),
        )
    return cs


@transaction.atomic
def submit(s, actor) -> Suggestion:
    MACHINE.begin(s, "submit", actor)
    pending = list(s.cosigns.filter(status=CoSignature.Status.INVITED).select_related("deputy"))
    note = ""
    if pending:
        note = _("未响应的附议邀请已失效：%(names)s") % {"names": "、".join(c.deputy.name for c in pending)}
        CoSignature.objects.filter(pk__in=[c.pk for c in pending]).delete()
    s.submitted_at = timezone.now()
    _move(s, actor, State.SUBMITTED, "submit", note)
    return s


@transaction.atomic
def add_supplement(s, actor, text: str, file=None) -> Supplement:
    MACHINE.locked(s)
    if is_author(actor, s) and s.state in MACHINE.action("edit").sources:
        _refuse(_("草稿可以直接修改，不需要补充材料"))
    MACHINE.check(s, "supplement", actor)
    if not text.strip():
        _refuse(_("请填写补充内容"))
    sup = Supplement.objects.create(suggestion=s, text=text, author=actor)
    if file:
        sup.file = file
        sup.save(update_fields=["file"])
    _event(s, actor, "supplement", text[:200])
    return sup


@transaction.atomic
def evaluate(s, actor, satisfaction: str, reason: str = "", today: datetime.date | None = None) -> Reply:
    MACHINE.begin(s, "evaluate", actor)
    if satisfaction not in Satisfaction.values:
        _refuse(_("请选择测评结果"))
    if satisfaction == Satisfaction.NOT and not reason.strip():
        _refuse(_("不满意时请写明理由"))
    reply = s.replies.get(round=s.round)
    reply.satisfaction, reply.evaluation_reason, reply.evaluated_at = satisfaction, reason, timezone.now()
    reply.save()
    label = str(Satisfaction(satisfaction).label)
    if satisfaction == Satisfaction.NOT:
        today = today or timezone.localdate()
        s.round += 1
        s.round_started_on = today
        s.deadline = workdays.Calendar(s.region_id).add(today, settings.SUGGESTIONS_REROUND_WORKING_DAYS)
        _move(s, actor, State.SIGNED, "evaluate", f"{label}：{reason}；" + _("进入第%(n)s轮办理") % {"n": s.round})
        notify_many(
            _unit_staff([s.lead_unit_id]),
            kind="suggestions.reround",
            subject=_("代表对答复不满意，请重新办理：%(title)s") % {"title": s.title},
            dedup_key=f"suggestion:{s.pk}:round:{s.round}",
            link=_link(s),
        )
    else:
        _move(s, actor, State.EVALUATED, "evaluate", label)
    return reply


# --- the staff ----------------------------------------------------------------------------------
@transaction.atomic
def review(s, actor, decision: str, note: str = "") -> Suggestion:
    """decision: accept | refuse | return."""
    MACHINE.begin(s, "review", actor)
    if decision in ("refuse", "return") and not note.strip():
        _refuse(_("不予立案或退回修改时请写明理由"))
    s.review_note = note[:300]
    if decision == "accept":
        qs = Suggestion.objects.filter(region_id=s.region_id, session=s.session)
        if s.session_id is None:
            qs = qs.filter(submitted_at__year=s.submitted_at.year)
        s.number = (qs.aggregate(m=Max("number"))["m"] or 0) + 1
        _move(s, actor, State.ACCEPTED, "review", note, record_as="accept")
        subject = _("您的建议已立案（%(number)s）：%(title)s") % {"number": s.number_label, "title": s.title}
    elif decision == "refuse":
        _move(s, actor, State.REFUSED, "review", note, record_as="refuse")
        subject = _("您的建议不予立案：%(title)s") % {"title": s.title}
    elif decision == "return":
        _move(s, actor, State.RETURNED, "review", note, record_as="return")
        subject = _("您的建议被退回修改：%(title)s") % {"title": s.title}
    else:
        _refuse(_("请选择审查结果"))
    n = s.transitions.count()
    _notify_author(s, "suggestions.review", subject, f"suggestion:{s.pk}:review:{n}")
    return s


def _set_units(s, lead_unit, assisting_units):
    if lead_unit is None:
        _refuse(_("请选择主办单位"))
    # A unit of the county (or a township in it), or of a level above that serves it.
    if not (lead_unit.region_id.startswith(s.region_id) or s.region_id.startswith(lead_unit.region_id)):
        _refuse(_("承办单位不在本行政区划内"))
    s.lead_unit = lead_unit
    s.save()
    s.assisting_units.set([u for u in assisting_units if u.pk != lead_unit.pk])


def _start_handling(s, today):
    s.assigned_on = today
    s.round_started_on = today
    s.deadline = workdays.reply_deadline(s.region_id, today)


def _notify_units(s, key):
    unit_ids = [s.lead_unit_id, *s.assisting_units.values_list("pk", flat=True)]
    notify_many(
        _unit_staff(unit_ids),
        kind="suggestions.assigned",
        subject=_("新交办建议：%(title)s，请于%(date)s前答复") % {"title": s.title, "date": s.deadline},
        dedup_key=key,
        link=_link(s),
    )


@transaction.atomic
def assign(s, actor, lead_unit, assisting_units=(), today: datetime.date | None = None) -> Suggestion:
    MACHINE.begin(s, "assign", actor)
    today = today or timezone.localdate()
    members = _followers(s, State.ACCEPTED)
    _set_units(s, lead_unit, assisting_units)
    _start_handling(s, today)
    names = "、".join(u.name for u in s.assisting_units.all())
    note = _("主办：%(lead)s") % {"lead": lead_unit.name} + (_("；协办：%(names)s") % {"names": names} if names else "")
    # Requests to co-sign that the author left unanswered lapse with the assignment.
    lapsed = list(s.cosigns.filter(status=CoSignature.Status.REQUESTED).select_related("deputy"))
    if lapsed:
        CoSignature.objects.filter(pk__in=[c.pk for c in lapsed]).delete()
        note += "；" + _("未处理的附议申请已失效：%(names)s") % {"names": "、".join(c.deputy.name for c in lapsed)}
    _move(s, actor, State.ASSIGNED, "assign", note)
    # One assignment for the merged case: its members get the same units and deadline.
    for m in members:
        _set_units(m, lead_unit, assisting_units)
        _start_handling(m, today)
    _follow(s, members, actor, State.ASSIGNED, "assign", note)
    _notify_units(s, f"suggestion:{s.pk}:assigned:{s.lead_unit_id}:{today}")
    return s


@transaction.atomic
def mark_key(s, actor, *, is_key=True, leader=None, leader_name="", leader_post="", meeting=None) -> Suggestion:
    MACHINE.begin(s, "key", actor)
    if is_key and not (leader or leader_name.strip()):
        _refuse(_("重点建议须确定领办的县级领导"))
    s.is_key = is_key
    s.leader = leader if is_key else None
    s.leader_name = leader_name if is_key else ""
    s.leader_post = leader_post if is_key else ""
    s.meeting = meeting if is_key else s.meeting
    s.save()
    _event(s, actor, "mark_key", s.leader_label if is_key else _("取消重点建议"))
    return s


@transaction.atomic
def decide_return(req: ReturnRequest, actor, approve: bool, *, new_unit=None, assisting_units=(), note="", today=None):
    s = req.suggestion
    MACHINE.begin(s, "decide_return", actor)
    req.refresh_from_db()
    if req.status != RequestStatus.PENDING:
        _refuse(_("该申请已处理"))
    if approve and (new_unit is None or new_unit.pk == req.unit_id):
        _refuse(_("同意退回时须改交其他主办单位"))
    req.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    req.decision_note = note[:300]
    req.save()
    members = _followers(s, State.RETURN_REQUESTED)
    if approve:
        today = today or timezone.localdate()
        _set_units(s, new_unit, assisting_units)
        _start_handling(s, today)
        note = _("改交%(unit)s；%(note)s") % {"unit": new_unit.name, "note": note}
        _move(s, actor, State.ASSIGNED, "decide_return", note, record_as="reassign")
        for m in members:
            _set_units(m, new_unit, assisting_units)
            _start_handling(m, today)
        _follow(s, members, actor, State.ASSIGNED, "decide_return", note, record_as="reassign")
        _notify_units(s, f"suggestion:{s.pk}:assigned:{s.lead_unit_id}:{today}")
    else:
        _move(s, actor, State.SIGNED, "decide_return", note, record_as="return_refused")
        _follow(s, members, actor, State.SIGNED, "decide_return", note, record_as="return_refused")
        notify_many(
            _unit_staff([req.unit_id]),
            kind="suggestions.return_refused",
            subject=_("退回申请未获同意，请继续办理：%(title)s") % {"title": s.title},
            dedup_key=f"suggestion:{s.pk}:return:{req.pk}:refused",
            link=_link(s),
        )
    return req


@transaction.atomic
def decide_extension(req: ExtensionRequest, actor, approve: bool, note: str = "") -> ExtensionRequest:
    s = MACHINE.locked(req.suggestion)
    req.refresh_from_db()
    if req.status != RequestStatus.PENDING:
        _refuse(_("该申请已处理"))
    MACHINE.check(s, "decide_extension", actor)
    if approve:
        if s.state not in HANDLING_STATES:
            _refuse(_("当前状态为“%(state)s”，不能延期") % {"state": _label(s.state)})
        _check_extension_date(s, req.new_deadline)
        s.deadline = req.new_deadline
        s.save()
        if s.is_case_lead and s.round == 1:
            Suggestion.objects.filter(case_id=s.case_id, round=1, state__in=HANDLING_STATES).update(
                deadline=req.new_deadline
            )
    req.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    req.decision_note = note[:300]
    req.save()
    verdict = _("同意延期至%(date)s") % {"date": req.new_deadline} if approve else _("不同意延期")
    _event(s, actor, "extension_decided", f"{verdict} {note}".strip())
    notify_many(
        _unit_staff([req.unit_id]),
        kind="suggestions.extension",
        subject=f"{verdict}：{s.title}",
        dedup_key=f"suggestion:{s.pk}:extension:{req.pk}",
        link=_link(s),
    )
    return req


def decide_pending_extension(s, actor, *, approve: bool, note: str = "") -> ExtensionRequest:
    """The act view's entry: the one pending request of this suggestion."""
    req = s.extension_requests.filter(status=RequestStatus.PENDING).first()
    if req is None:
        _refuse(_("没有待审批的延期申请"))
    return decide_extension(req, actor, approve, note)


def decide_pending_return(s, actor, *, approve: bool, new_unit=None, note: str = "") -> ReturnRequest:
    req = s.return_requests.filter(status=RequestStatus.PENDING).first()
    if req is None:
        _refuse(_("没有待审批的退回申请"))
    return decide_return(req, actor, approve, new_unit=new_unit, note=note)


@transaction.atomic
def close(s, actor, note: str = "") -> Suggestion:
    MACHINE.begin(s, "close", actor)
    _move(s, actor, State.CLOSED, "close", note)
    return s


@transaction.atomic
def publish(s, actor) -> Suggestion:
    MACHINE.begin(s, "publish", actor)
    s.is_public = True
    _move(s, actor, State.PUBLISHED, "publish")
    return s


@transaction.atomic
def set_public(s, actor, is_public: bool) -> Suggestion:
    MACHINE.begin(s, "toggle_public", actor)
    s.is_public = is_public
    s.save()
    _event(s, actor, "public_on" if is_public else "public_off")
    return s


def toggle_public(s, actor) -> Suggestion:
    return set_public(s, actor, not s.is_public)


# --- the handling unit --------------------------------------------------------------------------
@transaction.atomic
def sign_for(s, actor) -> Suggestion:
    MACHINE.begin(s, "sign", actor)
    members = _followers(s, State.ASSIGNED)
    _move(s, actor, State.SIGNED, "sign")
    _follow(s, members, actor, State.SIGNED, "sign")
    return s


def return_window_end(s) -> datetime.date | None:
    if not s.assigned_on:
        return None
    return workdays.Calendar(s.region_id).add(s.assigned_on, settings.SUGGESTIONS_RETURN_WORKING_DAYS)


@transaction.atomic
def request_return(s, actor, reason: str, today: datetime.date | None = None) -> ReturnRequest:
    MACHINE.begin(s, "request_return", actor)
    if not reason.strip():
        _refuse(_("申请退回须写明理由"))
    today = today or timezone.localdate()
    end = return_window_end(s)
    if today > end:
        _refuse(
            _("交办之日起%(days)s个工作日内（%(date)s前）可以申请退回，现已超过期限")
            % {"days": settings.SUGGESTIONS_RETURN_WORKING_DAYS, "date": end}
        )
    req = ReturnRequest.objects.create(suggestion=s, unit=s.lead_unit, reason=reason, requested_by=actor)
    members = _followers(s, s.state)
    _move(s, actor, State.RETURN_REQUESTED, "request_return", reason)
    _follow(s, members, actor, State.RETURN_REQUESTED, "request_return", reason)
    notify_many(
        staff_for(s.region_id),
        kind="suggestions.return_request",
        subject=_("%(unit)s 申请退回建议：%(title)s") % {"unit": s.lead_unit.name, "title": s.title},
        dedup_key=f"suggestion:{s.pk}:return:{req.pk}",
        link=_link(s),
    )
    return req


def _check_extension_date(s, new_deadline):
    cap = workdays.latest_deadline(s.round_started_on or s.assigned_on)
    if new_deadline <= s.deadline:
        _refuse(_("延期后的期限须晚于当前期限（%(date)s）") % {"date": s.deadline})
    if new_deadline > cap:
        _refuse(
            _("办理期限自交办之日起最长不超过%(months)s个月，最迟为%(date)s")
            % {"months": settings.SUGGESTIONS_MAX_MONTHS, "date": cap}
        )


@transaction.atomic
def request_extension(s, actor, new_deadline: datetime.date, reason: str) -> ExtensionRequest:
    MACHINE.begin(s, "request_extension", actor)
    if not reason.strip():
        _refuse(_("申请延期须写明理由"))
    _check_extension_date(s, new_deadline)
    req = ExtensionRequest.objects.create(
        suggestion=s, unit=s.lead_unit, new_deadline=new_deadline, reason=reason, requested_by=actor
    )
    _event(
        s, actor, "request_extension", _("申请延期至%(date)s：%(reason)s") % {"date": new_deadline, "reason": reason}
    )
    notify_many(
        staff_for(s.region_id),
        kind="suggestions.extension_request",
        subject=_("%(unit)s 申请延期答复：%(title)s") % {"unit": s.lead_unit.name, "title": s.title},
        dedup_key=f"suggestion:{s.pk}:extension:{req.pk}:request",
        link=_link(s),
    )
    return req


@transaction.atomic
def record_contact(s, actor, *, date, kind, note) -> Contact:
    MACHINE.begin(s, "contact", actor)
    contact = Contact.objects.create(suggestion=s, unit=actor.unit, date=date, kind=kind, note=note, recorded_by=actor)
    _event(s, actor, "contact", f"{date} {contact.get_kind_display()}：{note[:150]}")
    return contact


@transaction.atomic
def reply(s, actor, *, text, result_class, file=None) -> Reply:
    MACHINE.begin(s, "reply", actor)
    if not text.strip():
        _refuse(_("请填写答复内容"))
    members = _followers(s, State.SIGNED)
    r = Reply.objects.create(
        suggestion=s, round=s.round, unit=s.lead_unit, text=text, result_class=result_class, replied_by=actor
    )
    if file:
        r.file = file
        r.save(update_fields=["file"])
    note = _("第%(n)s轮答复，%(cls)s类") % {"n": s.round, "cls": result_class}
    _move(s, actor, State.REPLIED, "reply", note)
    _replied(s, r, actor)
    # Merged handling: one reply for the case, a copy on every member (same letter file), so each
    # author is told and evaluates it on their own suggestion.
    for m in members:
        copy = Reply.objects.create(
            suggestion=m, round=m.round, unit=s.lead_unit, text=text, result_class=result_class, replied_by=actor
        )
        if r.file:
            copy.file.name = r.file.name
            copy.save(update_fields=["file"])
        _follow(s, [m], actor, State.REPLIED, "reply", note)
        _replied(m, copy, actor)
    return r


def _replied(s, r, actor):
    # The places it came from (a liaison-station opinion, a citizen's message) record the reply.
    signals.replied.send(sender=Suggestion, suggestion=s, reply=r, by=actor)
    _notify_author(
        s,
        "suggestions.replied",
        _("您的建议已答复，请测评：%(title)s") % {"title": s.title},
        f"suggestion:{s.pk}:replied:{s.round}",
    )


# --- merged handling (并案办理) -------------------------------------------------------------------
@transaction.atomic
def merge(lead, actor, members) -> MergedCase:
    """Staff merge similar suggestions into `lead`'s case: only accepted, not yet assigned ones of
    the same county that `actor` may see, none already in another case. Every author is told."""
    MACHINE.begin(lead, "merge", actor)
    members = [m for m in members if m.pk != lead.pk]
    if not members:
        _refuse(_("请选择要并入的建议"))
    county = county_of(lead.region_id)
    visible = Suggestion.objects.visible_to(actor)
    for m in members:
        if county_of(m.region_id) != county or not visible.filter(pk=m.pk).exists():
            _refuse(_("只能并入本县（区）的建议：%(title)s") % {"title": m.title})
        MACHINE.begin(m, "merged", actor)
        if MergedCase.objects.filter(lead=m).exists():
            _refuse(_("%(title)s 是另一个并案的主件") % {"title": m.title})
    case = (
        lead.case if lead.case_id else MergedCase.objects.create(region_id=lead.region_id, lead=lead, created_by=actor)
    )
    if lead.case_id is None:
        lead.case = case
        lead.save(update_fields=["case", "updated_at"])
    lead_label = f"#{lead.pk} {lead.title}"
    for m in members:
        m.case = case
        m.save(update_fields=["case", "updated_at"])
        _event(m, actor, "merged", _("并入%(lead)s，由主件统一交办、答复") % {"lead": lead_label})
        _notify_author(
            m,
            "suggestions.merged",
            _("您的建议已与相似建议并案办理：%(title)s") % {"title": m.title},
            f"suggestion:{m.pk}:merged:{case.pk}",
        )
    _event(lead, actor, "merge", "、".join(f"#{m.pk} {m.title}" for m in members))
    return case


@transaction.atomic
def split(lead, actor) -> list[Suggestion]:
    """Undo a merged case while it is not assigned: every suggestion is handled on its own again."""
    MACHINE.begin(lead, "split", actor)
    case = lead.case
    members = list(Suggestion.objects.select_for_update().filter(case=case).exclude(pk=lead.pk).order_by("pk"))
    Suggestion.objects.filter(case=case).update(case=None)
    lead.case = None
    for m in members:
        m.case = None
        _event(m, actor, "split", _("与%(lead)s的并案已撤销") % {"lead": f"#{lead.pk} {lead.title}"})
    _event(lead, actor, "split", "、".join(f"#{m.pk} {m.title}" for m in members))
    case.delete()
    return members


@transaction.atomic
def leave_case(member, actor) -> Suggestion:
    """Take one merged-in suggestion out of its case while the case is not assigned: it is handled on
    its own again, the others stay with the lead. A case left with its lead alone is dissolved."""
    MACHINE.begin(member, "unmerge", actor)
    case = MergedCase.objects.select_for_update().select_related("lead").get(pk=member.case_id)
    lead, case_pk = case.lead, case.pk
    member.case = None
    member.save(update_fields=["case", "updated_at"])
    _event(member, actor, "unmerge", _("已从%(lead)s的并案中移出，单独办理") % {"lead": f"#{lead.pk} {lead.title}"})
    if not Suggestion.objects.filter(case=case).exclude(pk=lead.pk).exists():
        Suggestion.objects.filter(pk=lead.pk).update(case=None)
        case.delete()
    _event(lead, actor, "unmerge", f"#{member.pk} {member.title}")
    _notify_author(
        member,
        "suggestions.unmerged",
        _("您的建议已移出并案，单独办理：%(title)s") % {"title": member.title},
        f"suggestion:{member.pk}:unmerged:{case_pk}",
    )
    return member


def merge_candidates(s, user):
    """(similar items, those `user` may merge into `s` now) — accepted suggestions not yet in a case,
    and opinions and messages that may still become a source — or None when `user` may do neither."""
    from similar import services as similar_services

    can_merge = MACHINE.refusal(s, "merge", user) is None
    if not can_merge and MACHINE.refusal(s, "source", user) is not None:
        return None
    hits = similar_services.similar_to(s, user)
    candidates = []
    for h in hits:
        if h.kind.is_joined(h.obj):
            continue
        if h.kind.model is Suggestion:
            if can_merge and h.obj.state == State.ACCEPTED:
                candidates.append(h)
        elif h.kind.attachable(h.obj):
            candidates.append(h)
    return hits, candidates


def record_source(s, actor, label: str, *, region_id: str) -> Transition:
    """An app to the right made one of its records (an opinion, a citizen's message) a source of
    this suggestion: staff of the branch, before the reply, a record of the suggestion's county
    (`region_id` is the source's) that `actor` may see. Written in the suggestion's history; called
    inside the caller's transaction, so a refusal undoes the source's own move."""
    if (
        county_of(region_id) != county_of(s.region_id)
        or not Suggestion.objects.visible_to(actor).filter(pk=s.pk).exists()
    ):
        _refuse(_("只能并入本县（区）的代表建议"))
    MACHINE.begin(s, "source", actor)
    return _event(s, actor, "source", label)


# --- key suggestions under a supervision group --------------------------------------------------
@transaction.atomic
def put_under_group(s: Suggestion, actor, group: SupervisionGroup) -> None:
    """Staff put a key suggestion under a supervision group (督办组); the group's leader is told."""
    _require_staff(actor, s)
    if not s.is_key:
        _refuse(_("只有重点建议才能交督办组督办，请先确定为重点建议"))
    if group.region_id[:6] != s.region_id[:6]:
        _refuse(_("督办组不属于本县（区）"))
    if group.suggestions.filter(pk=s.pk).exists():
        _refuse(_("%(group)s已在督办这件建议") % {"group": group.name})
    group.suggestions.add(s)
    _event(s, actor, "supervise", group.name)
    if group.leader_id and group.leader.user_id:
        notify(
            group.leader.user,
            kind="suggestions.supervise",
            subject=_("%(group)s督办重点建议：%(title)s") % {"group": group.name, "title": s.title},
            dedup_key=f"suggestion:{s.pk}:group:{group.pk}",
            link=reverse("suggestions:detail", args=[s.pk]),
        )


@transaction.atomic
def record_supervision_visit(
    s: Suggestion, actor, *, group: SupervisionGroup, date, unit, findings: str, follow_up: str = ""
) -> SupervisionVisit:
    """A group's supervision visit about a key suggestion; the visited unit's staff are told the
    follow-up asked of them."""
    _require_staff(actor, s)
    if not group.suggestions.filter(pk=s.pk).exists():
        _refuse(_("%(group)s没有督办这件建议") % {"group": group.name})
    if date > timezone.localdate():
        _refuse(_("督办日期不能晚于今天"))
    findings = (findings or "").strip()
    if not findings:
        _refuse(_("请填写督办发现"))
    visit = SupervisionVisit.objects.create(
        group=group,
        suggestion=s,
        date=date,
        unit=unit,
        findings=findings,
        follow_up=follow_up.strip(),
        recorded_by=actor,
    )
    _event(s, actor, "supervision_visit", f"{group.name} · {unit.name}：{findings[:100]}")
    if visit.follow_up:
        for person in unit.active_staff():
            notify(
                person,
                kind="suggestions.supervision_follow_up",
                subject=_("%(group)s督办“%(title)s”，提出跟进要求") % {"group": group.name, "title": s.title},
                body=visit.follow_up[:200],
                dedup_key=f"suggestion:{s.pk}:visit:{visit.pk}",
                link=reverse("suggestions:detail", args=[s.pk]),
            )
    return visit
