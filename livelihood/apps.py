from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "livelihood"
    verbose_name = _("民生实事项目")

    @property
    def role_permissions(self):
        from accounts.roles import Role

        return {
            Role.COMMITTEE_STAFF: ["livelihood.*"],
            Role.WORKING_COMMITTEE_STAFF: ["livelihood.view_*", "livelihood.change_review"],
            Role.AUDIT_ADMIN: ["livelihood.view_*"],
        }

    def ready(self):
        from accounts.roles import Role
        from renda_portal.navigation import NavItem, register
        from renda_portal.panels import Panel
        from renda_portal.panels import register as register_panel

        from .panels import due_reviews_context

        staff = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
        register(
            NavItem(
                "livelihood",
                _("民生实事"),
                "livelihood:projects",
                "clipboard-check",
                roles=staff,
                order=50,
                description=_("票决项目、节点进度与“三个一”审议"),
            )
        )
        register_panel(
            Panel(
                "livelihood-due-reviews",
                section="staff",
                template="livelihood/panels/due_reviews.html",
                context=due_reviews_context,
                order=20,
                roles=staff,
            )
        )
