from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("代表建议")

    @property
    def role_permissions(self):
        from accounts.roles import Role

        return {
            Role.COMMITTEE_STAFF: ["suggestions.*"],
            Role.WORKING_COMMITTEE_STAFF: ["suggestions.view_*"],
            Role.AUDIT_ADMIN: ["suggestions.view_*"],
        }

    def ready(self):
        from deputies.signals import opinion_for_suggestion

        from .receivers import on_opinion_for_suggestion

        opinion_for_suggestion.connect(on_opinion_for_suggestion, dispatch_uid="suggestions.opinion_for_suggestion")

        from accounts.roles import Role
        from deputies.record import RecordSection
        from deputies.record import register as register_section
        from renda_portal.navigation import NavItem, register
        from renda_portal.panels import Panel
        from renda_portal.panels import register as register_panel

        from .panels import deputy_panel, staff_panel
        from .record import record_provider

        staff = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
        register(
            NavItem(
                "suggestions-my",
                _("我的建议"),
                "suggestions:my",
                "lightbulb",
                roles=(Role.DEPUTY,),
                section="deputy",
                order=30,
                description=_("起草、提交、附议建议，测评答复"),
            )
        )
        register(
            NavItem(
                "suggestions-board",
                _("建议办理"),
                "suggestions:board",
                "lightbulb",
                roles=staff,
                order=40,
                description=_("审查、交办、督办代表建议"),
            )
        )
        register(
            NavItem(
                "suggestions-key",
                _("重点建议"),
                "suggestions:key",
                "star",
                roles=staff,
                order=41,
                description=_("重点建议的领办领导和督办组"),
            )
        )
        register(
            NavItem(
                "suggestions-units",
                _("承办单位进度"),
                "suggestions:units",
                "building",
                roles=staff,
                order=42,
                description=_("各承办单位的交办、答复、逾期和满意率"),
            )
        )
        register(
            NavItem(
                "suggestions-groups",
                _("督办组"),
                "suggestions:groups",
                "people",
                roles=staff,
                order=43,
                description=_("督办组及其督办活动"),
            )
        )
        register(
            NavItem(
                "suggestions-unit",
                _("交办建议"),
                "suggestions:unit",
                "inbox",
                roles=(Role.UNIT_STAFF,),
                order=44,
                description=_("本单位承办的代表建议"),
            )
        )
        register_panel(
            Panel("suggestions-deputy", "deputy", "suggestions/panels/deputy.html", deputy_panel, 30, (Role.DEPUTY,))
        )
        register_panel(Panel("suggestions-staff", "staff", "suggestions/panels/staff.html", staff_panel, 30, staff))
        register_section(
            RecordSection(
                "suggestions",
                _("代表建议"),
                provider=record_provider,
                template="suggestions/record_section.html",
                order=50,
            )
        )
