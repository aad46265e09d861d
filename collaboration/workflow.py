"""The table of a problem-list item (see core/transitions.py): open → in progress → resolved →
closed. Staff of the collaboration's own region move it; a member's liaison (or its staff) adds an
update to an item their side is concerned by, and the first update starts the work. services.py runs
every change through this table and writes the audit row (`ItemUpdate`) through its hook."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.regions import governs
from core.transitions import Action, Machine, Who

from .forms import note_form, optional_note_form
from .models import ItemStatus, ItemUpdate, ProblemItem

# Who writes for the portal's side: the committee's staff (working committees read).
STAFF_ROLES = (Role.COMMITTEE_STAFF,)


def is_staff_for(user, item) -> bool:
    """Staff of the region that keeps the collaboration (or a region above it)."""
    return governs(user, item.collaboration.region_id, *STAFF_ROLES)


def side_of(user, item):
    """The member whose liaison this account is, if that member is concerned by the item."""
    if not user.has_role(Role.PARTNER_LIAISON):
        return None
    return item.collaboration.members.filter(liaison_user=user, item_sides__item=item).first()


STAFF = Who(is_staff_for, _("只有本方人大常委会工作人员可以变更问题状态"))
# Progress comes from either side: the keeping region's staff, or the liaison of a member concerned.
EITHER = Who(
    lambda user, item: is_staff_for(user, item) or side_of(user, item) is not None,
    _("只有本方工作人员或涉及该问题的成员联络员可以报送进展"),
)


def _audit(item, *, user, from_state, to_state, action, note):
    member = side_of(user, item)
    return ItemUpdate.objects.create(
        item=item,
        member=member,
        text=note or str(MACHINE.action(action).label),
        from_status=from_state if from_state != to_state else "",
        to_status=to_state if from_state != to_state else "",
        by=user,
    )


S = ItemStatus
MACHINE = Machine(
    model=ProblemItem,
    field="status",
    states=ItemStatus,
    audit=_audit,
    wrong_move_text=_("问题当前状态为“%(state)s”，不能变更为“%(to)s”"),
    actions=[
        Action(
            "update",
            _("报送进展"),
            [S.OPEN, S.IN_PROGRESS],
            EITHER,
            targets=[S.IN_PROGRESS],
            run="collaboration.services.add_update",
            form=note_form,
            needs_note=True,
            done=_("进展已报送"),
            state_refusal=_("该问题已解决或销号，不能再报送进展"),
        ),
        Action(
            "start",
            _("开始办理"),
            [S.OPEN],
            STAFF,
            targets=[S.IN_PROGRESS],
            run="collaboration.services.start",
            form=optional_note_form,
            style="outline-primary",
        ),
        Action(
            "resolve",
            _("标记已解决"),
            [S.IN_PROGRESS],
            STAFF,
            targets=[S.RESOLVED],
            run="collaboration.services.resolve",
            form=note_form,
            needs_note=True,
            style="success",
        ),
        Action(
            "reopen",
            _("重新办理"),
            [S.RESOLVED],
            STAFF,
            targets=[S.IN_PROGRESS],
            run="collaboration.services.reopen",
            form=note_form,
            needs_note=True,
            style="outline-warning",
        ),
        Action(
            "close",
            _("销号"),
            [S.RESOLVED],
            STAFF,
            targets=[S.CLOSED],
            run="collaboration.services.close",
            form=optional_note_form,
            style="outline-secondary",
        ),
    ],
)
