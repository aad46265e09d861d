from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenMessagesConfig(AppConfig):
    name = "citizen_messages"
    verbose_name = _("民意直通车")

    @property
    def role_permissions(self):
        from accounts.roles import Role

        return {
            Role.COMMITTEE_STAFF: ["citizen_messages.*"],
            Role.WORKING_COMMITTEE_STAFF: ["citizen_messages.view_*"],
            Role.AUDIT_ADMIN: ["citizen_messages.view_*"],
        }

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.roles import Role
        from deputies.record import RecordSection
        from deputies.record import register as register_section
        from renda_portal.navigation import NavItem, register
        from renda_portal.panels import Panel
        from renda_portal.panels import register as register_panel

        from . import abuse, panels, selectors
        from .models import SensitiveWord

        staff = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
        register(
            NavItem(
                "citizen-messages-staff",
                _("群众留言"),
                "citizen_messages:staff_list",
                "chat-left-text",
                roles=staff,
                order=40,
                description=_("民意直通车留言的审核、改派、屏蔽和统计"),
            )
        )
        register(
            NavItem(
                "citizen-messages-qr",
                _("代表二维码"),
                "citizen_messages:tokens",
                "qr-code",
                roles=staff,
                order=41,
                description=_("下载、更换或停用代表的留言二维码，打印二维码卡片"),
            )
        )
        register(
            NavItem(
                "citizen-messages-inbox",
                _("群众留言"),
                "citizen_messages:inbox",
                "chat-left-text",
                roles=(Role.DEPUTY,),
                section="deputy",
                order=20,
                description=_("回复群众通过二维码给我的留言"),
            )
        )
        register(
            NavItem(
                "citizen-messages-unit",
                _("转办的群众留言"),
                "citizen_messages:unit_inbox",
                "chat-left-text",
                roles=(Role.UNIT_STAFF,),
                order=42,
                description=_("代表转交本单位办理的群众留言"),
            )
        )
        register_panel(
            Panel(
                "citizen-messages-inbox",
                section="deputy",
                template="citizen_messages/panels/inbox.html",
                context=panels.deputy_inbox,
                order=20,
                roles=(Role.DEPUTY,),
            )
        )
        register_panel(
            Panel(
                "citizen-messages-review",
                section="staff",
                template="citizen_messages/panels/review.html",
                context=panels.staff_review,
                order=20,
                roles=staff,
            )
        )
        register_section(
            RecordSection(
                "citizen_messages",
                _("群众留言办理"),
                provider=selectors.record_provider,
                template="citizen_messages/record_section.html",
                order=40,
            )
        )
        post_save.connect(abuse.invalidate_words, sender=SensitiveWord, dispatch_uid="cm_words_saved")
        post_delete.connect(abuse.invalidate_words, sender=SensitiveWord, dispatch_uid="cm_words_deleted")
