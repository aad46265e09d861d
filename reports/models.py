"""The work bulletin (工作简报) and its reusable distribution lists (送/发)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet


class DistributionListQuerySet(ScopedQuerySet):
    pass


class DistributionList(models.Model):
    """A reusable distribution block: whom a bulletin is sent to (送) and issued to (发)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=64)
    send_to = models.TextField(_("送"), help_text=_("如：省人大常委会主任、副主任、秘书长"))
    copy_to = models.TextField(_("发"), blank=True, help_text=_("如：省人大常委会副秘书长……各省辖市人大常委会"))

    objects = DistributionListQuerySet.as_manager()

    class Meta:
        verbose_name = _("分送名单")
        verbose_name_plural = _("分送名单")
        ordering = ["region_id", "name"]

    def __str__(self):
        return self.name


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已印发")


class BulletinQuerySet(ScopedQuerySet):
    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        in_sections = BulletinSection.objects.filter(Q(title__contains=text) | Q(text__contains=text))
        return self.filter(Q(title__contains=text) | Q(pk__in=in_sections.values("bulletin_id")))


class Bulletin(models.Model):
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期号"))
    issue_date = models.DateField(_("印发日期"))
    title = models.CharField(_("标题"), max_length=200)
    issuing_body = models.CharField(_("编发单位"), max_length=100)
    distribution = models.ForeignKey(
        DistributionList,
        verbose_name=_("分送名单"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("选择后填入下面的“送”“发”，可再修改"),
    )
    send_to = models.TextField(_("送"), blank=True)
    copy_to = models.TextField(_("发"), blank=True)
    period_label = models.CharField(_("统计期间"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("编辑人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("印发时间"), null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作简报")
        verbose_name_plural = _("工作简报")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "number"], name="bulletin_number_unique")]

    def __str__(self):
        return f"{self.number_label} {self.title}"

    def get_absolute_url(self):
        return reverse("reports:bulletin", args=[self.pk])

    @property
    def number_label(self) -> str:
        return _("%(year)s年第%(number)s期") % {"year": self.year, "number": self.number}


class BulletinSectionQuerySet(ScopedQuerySet):
    region_path = "bulletin__region"


class BulletinSection(models.Model):
    bulletin = models.ForeignKey(Bulletin, verbose_name=_("简报"), on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("小标题"), max_length=200)
    text = models.TextField(_("正文"))
    contributor = models.CharField(_("供稿单位"), max_length=100, blank=True, help_text=_("如：安阳市人大常委会"))

    objects = BulletinSectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("简报栏目")
        verbose_name_plural = _("简报栏目")
        ordering = ["bulletin_id", "order", "id"]

    def __str__(self):
        return self.title
