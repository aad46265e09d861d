from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("人大代表")

    @property
    def role_permissions(self):
        from accounts.roles import Role

        return {
            Role.COMMITTEE_STAFF: ["deputies.*"],
            Role.WORKING_COMMITTEE_STAFF: ["deputies.view_*"],
            Role.AUDIT_ADMIN: ["deputies.view_*"],
        }
