"""The tables of the deputies app's records (see core/transitions.py and docs/architecture.md
"Moving a record"): a duty activity (submitted → verified / returned → submitted again), an
enterprise's opinion (received → forwarded → answered → closed) and a professional group
(planned → established → dissolved). Their audit trail is their django-simple-history log (each
move is one save, named by the action), so the machines have no audit hook of their own."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.regions import governs
from core.transitions import Action, Machine, Who

from .models import (
    Activity,
    ActivityParticipant,
    ActivityStatus,
    EnterpriseOpinion,
    GroupStatus,
    OpinionStatus,
    ProfessionalGroup,
)


def is_activity_editor(user, activity) -> bool:
    return user.is_superuser or user.has_role(Role.COMMITTEE_STAFF)


def is_participant(user, activity) -> bool:
    return ActivityParticipant.objects.filter(activity=activity, deputy__user=user).exists()


def can_follow_enterprise_opinion(user, opinion) -> bool:
    """The deputy who holds the link, or the committee staff of the enterprise's branch."""
    if opinion.link.deputy.user_id == user.pk:
        return True
    return governs(user, opinion.link.enterprise.region_id, Role.COMMITTEE_STAFF)


FOLLOWER = Who(can_follow_enterprise_opinion, _("只有联系该企业的代表或人大常委会工作人员可以办理"))
EDITOR = Who(is_activity_editor, _("只有人大常委会工作人员可以审核履职活动"))
PARTICIPANT = Who(is_participant, _("只有参加活动的代表可以修改后重新提交"))


def _return_form(activity, data=None, files=None, user=None):
    from .forms import ReturnForm  # forms import the models this table is about

    return ReturnForm(data, files)


A = ActivityStatus
_A = "deputies.services."
ACTIVITY = Machine(
    model=Activity,
    field="status",
    states=ActivityStatus,
    wrong_move_text=_("该活动当前状态为“%(state)s”，不能再审核"),
    actions=[
        Action(
            "verify",
            _("审核通过"),
            [A.SUBMITTED],
            EDITOR,
            targets=[A.VERIFIED],
            run=_A + "verify_activity",
            style="success",
            done=_("已审核通过，该活动计入代表履职档案"),
        ),
        Action(
            "return",
            _("退回"),
            [A.SUBMITTED],
            EDITOR,
            targets=[A.RETURNED],
            run=_A + "return_activity",
            style="outline-danger",
            needs_note=True,
            form=_return_form,
            done=_("已退回，代表会收到提醒"),
        ),
        Action(
            "resubmit",
            _("修改后重新提交"),
            [A.RETURNED],
            PARTICIPANT,
            targets=[A.SUBMITTED],
            run=_A + "resubmit_activity",
            button=False,  # a page of its own (the deputy's edit form)
            state_refusal=_("只有被退回的活动可以修改后重新提交"),
        ),
    ],
)

OS = OpinionStatus
ENTERPRISE_OPINION = Machine(
    model=EnterpriseOpinion,
    field="status",
    states=OpinionStatus,
    wrong_move_text=_("意见状态不能从“%(state)s”改为“%(to)s”"),
    actions=[
        Action("forward", _("转交"), [OS.RECEIVED], FOLLOWER, targets=[OS.FORWARDED]),
        Action("answer", _("答复"), [OS.FORWARDED], FOLLOWER, targets=[OS.ANSWERED]),
        Action("close", _("办结"), [OS.ANSWERED], FOLLOWER, targets=[OS.CLOSED], style="success"),
    ],
)

G = GroupStatus
GROUP = Machine(
    model=ProfessionalGroup,
    field="status",
    states=GroupStatus,
    wrong_move_text=_("小组状态不能从“%(state)s”改为“%(to)s”"),
    actions=[
        Action("establish", _("成立"), [G.PLANNED], targets=[G.ESTABLISHED], button=False),
        Action("dissolve", _("撤销"), [G.PLANNED, G.ESTABLISHED], targets=[G.DISSOLVED], button=False),
    ],
)
