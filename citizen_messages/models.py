"""民意直通车: a deputy's QR token, the messages citizens leave through it, their history, and the
staff-editable list of sensitive words that holds a message for review.

Public URLs carry only the random token (`/d/<token>/`, 128+ bits) and the tracking code (shown to the
citizen once, stored only as a SHA-256 digest); no sequential id is ever public.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet, Unit
from accounts.validators import mask_mobile, validate_mobile
from deputies.models import Deputy


class DeputyTokenQuerySet(ScopedQuerySet):
    region_path = "deputy__region"
    owned_only_by_deputies_and_units = True

    def owned_by_q(self, user):
        return Q(deputy__user=user)

    def active(self):
        return self.filter(is_active=True)


class DeputyToken(models.Model):
    """The random token in a deputy's QR code. Rotating deactivates the old row and adds a new one;
    disabling deactivates without a successor. Only an active token opens the message page."""

    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="message_tokens")
    token = models.CharField(_("令牌"), max_length=64, unique=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    objects = DeputyTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("代表二维码")
        verbose_name_plural = _("代表二维码")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy"], condition=Q(is_active=True), name="citizen_messages_one_active_token"
            )
        ]

    def __str__(self):
        return f"{self.deputy} · {self.token[:6]}…"

    @property
    def short_path(self) -> str:
        return f"/d/{self.token}/"

    @property
    def full_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.short_path


class Category(models.TextChoices):
    PROBLEM = "problem", _("反映问题")
    SUGGESTION = "suggestion", _("意见建议")
    CONSULT = "consult", _("咨询求助")
    PRAISE = "praise", _("表扬感谢")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    HELD = "held", _("待审核")
    NEW = "new", _("待回复")
    FORWARDED = "forwarded", _("已转办")
    ANSWERED = "answered", _("已回复")
    CLOSED = "closed", _("已办结")
    REOPENED = "reopened", _("不满意待复核")
    HIDDEN = "hidden", _("已屏蔽")


# What the citizen's tracking page says for each state (no internal detail such as a hold reason).
PUBLIC_STATUS = {
    Status.HELD: _("已收到，正在处理"),
    Status.NEW: _("已收到，等待代表回复"),
    Status.FORWARDED: _("代表已转交有关方面办理"),
    Status.ANSWERED: _("代表已回复"),
    Status.CLOSED: _("已办结"),
    Status.REOPENED: _("已转人大常委会工作人员复核"),
    Status.HIDDEN: _("已收到，正在处理"),
}
OPEN_STATUSES = (Status.NEW, Status.FORWARDED, Status.REOPENED)


class HoldReason(models.TextChoices):
    NONE = "", _("无")
    SENSITIVE = "sensitive", _("含敏感词")
    DAILY_CAP = "daily_cap", _("超过代表每日留言上限")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class HideReason(models.TextChoices):
    SPAM = "spam", _("垃圾信息")
    ABUSE = "abuse", _("辱骂或违法内容")
    DUPLICATE = "duplicate", _("重复留言")
    OTHER = "other", _("其他")


class MessageQuerySet(ScopedQuerySet):
    owned_only_by_deputies_and_units = True

    def owned_by_q(self, user):
        # A deputy sees their own messages, but never one staff held or hid; a unit's staff see
        # what was forwarded to their unit.
        own = Q(deputy__user=user)
        if getattr(user, "unit_id", None):
            own |= Q(forwarded_unit_id=user.unit_id)
        return own & ~Q(status__in=[Status.HELD, Status.HIDDEN])

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


def digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class Message(models.Model):
    """One citizen's message to one deputy."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="citizen_messages"
    )
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    token = models.ForeignKey(
        DeputyToken, verbose_name=_("来源二维码"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices, default=Category.PROBLEM)
    body = models.TextField(_("留言内容"))
    citizen_name = models.CharField(_("留言人姓名"), max_length=32, blank=True)
    citizen_phone = models.CharField(_("留言人手机号"), max_length=11, blank=True, validators=[validate_mobile])
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    hold_reason = models.CharField(_("待审核原因"), max_length=16, choices=HoldReason.choices, blank=True)
    matched_words = models.CharField(_("命中敏感词"), max_length=200, blank=True)
    tracking_digest = models.CharField(_("查询码摘要"), max_length=64, unique=True, editable=False)
    nonce = models.CharField(_("表单一次性标识"), max_length=64, unique=True, editable=False)
    answer = models.TextField(_("代表回复"), blank=True)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forwarded_unit = models.ForeignKey(
        Unit, verbose_name=_("转办单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_reply = models.TextField(
        _("承办单位答复"), blank=True, help_text=_("群众看不到；由代表（或工作人员审核后）回复群众")
    )
    unit_replied_at = models.DateTimeField(_("单位答复时间"), null=True, blank=True)
    unit_replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("单位答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Merged handling (并案办理): staff attach the message to a deputy's suggestion about the same
    # matter; the suggestion's reply becomes the answer the citizen sees. This app sits to the right
    # of `suggestions` (it hands the message over), so the link lives here (docs/architecture.md).
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("并入的代表建议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_messages",
    )
    forwarded_to_staff = models.BooleanField(_("转人大常委会工作人员"), default=False)
    forward_note = models.CharField(_("转办说明"), max_length=200, blank=True)
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    hide_reason = models.CharField(_("屏蔽原因"), max_length=16, choices=HideReason.choices, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(_("提醒代表时间"), null=True, blank=True)
    flagged_at = models.DateTimeField(_("提示工作人员时间"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("个人信息删除时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("留言时间"), auto_now_add=True, db_index=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("群众留言")
        verbose_name_plural = _("群众留言")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["deputy", "-created_at"], name="cm_message_deputy_created"),
            models.Index(fields=["region", "status"], name="cm_message_region_status"),
            # The workbench's review panel counts only these (a handful among a province's messages).
            models.Index(
                fields=["region", "status"], condition=Q(status__in=["held", "reopened"]), name="cm_message_review"
            ),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.body[:20]}"

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.citizen_phone)

    @property
    def public_status(self):
        return PUBLIC_STATUS.get(self.status, "")

    @property
    def hours_to_answer(self) -> float | None:
        if not self.answered_at:
            return None
        return (self.answered_at - self.created_at).total_seconds() / 3600


class EventKind(models.TextChoices):
    HELD = "held", _("待审核")
    RELEASED = "released", _("审核通过")
    ANSWERED = "answered", _("回复")
    FORWARDED = "forwarded", _("转办")
    UNIT_REPLIED = "unit_replied", _("承办单位答复")
    HANDLED = "handled", _("办结")
    PHONE_REVEALED = "phone_revealed", _("查看完整手机号")
    REASSIGNED = "reassigned", _("改派代表")
    HIDDEN = "hidden", _("屏蔽")
    RATED = "rated", _("群众评价")
    REOPENED = "reopened", _("不满意重新办理")
    REMINDED = "reminded", _("提醒代表")
    FLAGGED = "flagged", _("提示工作人员")
    ANONYMISED = "anonymised", _("删除个人信息")


class MessageEventQuerySet(ScopedQuerySet):
    region_path = "message__region"
    owned_only_by_deputies_and_units = True

    def owned_by_q(self, user):
        return Q(message__deputy__user=user)


class MessageEvent(models.Model):
    """The history of a message: who did what and when (the audit trail)."""

    message = models.ForeignKey(Message, verbose_name=_("留言"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = MessageEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("留言办理记录")
        verbose_name_plural = _("留言办理记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class SensitiveWordQuerySet(ScopedQuerySet):
    pass


class SensitiveWord(models.Model):
    """A word that holds a message for staff review (it is never dropped). A word applies to the
    messages of its region's branch."""

    word = models.CharField(_("敏感词"), max_length=50)
    region = models.ForeignKey(Region, verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SensitiveWordQuerySet.as_manager()

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["region", "word"]
        constraints = [models.UniqueConstraint(fields=["region", "word"], name="citizen_messages_word_once")]

    def __str__(self):
        return self.word
