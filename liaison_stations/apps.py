from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.registry import NavItem, Panel, RecordSection
from similar.registry import SimilarKind

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
DEPUTY = (Role.DEPUTY,)


class LiaisonStationsConfig(AppConfig):
    name = "liaison_stations"
    verbose_name = _("代表联络站")
    similar = [
        SimilarKind(
            "opinion",
            "liaison_stations.Opinion",
            _("站点意见"),
            ("text",),
            region="place.region_id",
            url_name="liaison_stations:opinion",
            unit="unit_id",
            order=20,
            attach="liaison_stations.services.attach_to_suggestion",
            state="state",
            attach_states=("registered",),
            joined="suggestion_id",
            joined_label=_("已作为建议来源"),
        )
    ]

    nav = [
        NavItem(
            "stations",
            _("联络站"),
            "liaison_stations:places",
            "house-heart",
            roles=STAFF,
            order=30,
            description=_("联络站、监督室（岗）、服务岗，排班与接待"),
        ),
        NavItem(
            "station-opinions",
            _("站点意见建议"),
            "liaison_stations:opinions",
            "chat-square-text",
            roles=STAFF,
            order=31,
            description=_("接待中收集的意见建议及办理闭环"),
        ),
        NavItem(
            "station-swaps",
            _("调班申请"),
            "liaison_stations:swaps",
            "arrow-left-right",
            roles=STAFF,
            order=32,
            description=_("代表提出的调班申请，审批后自动调班"),
        ),
        NavItem(
            "unit-station-opinions",
            _("转办的意见建议"),
            "liaison_stations:unit_opinions",
            "chat-square-text",
            roles=(Role.UNIT_STAFF,),
            order=45,
            description=_("联络站转交本单位办理的意见建议"),
        ),
        NavItem(
            "my-duties",
            _("我的值班"),
            "liaison_stations:my_duties",
            "calendar-check",
            roles=DEPUTY,
            section="deputy",
            order=30,
            description=_("驻站值班安排与确认"),
        ),
    ]
    panels = [
        Panel(
            "liaison-stations-my-duties",
            "deputy",
            "liaison_stations/panels/my_duties.html",
            "liaison_stations.panels.my_duties_context",
            10,
            DEPUTY,
        ),
        Panel(
            "liaison-stations-attention",
            "staff",
            "liaison_stations/panels/attention.html",
            "liaison_stations.panels.staff_attention_context",
            30,
            STAFF,
        ),
    ]
    record_sections = [
        RecordSection(
            "liaison_stations",
            _("驻站值班与接待"),
            "liaison_stations.panels.record_section",
            "liaison_stations/record_section.html",
            order=30,
        )
    ]

    @property
    def role_permissions(self):
        return {
            Role.COMMITTEE_STAFF: ["liaison_stations.*"],
            Role.WORKING_COMMITTEE_STAFF: ["liaison_stations.view_*"],
            Role.AUDIT_ADMIN: ["liaison_stations.view_*"],
        }

    def ready(self):
        # suggestions tells the apps to its right about replies; the opinions it came from listen.
        from suggestions.signals import replied

        from .services import on_suggestion_replied

        replied.connect(on_suggestion_replied, dispatch_uid="liaison_stations.suggestion_replied")
