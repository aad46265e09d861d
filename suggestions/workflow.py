"""The table of a suggestion's moves (see core/transitions.py and docs/architecture.md
"Moving a record"): who may do what in which state, where it leads, its button and its form.
services.py checks every write against it, the act view dispatches through it, the detail page
shows its buttons from it, and the tests walk it."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.regions import county_of, governs
from core.transitions import Action, Machine, Who
from deputies.models import Deputy

from . import forms
from .models import EDITABLE_STATES, HANDLING_STATES, REPLIED_STATES, RequestStatus, State, Suggestion, Transition


# --- who ----------------------------------------------------------------------------------------
def is_staff_for(user, s: Suggestion) -> bool:
    return governs(user, s.region_id, Role.COMMITTEE_STAFF)


def is_author(user, s: Suggestion) -> bool:
    return s.author.user_id is not None and s.author.user_id == user.pk


def is_lead_unit_staff(user, s: Suggestion) -> bool:
    return bool(user.unit_id) and user.unit_id == s.lead_unit_id


def is_unit_staff_for(user, s: Suggestion) -> bool:
    return bool(user.unit_id) and (user.unit_id == s.lead_unit_id or s.assisting_units.filter(pk=user.unit_id).exists())


def is_invited(user, s: Suggestion) -> bool:
    return s.cosigns.filter(deputy__user=user, status="invited").exists()


def is_peer_deputy(user, s: Suggestion) -> bool:
    """A deputy of the suggestion's county who is not its author and has no co-signature on it yet."""
    if is_author(user, s):
        return False
    deputy = Deputy.objects.filter(user=user, region__code__startswith=county_of(s.region_id)).first()
    return deputy is not None and not s.cosigns.filter(deputy=deputy).exists()


def _pending_requests(s) -> bool:
    return s.cosigns.filter(status="requested").exists()


AUTHOR = Who(is_author, _("只有领衔代表本人可以执行此操作"))
PEER = Who(is_peer_deputy, _("只有本县（区）尚未附议这件建议的代表可以申请附议"))
STAFF = Who(is_staff_for, _("只有本级人大常委会工作人员可以执行此操作"))
LEAD_UNIT = Who(is_lead_unit_staff, _("只有主办单位的工作人员可以执行此操作"))
UNIT = Who(is_unit_staff_for, _("只有承办单位的工作人员可以登记沟通情况"))
INVITED = Who(is_invited, _("您没有收到这件建议的附议邀请"))


# --- forms --------------------------------------------------------------------------------------
def _plain(cls):
    return lambda s, data=None, files=None, user=None: cls(data, files)


def _of(cls):
    return lambda s, data=None, files=None, user=None: cls(data, files, suggestion=s)


def _key_form(s, data=None, files=None, user=None):
    initial = {
        "is_key": True,
        "leader": s.leader_id,
        "leader_name": s.leader_name,
        "leader_post": s.leader_post,
        "meeting": s.meeting_id,
    }
    return forms.KeyForm(data, files, suggestion=s, initial=initial)


def _pending_extension(s) -> bool:
    return s.extension_requests.filter(status=RequestStatus.PENDING).exists()


def _not_following(s) -> bool:
    return not s.follows_lead


FOLLOWS = _("这件建议已并案办理，请在主件上办理")


def _audit(s, *, user, from_state, to_state, action, note):
    return Transition.objects.create(
        suggestion=s, actor=user, from_state=from_state, to_state=to_state, action=action, note=note
    )


ALL = set(State.values)
_S = "suggestions.services."

