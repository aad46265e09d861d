"""The table of a citizen's message (see core/transitions.py and docs/architecture.md "Moving a
record"): what the deputy, the committee's staff and the citizen may do in which state. services.py
checks every write against it and writes the history (`MessageEvent`) through its hook; the inbox
and staff pages show their buttons from it."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.roles import Role
from core.regions import county_of
from core.transitions import Action, Machine, Who
from deputies.models import Deputy

from . import forms
from .models import EventKind, Message, MessageEvent, Status


def is_own_deputy(user, message: Message) -> bool:
    return message.deputy.user_id is not None and message.deputy.user_id == user.pk


def is_staff_for(user, message: Message) -> bool:
    if user.is_superuser:
        return True
    return (
        user.has_role(Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
        and bool(user.region_id)
        and message.region_id.startswith(user.region_id)
    )


def is_forwarded_unit_staff(user, message: Message) -> bool:
    return bool(user.unit_id) and message.forwarded_unit_id == user.unit_id


UNIT = Who(is_forwarded_unit_staff, _("这条留言没有转交给您的单位"))
DEPUTY = Who(is_own_deputy, _("只有收到留言的代表本人可以办理"))
STAFF = Who(is_staff_for, _("只有本级人大常委会工作人员可以执行此操作"))

# The history row each action writes (the action name where it is already an event kind).
EVENT_OF = {
    "answer": EventKind.ANSWERED,
    "publish_unit_reply": EventKind.ANSWERED,
    "forward": EventKind.FORWARDED,
    "handle": EventKind.HANDLED,
    "staff_close": EventKind.HANDLED,
    "release": EventKind.RELEASED,
    "hide": EventKind.HIDDEN,
    "reassign": EventKind.REASSIGNED,
    "rate": EventKind.RATED,
    "unit_reply": EventKind.UNIT_REPLIED,
    "attach": EventKind.FORWARDED,
    "suggestion_reply": EventKind.ANSWERED,
}


# --- the forms of the cards (form(record, data=None, files=None, user=None)) ---------------------
def _answer_form(m, data=None, files=None, user=None):
    # A unit's reply is the starting point of the deputy's answer to the citizen.
    return forms.AnswerForm(data, initial={"answer": m.answer or m.unit_reply})


def _forward_form(m, data=None, files=None, user=None):
    units = Unit.objects.filter(is_active=True, region__code__startswith=county_of(m.region_id))
    return forms.ForwardForm(data, units=units)


def _reassign_form(m, data=None, files=None, user=None):
    return forms.ReassignForm(data, deputies=Deputy.objects.visible_to(user).current())


def _unit_reply_form(m, data=None, files=None, user=None):
    return forms.UnitReplyForm(data, initial={"reply": m.unit_reply})


def _plain(cls):
    return lambda m, data=None, files=None, user=None: cls(data)


def _audit(message, *, user, from_state, to_state, action, note):
    return MessageEvent.objects.create(message=message, kind=EVENT_OF.get(action, action), actor=user, note=note)


S = Status
_S = "citizen_messages.services."
MACHINE = Machine(
    model=Message,
    field="status",
    states=Status,
    audit=_audit,
    actions=[
        # the deputy
        Action(
            "answer",
            _("回复"),
            [S.NEW, S.FORWARDED, S.REOPENED, S.ANSWERED],
            DEPUTY,
            targets=[S.ANSWERED],
            state_refusal=_("该留言当前状态不能回复"),
            run=_S + "answer",
            form=_answer_form,
            done=_("已回复，群众凭查询码可以看到您的回复"),
        ),
        Action(
            "forward",
            _("转办"),
            [S.NEW, S.REOPENED, S.FORWARDED],
            DEPUTY,
            targets=[S.FORWARDED],
            state_refusal=_("该留言当前状态不能转办"),
            run=_S + "forward",
            form=_forward_form,
            done=_("已转办"),
        ),
        Action(
            "handle",
            _("标记办结"),
            [S.ANSWERED, S.FORWARDED, S.REOPENED],
            DEPUTY,
            targets=[S.CLOSED],
            when=lambda m: bool(m.answer),
            when_refusal=_("请先回复群众后再办结"),
            state_refusal=_("请先回复或转办后再办结"),
            style="success",
            run=_S + "mark_handled",
            done=_("已标记为办结"),
        ),
        # the unit it was forwarded to: its reply goes to the deputy, who answers the citizen
        Action(
            "unit_reply",
            _("答复"),
            [S.FORWARDED, S.REOPENED, S.ANSWERED],
            UNIT,
            state_refusal=_("该留言当前状态不能答复"),
            run=_S + "unit_reply",
            form=_unit_reply_form,
            done=_("已答复，转办的代表将收到提醒并回复群众"),
        ),
        # the citizen (no account: the tracking code is the permission)
        Action(
            "rate",
            _("评价"),
            [S.ANSWERED, S.CLOSED],
            targets=[S.REOPENED],  # only when not satisfied; otherwise an event in the state
            when=lambda m: not m.rating,
            when_refusal=_("您已评价过该回复"),
            state_refusal=_("代表回复后才能评价"),
            button=False,
        ),
        # the committee's staff
        Action(
            "release",
            _("审核通过"),
            [S.HELD],
            STAFF,
            targets=[S.NEW],
            state_refusal=_("只有待审核的留言可以审核通过"),
            style="success",
            run=_S + "release",
            done=_("已审核通过，代表将收到提醒"),
        ),
        Action(
            "publish_unit_reply",
            _("以承办单位答复回复群众"),
            [S.FORWARDED, S.REOPENED],
            STAFF,
            targets=[S.ANSWERED],
            when=lambda m: bool(m.unit_reply) and m.unit_reply != m.answer,
            when_refusal=_("承办单位尚未答复"),
            state_refusal=_("该留言当前状态不能回复"),
            run=_S + "publish_unit_reply",
            done=_("已采用承办单位的答复回复群众"),
        ),
        Action(
            "reassign",
            _("改派代表"),
            [S.HELD, S.NEW, S.FORWARDED, S.REOPENED],
            STAFF,
            state_refusal=_("该留言当前状态不能改派"),
            run=_S + "reassign",
            form=_reassign_form,
            style="outline-primary",
            done=_("已改派"),
        ),
        Action(
            "staff_close",
            _("复核办结"),
            [S.REOPENED, S.FORWARDED],
            STAFF,
            targets=[S.CLOSED],
            state_refusal=_("该留言当前状态不能由工作人员办结"),
            needs_note=True,
            run=_S + "staff_close",
            form=_plain(forms.StaffCloseForm),
            style="success",
            done=_("已办结"),
        ),
        # merged handling: staff attach the message to a suggestion (from the suggestion's page);
        # the suggestion's reply answers the citizen (written by the reply, never a button)
        Action(
            "attach",
            _("并入代表建议办理"),
            [S.NEW, S.FORWARDED, S.REOPENED],
            STAFF,
            targets=[S.FORWARDED],
            when=lambda m: m.suggestion_id is None,
            when_refusal=_("该留言已并入一件代表建议"),
            state_refusal=_("该留言当前状态不能并入代表建议"),
            button=False,
        ),
        Action(
            "suggestion_reply",
            _("代表建议答复"),
            [S.NEW, S.FORWARDED, S.REOPENED],
            targets=[S.ANSWERED],
            when=lambda m: m.suggestion_id is not None,
            button=False,
        ),
        Action(
            "hide",
            _("屏蔽"),
            set(S.values) - {S.HIDDEN},
            STAFF,
            targets=[S.HIDDEN],
            state_refusal=_("该留言已屏蔽"),
            style="outline-danger",
            run=_S + "hide",
            form=_plain(forms.HideForm),
            done=_("已屏蔽，原文保留在办理记录中"),
        ),
    ],
)
