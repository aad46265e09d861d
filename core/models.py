"""Tables several apps share: the holiday table of the working-day calendar (workdays.py) and the
reminder log of the reminder engine (reminders.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet

from .copies import CopyDecoder, CopyEncoder


class HolidayQuerySet(ScopedQuerySet):
    pass


class Holiday(models.Model):
    """A day off on a weekday (法定节假日) or a make-up working day on a weekend (调休上班).
    Kept per region (usually the county, or the province for everybody below it)."""

    region = models.ForeignKey(Region, verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    is_workday = models.BooleanField(_("调休上班"), default=False, help_text=_("勾选表示该日虽是周末但需上班"))
    name = models.CharField(_("名称"), max_length=32, blank=True, help_text=_("如：国庆节、春节调休"))

    objects = HolidayQuerySet.as_manager()

    class Meta:
        # The table was created by the suggestions app, where the calendar began; it keeps its name.
        db_table = "suggestions_holiday"
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="holiday_unique_day")]

    def __str__(self):
        kind = _("调休上班") if self.is_workday else _("放假")
        return f"{self.date} {self.name} {kind}"


class ReminderStatus(models.TextChoices):
    SENT = "sent", _("已提醒")
    UNDELIVERABLE = "undeliverable", _("无人可提醒")


class ReminderLogQuerySet(ScopedQuerySet):
    def undeliverable(self):
        return self.filter(status=ReminderStatus.UNDELIVERABLE)


class ReminderLog(models.Model):
    """One reminder of one thing, at one stage, for one period: the row is the claim and the proof.

    `(target, stage, period)` is unique, so inserting the row is how a sweep claims the reminder:
    a second sweep (or a retry after a worker died) finds it taken and sends nothing. The row is
    written in the same transaction as the notifications it sends, so a sweep killed half-way
    leaves neither."""

    target = models.CharField(_("提醒对象"), max_length=80, help_text=_("如 livelihood.review:12"))
    stage = models.CharField(_("提醒阶段"), max_length=32)
    period = models.CharField(_("期间"), max_length=80, blank=True, help_text=_("如 2026-05、截止日期、值班日期"))
    kind = models.CharField(_("类型"), max_length=64)
    region = models.ForeignKey(Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("标题"), max_length=200)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ReminderStatus.choices, default=ReminderStatus.SENT)
    recipients = models.PositiveIntegerField(_("提醒人数"), default=0)
    claim = models.CharField(_("认领标记"), max_length=32, editable=False)
    created_at = models.DateTimeField(_("提醒时间"), default=timezone.now, db_index=True)

    objects = ReminderLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["target", "stage", "period"], name="core_reminder_once"),
        ]
        indexes = [
            models.Index(fields=["claim"], name="core_reminder_claim"),
            models.Index(fields=["status", "created_at"], name="core_reminder_status"),
        ]

    def __str__(self):
        return f"{self.subject} · {self.get_status_display()}"


class IdempotentRequestQuerySet(ScopedQuerySet):
    region_path = "user__region"

    def owned_by_q(self, user):
        return Q(user=user)


class IdempotentRequest(models.Model):
    """One write a deputy's phone sent, by the key the phone made for it (docs/offline.md).

    `(user, key)` is unique, so inserting the row is how a request claims the write: a resend (a flaky
    network, a second tab, Background Sync after the page already sent it) finds the row and gets the
    stored result back instead of a second activity, answer or confirmation. The row is written in the
    same transaction as the write itself; a refused write rolls both back, so the deputy can correct
    the record and send it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.UUIDField(_("提交编号"))
    path = models.CharField(_("地址"), max_length=200)
    result = models.JSONField(_("结果"), default=dict)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)

    objects = IdempotentRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("离线提交记录")
        verbose_name_plural = _("离线提交记录")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_once")]

    def __str__(self):
        return f"{self.user_id} {self.key}"


class Heartbeat(models.Model):
    """The last time a scheduled job ran, one row per job (no region, no personal data).

    The beat sends `core.tasks.heartbeat` every minute and a worker writes the time here, so its age
    proves the whole chain (beat → broker → worker → database) to the health endpoint: a stale row
    means reminders and sweeps are not running, wherever the chain broke."""

    name = models.CharField(_("任务"), max_length=64, primary_key=True)
    at = models.DateTimeField(_("最近运行"))

    class Meta:
        verbose_name = _("心跳")
        verbose_name_plural = _("心跳")

    def __str__(self):
        return f"{self.name} · {self.at:%Y-%m-%d %H:%M:%S}"


class ComputedCopy(models.Model):
    """The last computed copy of a costly set of figures (a dashboard, a statistics page), by its cache
    key, kept beside the cached one (core/copies.py): Redis keeps nothing on disk, and after a restart
    a province's figures would otherwise be recomputed in a staff member's request (seconds)."""

    key = models.CharField(_("键"), max_length=250, unique=True)
    data = models.JSONField(_("数据"), encoder=CopyEncoder, decoder=CopyDecoder)
    computed_at = models.DateTimeField(_("计算时间"), db_index=True)

    class Meta:
        verbose_name = _("统计副本")
        verbose_name_plural = _("统计副本")

    def __str__(self):
        return f"{self.key} · {self.computed_at:%Y-%m-%d %H:%M}"
