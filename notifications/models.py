"""The outbox: one row per message to one person.

A notification is written inside the sender's transaction, so it exists exactly when the thing it
announces exists. It is visible in the portal at once; the email copy is sent after commit by a
Celery task and retried by the periodic sweep, so an outage of Redis or of the mail server delays
an email but never loses it, and never fails the request that caused it. The pair
(recipient, dedup_key) is unique: asking twice for the same notification stores it once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ScopedQuerySet


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    SKIPPED = "skipped", _("无邮箱，不发送")
    FAILED = "failed", _("发送失败")


class NotificationQuerySet(ScopedQuerySet):
    region_path = "recipient__region"

    def owned_by_q(self, user):
        return Q(recipient=user)

    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_due(self, max_attempts: int):
        return self.filter(email_status=EmailStatus.PENDING, email_attempts__lt=max_attempts)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=64)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    dedup_key = models.CharField(_("去重键"), max_length=200, help_text=_("同一接收人、同一去重键只保存一条提醒"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    email_status = models.CharField(
        _("邮件状态"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("邮件尝试次数"), default=0)
    email_claimed_at = models.DateTimeField(_("邮件发送认领时间"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedup_key"], name="notification_unique_per_recipient"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["email_status", "created_at"], name="notification_email_due"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
