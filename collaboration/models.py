"""Cross-region collaboration (跨区域联动): partner counties or towns, across provinces, that sign an
agreement, hold joint meetings, act together and keep one joint-governance problem list.

Scoping: a collaboration is kept by the portal's own member (its `region`, e.g. Taiqian county for the
five-county collaboration, Dayuchen town for the three-town one), so county staff see it through the
one rule `visible_to(user)` on that region. The partner members may lie in another province, outside
any branch of the portal; their liaison (协作地区联络员) logs in with an account linked to their member
(`Member.liaison_user`) and sees, through `owned_by_q`, only the collaborations they belong to.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet
from deputies.models import Activity, Deputy

# --- uploads ------------------------------------------------------------------------------------

DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "ofd"]
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# What the first bytes of a file of each extension must be: an upload renamed to .pdf is refused.
SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
}


def validate_document(f):
    """Size, and content that matches the extension (the extension itself is checked by its own validator)."""
    if not f:
        return
    if f.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("文件不能超过20MB"), code="too_large")
    ext = os.path.splitext(f.name)[1].lower().lstrip(".")
    head = f.read(8)
    f.seek(0)
    if ext in SIGNATURES and not head.startswith(SIGNATURES[ext]):
        raise ValidationError(_("文件内容与扩展名不符，请上传真实的PDF、Word、Excel或图片文件"), code="bad_content")


DOCUMENT_VALIDATORS = [
    FileExtensionValidator(DOCUMENT_EXTENSIONS, message=_("不支持该文件类型，请上传PDF、Word、Excel、OFD或图片文件")),
    validate_document,
]


# --- querysets ----------------------------------------------------------------------------------


def _partner_q(user, path: str) -> Q | None:
    """The records of the collaborations whose member this account is the liaison of."""
    if not user.pk:
        return None
    ids = Member.objects.filter(liaison_user=user, liaison_user__is_active=True).values("collaboration_id")
    return Q(**{f"{path}__in": ids})


class CollaborationQuerySet(ScopedQuerySet):
    region_path = "region"

    def owned_by_q(self, user):
        return _partner_q(user, "pk")


class PartOfCollaborationQuerySet(ScopedQuerySet):
    """Records that hang on a collaboration: the same visibility as the collaboration."""

    region_path = "collaboration__region"

    def owned_by_q(self, user):
        return _partner_q(user, "collaboration_id")


def _scoped(path: str):
    """A queryset for records one hop further from the collaboration (`path` leads to it)."""
    return type(
        "ScopedVia_" + path,
        (ScopedQuerySet,),
        {
            "region_path": f"{path}__collaboration__region",
            "owned_by_q": lambda self, user: _partner_q(user, f"{path}__collaboration_id"),
        },
    )


# --- the collaboration and its members ----------------------------------------------------------


class Level(models.TextChoices):
    COUNTY = "county", _("县级")
    TOWN = "town", _("乡镇级")


class CollaborationStatus(models.TextChoices):
    PREPARING = "preparing", _("筹备中")
    ACTIVE = "active", _("运行中")
    ENDED = "ended", _("已终止")


class Collaboration(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices, default=Level.COUNTY)
    region = models.ForeignKey(
        Region,
        verbose_name=_("本方区划"),
        on_delete=models.PROTECT,
        related_name="collaborations",
        help_text=_("本平台一方的成员区划；本区划及上级的工作人员可以管理这项联动"),
    )
    started_on = models.DateField(_("启动日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=CollaborationStatus.choices, default=CollaborationStatus.ACTIVE
    )
    description = models.TextField(_("简介"), blank=True)
    work_areas = models.TextField(_("联动工作内容"), blank=True, help_text=_("每行一项，如：联动监督"))

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("跨区域联动")
        verbose_name_plural = _("跨区域联动")
        ordering = ["level", "started_on", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("collaboration:detail", args=[self.pk])

    def work_area_list(self):
        return [a.strip() for a in self.work_areas.splitlines() if a.strip()]


class Member(models.Model):
    """A member region with its "four ones" (四个一): a vice-chair in charge, a liaison, a ledger (its
    items on the problem list) and the framework agreement it signed."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("跨区域联动"), on_delete=models.CASCADE, related_name="members"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("成员区划"),
        on_delete=models.PROTECT,
        related_name="collaboration_memberships",
        help_text=_("可以是外省的县或乡镇"),
    )
    congress_name = models.CharField(_("成员人大"), max_length=64, help_text=_("如：阳谷县人大常委会"))
    vice_chair = models.CharField(_("分管副主任"), max_length=32, blank=True)
    liaison_name = models.CharField(_("联络员"), max_length=32, blank=True)
    liaison_phone = models.CharField(_("联络员电话"), max_length=20, blank=True)
    liaison_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联络员账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collaboration_memberships",
        help_text=_("协作地区联络员登录后只能看到所在的联动"),
    )
    agreement = models.ForeignKey(
        "Agreement",
        verbose_name=_("所签框架协议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = PartOfCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("联动成员")
        verbose_name_plural = _("联动成员")
        ordering = ["collaboration", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "region"], name="collab_member_once")]

    def __str__(self):
        return self.region.name