MACHINE = Machine(
    model=Suggestion,
    field="state",
    states=State,
    audit=_audit,
    actions=[
        # the deputy
        Action(
            "submit",
            _("提交建议"),
            EDITABLE_STATES,
            AUTHOR,
            targets=[State.SUBMITTED],
            run=_S + "submit",
            done=_("建议已提交，内容和附议人已锁定"),
            hint=_("提交后建议内容和附议人名单将锁定，之后只能添加补充材料。"),
        ),
        Action(
            "cosign",
            _("附议"),
            EDITABLE_STATES,
            INVITED,
            run=_S + "cosign",
            form=_plain(forms.CosignForm),
            done=_("已处理附议邀请"),
            state_refusal=_("建议已提交，附议人名单已锁定"),
        ),
        # a deputy who found this suggestion while drafting a similar one asks to co-sign it, until
        # it is assigned; the author answers (docs/suggestions.md "Duplicate warning")
        Action(
            "request_cosign",
            _("申请附议"),
            [State.SUBMITTED, State.ACCEPTED],
            PEER,
            state_refusal=_("这件建议已交办，不能再申请附议"),
            button=False,
        ),
        Action(
            "answer_cosign",
            _("附议申请"),
            [State.SUBMITTED, State.ACCEPTED],
            AUTHOR,
            when=_pending_requests,
            when_refusal=_("没有待处理的附议申请"),
            run=_S + "answer_cosign_request",
            form=_of(forms.CosignRequestAnswerForm),
            done=_("已处理附议申请"),
        ),
        Action(
            "evaluate",
            _("测评答复"),
            [State.REPLIED],
            AUTHOR,
            targets=[State.EVALUATED, State.SIGNED],
            run=_S + "evaluate",
            form=_plain(forms.EvaluateForm),
            done=_("测评已提交"),
        ),
        Action(
            "supplement",
            _("补充材料"),
            ALL - EDITABLE_STATES - {State.REFUSED, State.PUBLISHED},
            AUTHOR,
            run=_S + "add_supplement",
            form=_plain(forms.SupplementForm),
        ),
        # the committee's staff
        Action(
            "review",
            _("审查"),
            [State.SUBMITTED],
            STAFF,
            targets=[State.ACCEPTED, State.REFUSED, State.RETURNED],
            run=_S + "review",
            form=_plain(forms.ReviewForm),
            needs_note=True,
        ),
        Action(
            "assign",
            _("交办"),
            [State.ACCEPTED],
            STAFF,
            targets=[State.ASSIGNED],
            when=_not_following,
            when_refusal=FOLLOWS,
            run=_S + "assign",
            form=_of(forms.AssignForm),
        ),
        Action(
            "split",
            _("撤销并案"),
            [State.ACCEPTED],
            STAFF,
            when=lambda s: s.is_case_lead,
            when_refusal=_("这件建议不是并案的主件"),
            run=_S + "split",
            style="outline-danger",
            done=_("已撤销并案，各件建议分别办理"),
            hint=_("交办前可以撤销并案，撤销后各件建议分别交办。"),
        ),
        Action(
            "unmerge",
            _("移出并案"),
            [State.ACCEPTED],
            STAFF,
            when=lambda s: s.follows_lead,
            when_refusal=_("这件建议不是并入主件的建议"),
            run=_S + "leave_case",
            style="outline-danger",
            done=_("已移出并案，这件建议单独办理"),
            hint=_("交办前可以把这一件移出并案，单独交办；其余建议仍由主件统一办理。"),
        ),
        Action(
            "key",
            _("确定重点建议"),
            {State.ACCEPTED, *HANDLING_STATES, State.REPLIED},
            STAFF,
            run=_S + "mark_key",
            form=_key_form,
        ),
        Action(
            "decide_return",
            _("审批退回申请"),
            [State.RETURN_REQUESTED],
            STAFF,
            targets=[State.ASSIGNED, State.SIGNED],
            run=_S + "decide_pending_return",
            form=_of(forms.ReturnDecisionForm),
        ),
        Action(
            "decide_extension",
            _("审批延期申请"),
            ALL,
            STAFF,
            when=_pending_extension,
            when_refusal=_("没有待审批的延期申请"),
            run=_S + "decide_pending_extension",
            form=_plain(forms.DecisionForm),
        ),
        Action("close", _("办结"), [State.EVALUATED], STAFF, targets=[State.CLOSED], run=_S + "close", style="success"),
        Action(
            "publish",
            _("公开"),
            [State.CLOSED],
            STAFF,
            targets=[State.PUBLISHED],
            when=lambda s: not s.is_confidential,
            when_refusal=_("涉密或不宜公开的建议不能公开"),
            run=_S + "publish",
            style="outline-success",
        ),
        Action(
            "toggle_public",
            _("设置是否公开"),
            REPLIED_STATES,
            STAFF,
            when=lambda s: not s.is_confidential,
            when_refusal=_("涉密或不宜公开的建议不能公开"),
            run=_S + "toggle_public",
            style="outline-secondary",
        ),
        # the lead unit (and the assisting units for contacts)
        Action(
            "sign",
            _("签收"),
            [State.ASSIGNED],
            LEAD_UNIT,
            targets=[State.SIGNED],
            when=_not_following,
            when_refusal=FOLLOWS,
            run=_S + "sign_for",
            done=_("已签收"),
        ),
        Action(
            "request_return",
            _("申请退回"),
            [State.ASSIGNED, State.SIGNED],
            LEAD_UNIT,
            targets=[State.RETURN_REQUESTED],
            when=lambda s: s.round == 1 and not s.follows_lead,
            when_refusal=_("重新办理或并案办理的建议不能单独申请退回"),
            run=_S + "request_return",
            form=_plain(forms.ReturnRequestForm),
        ),
        Action(
            "request_extension",
            _("申请延期"),
            [State.SIGNED],
            LEAD_UNIT,
            when=lambda s: not _pending_extension(s) and not s.follows_lead,
            when_refusal=_("已有一份延期申请在审批中，或这件建议已并案办理（请在主件上申请）"),
            run=_S + "request_extension",
            form=_plain(forms.ExtensionRequestForm),
        ),
        Action(
            "reply",
            _("答复"),
            [State.SIGNED],
            LEAD_UNIT,
            targets=[State.REPLIED],
            when=_not_following,
            when_refusal=FOLLOWS,
            run=_S + "reply",
            form=_plain(forms.ReplyForm),
            done=_("答复已提交"),
        ),
        Action(
            "contact",
            _("登记与代表沟通"),
            [State.SIGNED, State.REPLIED],
            UNIT,
            run=_S + "record_contact",
            form=_plain(forms.ContactForm),
        ),
        # written by services and the sweep, never a button
        Action(
            "edit",
            _("修改草稿"),
            EDITABLE_STATES,
            AUTHOR,
            button=False,
            state_refusal=_("建议提交后内容已锁定，不能修改；如需补充请添加补充材料"),
        ),
        Action(
            "invite",
            _("邀请附议"),
            EDITABLE_STATES,
            AUTHOR,
            button=False,
            state_refusal=_("建议提交后附议人已锁定，不能再邀请附议"),
        ),
        Action("overdue", _("逾期"), HANDLING_STATES, button=False),
        # merged handling (并案): staff choose the members beside the similar items (services.merge);
        # the lead records "merge", each member "merged"; sources (an opinion, a citizen's message)
        # attached by their own apps are recorded as "source".
        Action(
            "merge",
            _("并案办理"),
            [State.ACCEPTED],
            STAFF,
            when=lambda s: s.case_id is None or s.is_case_lead,
            when_refusal=_("这件建议已并入另一件建议办理"),
            state_refusal=_("只有已立案、尚未交办的建议可以并案"),
            button=False,
        ),
        Action(
            "merged",
            _("并入并案办理"),
            [State.ACCEPTED],
            STAFF,
            when=lambda s: s.case_id is None,
            when_refusal=_("这件建议已在另一个并案中"),
            state_refusal=_("只有已立案、尚未交办的建议可以并入"),
            button=False,
        ),
        Action(
            "source",
            _("关联来源"),
            {State.SUBMITTED, State.ACCEPTED, *HANDLING_STATES},
            STAFF,
            state_refusal=_("这件建议已答复或未在办理，不能再关联来源"),
            button=False,
        ),
    ],
)
