from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.registry import NavItem, Panel, RecordSection
from similar.registry import SimilarKind

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
DEPUTY = (Role.DEPUTY,)


class CitizenMessagesConfig(AppConfig):
    name = "citizen_messages"
    verbose_name = _("民意直通车")
    similar = [
        SimilarKind(
            "message",
            "citizen_messages.Message",
            _("群众留言"),
            ("body",),
            region="region_id",
            url_name="citizen_messages:staff_detail",
            owner_url_name="citizen_messages:inbox_detail",
            unit="forwarded_unit_id",
            order=30,
            attach="citizen_messages.services.attach_to_suggestion",
            state="status",
            attach_states=("new", "forwarded", "reopened"),
            joined="suggestion_id",
            joined_label=_("已作为建议来源"),
            deferred=True,  # the public POST leaves indexing to similar.tasks.index_pending
        )
    ]

    nav = [
        NavItem(
            "citizen-messages-staff",
            _("群众留言"),
            "citizen_messages:staff_list",
            "chat-left-text",
            roles=STAFF,
            order=40,
            description=_("民意直通车留言的审核、改派、屏蔽和统计"),
        ),
        NavItem(
            "citizen-messages-qr",
            _("代表二维码"),
            "citizen_messages:tokens",
            "qr-code",
            roles=STAFF,
            order=41,
            description=_("下载、更换或停用代表的留言二维码，打印二维码卡片"),
        ),
        NavItem(
            "citizen-messages-inbox",
            _("群众留言"),
            "citizen_messages:inbox",
            "chat-left-text",
            roles=DEPUTY,
            section="deputy",
            order=20,
            description=_("回复群众通过二维码给我的留言"),
        ),
        NavItem(
            "citizen-messages-unit",
            _("转办的群众留言"),
            "citizen_messages:unit_inbox",
            "chat-left-text",
            roles=(Role.UNIT_STAFF,),
            order=42,
            description=_("代表转交本单位办理的群众留言"),
        ),
    ]
    panels = [
        Panel(
            "citizen-messages-inbox",
            "deputy",
            "citizen_messages/panels/inbox.html",
            "citizen_messages.panels.deputy_inbox",
            20,
            DEPUTY,
        ),
        Panel(
            "citizen-messages-review",
            "staff",
            "citizen_messages/panels/review.html",
            "citizen_messages.panels.staff_review",
            20,
            STAFF,
        ),
    ]
    record_sections = [
        RecordSection(
            "citizen_messages",
            _("群众留言办理"),
            "citizen_messages.selectors.record_provider",
            "citizen_messages/record_section.html",
            order=40,
        )
    ]

    @property
    def role_permissions(self):
        return {
            Role.COMMITTEE_STAFF: ["citizen_messages.*"],
            Role.WORKING_COMMITTEE_STAFF: ["citizen_messages.view_*"],
            Role.AUDIT_ADMIN: ["citizen_messages.view_*"],
        }

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import abuse
        from .models import SensitiveWord

        post_save.connect(abuse.invalidate_words, sender=SensitiveWord, dispatch_uid="cm_words_saved")
        post_delete.connect(abuse.invalidate_words, sender=SensitiveWord, dispatch_uid="cm_words_deleted")

        # A suggestion a message was attached to is replied to: the reply answers the citizen.
        from suggestions.signals import replied

        from .services import on_suggestion_replied

        replied.connect(on_suggestion_replied, dispatch_uid="citizen_messages.suggestion_replied")