class Agreement(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("跨区域联动"), on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(_("协议名称"), max_length=150)
    signed_on = models.DateField(_("签署日期"))
    place = models.CharField(_("签署地点"), max_length=100, blank=True)
    signatories = models.ManyToManyField(Member, verbose_name=_("签署成员"), related_name="agreements_signed")
    areas = models.TextField(_("合作领域"), blank=True, help_text=_("每行一项，如：法律法规贯彻实施"))
    mechanisms = models.TextField(_("工作机制"), blank=True, help_text=_("每行一项，如：定期会商"))
    document = models.ForeignKey(
        "Document", verbose_name=_("协议文本"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PartOfCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("框架协议")
        verbose_name_plural = _("框架协议")
        ordering = ["signed_on", "id"]

    def __str__(self):
        return self.title

    def area_list(self):
        return [a.strip() for a in self.areas.splitlines() if a.strip()]

    def mechanism_list(self):
        return [m.strip() for m in self.mechanisms.splitlines() if m.strip()]


class Document(models.Model):
    """A file of the collaboration (agreement text, minutes, photos of a joint inspection); served only
    through the checked download view, never from media/ directly."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("跨区域联动"), on_delete=models.CASCADE, related_name="documents"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("上传方"), null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(_("文件名称"), max_length=150)
    file = models.FileField(_("文件"), upload_to="collaboration/%Y/%m/", validators=DOCUMENT_VALIDATORS)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = PartOfCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("联动文件")
        verbose_name_plural = _("联动文件")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title

    def download_name(self, field):
        return self.title


# --- joint meetings and joint activities --------------------------------------------------------


class JointMeeting(models.Model):
    """A joint meeting (联席会议); its decisions become items on the problem list."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("跨区域联动"), on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("届次"), help_text=_("第几次联席会议"))
    date = models.DateField(_("日期"))
    host = models.ForeignKey(Member, verbose_name=_("承办成员"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("地点"), max_length=100, blank=True)
    agenda = models.TextField(_("议程"), blank=True)
    decisions = models.TextField(_("议定事项"), blank=True)

    objects = PartOfCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["collaboration", "number"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "number"], name="collab_meeting_number")]

    def __str__(self):
        return _("第%(n)s次联席会议") % {"n": self.number}


class Attendance(models.Model):
    """Who attended a joint meeting for one member: recorded by staff, or by that member's liaison."""

    meeting = models.ForeignKey(
        JointMeeting, verbose_name=_("联席会议"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(Member, verbose_name=_("成员"), on_delete=models.CASCADE, related_name="+")
    attendees = models.CharField(_("出席人员"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = _scoped("meeting").as_manager()

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        ordering = ["meeting", "member__order", "member_id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="collab_attendance_once")]

    def __str__(self):
        return f"{self.member} · {self.attendees}"


class JointActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("联合视察")
    RESEARCH = "research", _("联合调研")
    ENFORCEMENT = "enforcement", _("联合执法检查")
    EXCHANGE = "exchange", _("学习交流")


# How a joint activity counts in each deputy's duty record (deputies.ActivityKind).
DEPUTY_ACTIVITY_KIND = {
    JointActivityKind.INSPECTION: "inspection",
    JointActivityKind.RESEARCH: "research",
    JointActivityKind.ENFORCEMENT: "law_enforcement",
    JointActivityKind.EXCHANGE: "forum",
}


class JointActivity(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("跨区域联动"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("活动类型"), max_length=16, choices=JointActivityKind.choices)
    title = models.CharField(_("活动名称"), max_length=150)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    members = models.ManyToManyField(Member, verbose_name=_("参加成员"), related_name="activities")
    deputies = models.ManyToManyField(Deputy, verbose_name=_("参加代表"), blank=True, related_name="joint_activities")
    summary = models.TextField(_("活动内容"), blank=True)
    opinions_count = models.PositiveIntegerField(_("征集意见建议数"), default=0)
    duty_activity = models.OneToOneField(
        Activity,
        verbose_name=_("履职活动记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_activity",
        help_text=_("记入参加代表履职档案的活动"),
    )

    objects = PartOfCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("联合活动")
        verbose_name_plural = _("联合活动")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


# --- the joint problem list ---------------------------------------------------------------------


class Category(models.TextChoices):
    ECOLOGY = "ecology", _("生态环保")
    FLOOD = "flood", _("防汛排涝")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    PUBLIC_SERVICE = "public_service", _("跨省公共服务")
    INDUSTRY = "industry", _("产业协作")
    CUSTOMS = "customs", _("移风易俗")
    BORDER = "border", _("边界治理")
    OTHER = "other", _("其他")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("待办理")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已解决")
    CLOSED = "closed", _("已销号")


class ProblemItemQuerySet(PartOfCollaborationQuerySet):
    def unfinished(self):
        return self.filter(status__in=[ItemStatus.OPEN, ItemStatus.IN_PROGRESS])

    def overdue(self, today):
        return self.unfinished().filter(due_date__lt=today)


class ProblemItem(models.Model):
    """An item of the joint-governance problem list (联动共治问题清单)."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("跨区域联动"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("编号"))
    title = models.CharField(_("问题"), max_length=150)
    description = models.TextField(_("问题描述"), blank=True)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices, default=Category.OTHER)
    lead = models.ForeignKey(Member, verbose_name=_("牵头成员"), on_delete=models.PROTECT, related_name="led_items")
    status = models.CharField(
        _("状态"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.OPEN, db_index=True
    )
    due_date = models.DateField(_("约定完成日期"), null=True, blank=True)
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    meetings = models.ManyToManyField(JointMeeting, verbose_name=_("相关联席会议"), blank=True, related_name="items")
    activities = models.ManyToManyField(JointActivity, verbose_name=_("相关联合活动"), blank=True, related_name="items")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ProblemItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("联动共治问题")
        verbose_name_plural = _("联动共治问题清单")
        ordering = ["collaboration", "number"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "number"], name="collab_item_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("collaboration:item", args=[self.pk])


class ItemSide(models.Model):
    """A member concerned by an item, with its owner on that side (the side's liaison may update it)."""

    item = models.ForeignKey(ProblemItem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="sides")
    member = models.ForeignKey(Member, verbose_name=_("涉及成员"), on_delete=models.CASCADE, related_name="item_sides")
    owner = models.CharField(_("本方责任人"), max_length=64, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("逾期时提醒此账号"),
    )

    objects = _scoped("item").as_manager()

    class Meta:
        verbose_name = _("涉及成员")
        verbose_name_plural = _("涉及成员与责任人")
        ordering = ["item", "member__order", "member_id"]
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="collab_item_side_once")]

    def __str__(self):
        return f"{self.member} · {self.owner}"


class ItemUpdate(models.Model):
    """Progress from either side, and the audit row of every change of status."""

    item = models.ForeignKey(ProblemItem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="updates")
    member = models.ForeignKey(Member, verbose_name=_("报送方"), null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("进展情况"))
    from_status = models.CharField(_("原状态"), max_length=12, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=ItemStatus.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = _scoped("item").as_manager()

    class Meta:
        verbose_name = _("进展")
        verbose_name_plural = _("进展")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text[:40]


# --- disputes -----------------------------------------------------------------------------------


class DisputeKind(models.TextChoices):
    BOUNDARY = "boundary", _("边界纠纷")
    LAND = "land", _("土地纠纷")
    ENVIRONMENT = "environment", _("环保纠纷")
    WATER = "water", _("用水纠纷")
    OTHER = "other", _("其他纠纷")


class Dispute(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("跨区域联动"), on_delete=models.CASCADE, related_name="disputes"
    )
    title = models.CharField(_("纠纷"), max_length=150)
    kind = models.CharField(_("类型"), max_length=16, choices=DisputeKind.choices)
    members = models.ManyToManyField(Member, verbose_name=_("涉及成员"), related_name="disputes")
    parties = models.CharField(_("当事方"), max_length=200)
    resolution = models.TextField(_("化解方式"), blank=True)
    resolved_on = models.DateField(_("化解日期"), null=True, blank=True, help_text=_("未化解的留空"))

    objects = PartOfCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("纠纷化解")
        verbose_name_plural = _("纠纷化解")
        ordering = ["-resolved_on", "-id"]

    def __str__(self):
        return self.title
