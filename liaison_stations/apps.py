from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonStationsConfig(AppConfig):
    name = "liaison_stations"
    verbose_name = _("代表联络站")

    @property
    def role_permissions(self):
        from accounts.roles import Role

        return {
            Role.COMMITTEE_STAFF: ["liaison_stations.*"],
            Role.WORKING_COMMITTEE_STAFF: ["liaison_stations.view_*"],
            Role.AUDIT_ADMIN: ["liaison_stations.view_*"],
        }

    def ready(self):
        from deputies.signals import suggestion_replied

        from .receivers import on_suggestion_replied

        suggestion_replied.connect(on_suggestion_replied, dispatch_uid="liaison_stations.suggestion_replied")

        from accounts.roles import Role
        from deputies.record import RecordSection
        from deputies.record import register as register_section
        from renda_portal.navigation import NavItem, register
        from renda_portal.panels import Panel
        from renda_portal.panels import register as register_panel

        from . import panels

        staff = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
        register(
            NavItem(
                "stations",
                _("联络站"),
                "liaison_stations:places",
                "house-heart",
                roles=staff,
                order=30,
                description=_("联络站、监督室（岗）、服务岗，排班与接待"),
            )
        )
        register(
            NavItem(
                "station-opinions",
                _("站点意见建议"),
                "liaison_stations:opinions",
                "chat-square-text",
                roles=staff,
                order=31,
                description=_("接待中收集的意见建议及办理闭环"),
            )
        )
        register(
            NavItem(
                "my-duties",
                _("我的值班"),
                "liaison_stations:my_duties",
                "calendar-check",
                roles=(Role.DEPUTY,),
                section="deputy",
                order=30,
                description=_("驻站值班安排与确认"),
            )
        )
        register_panel(
            Panel(
                "liaison-stations-my-duties",
                section="deputy",
                template="liaison_stations/panels/my_duties.html",
                context=panels.my_duties_context,
                order=10,
                roles=(Role.DEPUTY,),
            )
        )
        register_panel(
            Panel(
                "liaison-stations-attention",
                section="staff",
                template="liaison_stations/panels/attention.html",
                context=panels.staff_attention_context,
                order=30,
                roles=staff,
            )
        )
        register_section(
            RecordSection(
                "liaison_stations",
                _("驻站值班与接待"),
                provider=panels.record_section,
                template="liaison_stations/record_section.html",
                order=30,
            )
        )
