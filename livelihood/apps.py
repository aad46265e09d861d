from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.registry import NavItem, Panel

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)


class LivelihoodConfig(AppConfig):
    name = "livelihood"
    verbose_name = _("民生实事项目")

    nav = [
        NavItem(
            "livelihood",
            _("民生实事"),
            "livelihood:projects",
            "clipboard-check",
            roles=STAFF,
            order=50,
            description=_("票决项目、节点进度与“三个一”审议"),
        ),
        NavItem(
            "livelihood-unit",
            _("本单位民生实事"),
            "livelihood:unit_projects",
            "clipboard-check",
            roles=(Role.UNIT_STAFF,),
            order=46,
            description=_("本单位负责的民生实事项目，报送进展和照片"),
        ),
    ]
    panels = [
        Panel(
            "livelihood-due-reviews",
            "staff",
            "livelihood/panels/due_reviews.html",
            "livelihood.panels.due_reviews_context",
            20,
            STAFF,
        )
    ]

    @property
    def role_permissions(self):
        return {
            Role.COMMITTEE_STAFF: ["livelihood.*"],
            Role.WORKING_COMMITTEE_STAFF: ["livelihood.view_*", "livelihood.change_review"],
            Role.AUDIT_ADMIN: ["livelihood.view_*"],
        }
