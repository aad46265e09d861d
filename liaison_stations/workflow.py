"""The table of an opinion's loop (see core/transitions.py, docs/architecture.md "Moving a
record"): 登记有处理、处理有结果、结果有反馈、反馈有记录. services.move_opinion moves along it, the
opinion page shows its buttons from it, and the tests walk it."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.transitions import Action, Machine, Who

from .models import Opinion, OpinionState, OpinionTransition


def is_station_staff(user, opinion: Opinion) -> bool:
    """The committee's staff of the opinion's branch (visible_to has already scoped the page)."""
    if user.is_superuser:
        return True
    return (
        user.has_role(Role.COMMITTEE_STAFF)
        and bool(user.region_id)
        and opinion.place.region_id.startswith(user.region_id)
    )


STAFF = Who(is_station_staff, _("只有本级人大常委会工作人员可以办理意见建议"))


def _audit(opinion, *, user, from_state, to_state, action, note):
    return OpinionTransition.objects.create(
        opinion=opinion, from_state=from_state, to_state=to_state, by=user, note=note
    )


S = OpinionState
_S = "liaison_stations.services."
MACHINE = Machine(
    model=Opinion,
    field="state",
    states=OpinionState,
    audit=_audit,
    wrong_move_text=_("意见建议当前为“%(state)s”，不能直接变为“%(to)s”。"),
    actions=[
        Action("handle", _("转交办理"), [S.REGISTERED], STAFF, targets=[S.HANDLING], run=_S + "handle"),
        Action("record_result", _("记录办理结果"), [S.HANDLING], STAFF, targets=[S.RESULT], run=_S + "record_result"),
        Action("feed_back", _("记录反馈"), [S.RESULT], STAFF, targets=[S.FED_BACK], run=_S + "feed_back"),
        Action("close", _("办结"), [S.FED_BACK], STAFF, targets=[S.CLOSED], run=_S + "close", style="success"),
    ],
)
