from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.registry import NavItem, Panel, RecordSection
from similar.registry import SimilarKind

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
DEPUTY = (Role.DEPUTY,)


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("代表建议")
    similar = [
        SimilarKind(
            "suggestion",
            "suggestions.Suggestion",
            _("代表建议"),
            ("title", "body"),
            region="region_id",
            url_name="suggestions:detail",
            unit="lead_unit_id",
            order=10,
            joined="case_id",
            joined_label=_("已并案"),
        )
    ]

    nav = [
        NavItem(
            "suggestions-my",
            _("我的建议"),
            "suggestions:my",
            "lightbulb",
            roles=DEPUTY,
            section="deputy",
            order=30,
            description=_("起草、提交、附议建议，测评答复"),
        ),
        NavItem(
            "suggestions-board",
            _("建议办理"),
            "suggestions:board",
            "lightbulb",
            roles=STAFF,
            order=40,
            description=_("审查、交办、督办代表建议"),
        ),
        NavItem(
            "suggestions-key",
            _("重点建议"),
            "suggestions:key",
            "star",
            roles=STAFF,
            order=41,
            description=_("重点建议的领办领导和督办组"),
        ),
        NavItem(
            "suggestions-units",
            _("承办单位进度"),
            "suggestions:units",
            "building",
            roles=STAFF,
            order=42,
            description=_("各承办单位的交办、答复、逾期和满意率"),
        ),
        NavItem(
            "suggestions-groups",
            _("督办组"),
            "suggestions:groups",
            "people",
            roles=STAFF,
            order=43,
            description=_("督办组及其督办活动"),
        ),
        NavItem(
            "suggestions-unit",
            _("交办建议"),
            "suggestions:unit",
            "inbox",
            roles=(Role.UNIT_STAFF,),
            order=44,
            description=_("本单位承办的代表建议"),
        ),
    ]
    panels = [
        Panel(
            "suggestions-deputy",
            "deputy",
            "suggestions/panels/deputy.html",
            "suggestions.panels.deputy_panel",
            30,
            DEPUTY,
        ),
        Panel(
            "suggestions-staff", "staff", "suggestions/panels/staff.html", "suggestions.panels.staff_panel", 30, STAFF
        ),
    ]
    record_sections = [
        RecordSection(
            "suggestions",
            _("代表建议"),
            "suggestions.record.record_provider",
            "suggestions/record_section.html",
            order=50,
        )
    ]

    @property
    def role_permissions(self):
        return {
            Role.COMMITTEE_STAFF: ["suggestions.*"],
            Role.WORKING_COMMITTEE_STAFF: ["suggestions.view_*"],
            Role.AUDIT_ADMIN: ["suggestions.view_*"],
        }
