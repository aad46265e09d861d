"""Who the deputies are: congresses at five levels, their terms and sessions, deputies and the
mandates (seats) they hold, and the working committees of a standing committee.

A deputy is one person; a deputy of the county and the city at once holds two mandates.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet
from accounts.validators import mask_mobile, validate_mobile

from .pinyin import to_pinyin

CHINESE_NUMERALS = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """16 → 十六, 4 → 四, 21 → 二十一 (for 届 and 次 in names)."""
    if n <= 10:
        return CHINESE_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else CHINESE_NUMERALS[tens]) + "十"
    return head + (CHINESE_NUMERALS[ones] if ones else "")


class Level(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


class CongressQuerySet(ScopedQuerySet):
    pass


class Congress(models.Model):
    """A people's congress at one level, bound to the region it represents."""

    name = models.CharField(_("名称"), max_length=64, help_text=_("如：安阳县人民代表大会"))
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="congresses")

    objects = CongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("人民代表大会")
        verbose_name_plural = _("人民代表大会")
        ordering = ["region", "level"]
        constraints = [models.UniqueConstraint(fields=["region", "level"], name="congress_one_per_region_level")]

    def __str__(self):
        return self.name

    def current_term(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.terms.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on)).first()


class TermQuerySet(ScopedQuerySet):
    region_path = "congress__region"


class Term(models.Model):
    """A term (届) of a congress, e.g. the 16th Anyang county congress."""

    congress = models.ForeignKey(Congress, verbose_name=_("人大"), on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")), name="term_dates_order"
            ),
        ]

    def __str__(self):
        return f"{self.congress.name.removesuffix('人民代表大会')}第{chinese_number(self.number)}届人民代表大会"

    @property
    def short_name(self) -> str:
        return f"第{chinese_number(self.number)}届"


class SessionQuerySet(ScopedQuerySet):
    region_path = "term__congress__region"


class Session(models.Model):
    """A session (次会议) of a term, e.g. the 4th session of the 16th county congress."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("会次"))
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"))

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["term", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="session_dates_order"),
        ]

    def __str__(self):
        return f"{self.term}第{chinese_number(self.number)}次会议"

    @property
    def short_name(self) -> str:
        return f"{self.term.short_name}{chinese_number(self.number)}次会议"


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class DeputyQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        return Q(user=user)

    def current(self, on: datetime.date | None = None):
        """Deputies holding at least one current mandate."""
        return self.filter(pk__in=Mandate.objects.current(on).values("deputy_id"))

    def current_of(self, congress, on: datetime.date | None = None):
        """The current deputies of one congress."""
        return self.filter(pk__in=Mandate.objects.current(on).filter(term__congress=congress).values("deputy_id"))

    def search(self, text: str):
        """By characters, full pinyin or initials: 张三 / zhangsan / zs."""
        text = (text or "").strip()
        if not text:
            return self
        lowered = text.lower().replace(" ", "")
        if lowered.isascii():
            return self.filter(Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered))
        return self.filter(name__contains=text)


class Deputy(models.Model):
    """A person who is (or was) a deputy; seats are in Mandate."""

    name = models.CharField(_("姓名"), max_length=32)
    name_pinyin = models.CharField(_("姓名拼音"), max_length=128, editable=False, db_index=True)
    name_initials = models.CharField(_("拼音首字母"), max_length=32, editable=False, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=16, default="汉族")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    party = models.CharField(_("党派"), max_length=32, blank=True, help_text=_("如：中共党员、群众、民盟盟员"))
    education = models.CharField(_("文化程度"), max_length=32, blank=True)
    occupation = models.CharField(_("职业"), max_length=64, blank=True)
    sector = models.CharField(_("行业"), max_length=64, blank=True, help_text=_("如：建筑业、教育、农业"))
    work_unit = models.CharField(_("工作单位"), max_length=128, blank=True)
    post = models.CharField(_("职务"), max_length=64, blank=True)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True, validators=[validate_mobile])
    photo = models.ImageField(_("照片"), upload_to="deputies/photos/", blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        related_name="deputies",
        help_text=_("代表所在的县（区）或乡镇，决定哪一级工作人员可以管理"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )
    is_leader = models.BooleanField(_("县级领导干部代表"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering = ["name_pinyin", "id"]
        indexes = [models.Index(fields=["region", "name_pinyin"], name="deputy_region_pinyin")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = to_pinyin(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:deputies_deputy_change", args=[self.pk])

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


class EndReason(models.TextChoices):
    TERM_ENDED = "term_ended", _("任期届满")
    RESIGNED = "resigned", _("辞职")
    RECALLED = "recalled", _("罢免")
    TRANSFERRED = "transferred", _("调离本行政区域")
    DECEASED = "deceased", _("去世")
    OTHER = "other", _("其他")


class MandateQuerySet(ScopedQuerySet):
    region_path = "term__congress__region"

    def owned_by_q(self, user):
        return Q(deputy__user=user)

    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on, term__start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            Q(term__end_date__isnull=True) | Q(term__end_date__gte=on),
        )


class Mandate(models.Model):
    """A deputy's seat in one term of one congress."""

    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="mandates")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="mandates")
    constituency = models.CharField(_("选区"), max_length=64, blank=True)
    delegation = models.CharField(_("代表团（代表小组）"), max_length=64, blank=True)
    start_date = models.DateField(_("任职开始"))
    end_date = models.DateField(_("任职结束"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=16, choices=EndReason.choices, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("代表资格")
        verbose_name_plural = _("代表资格")
        ordering = ["deputy", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["deputy", "term"], name="mandate_one_seat_per_term"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="mandate_dates_order",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(end_reason=""), name="mandate_end_needs_reason"
            ),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.term}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        term_open = self.term.end_date is None or self.term.end_date >= on
        return self.start_date <= on and (self.end_date is None or self.end_date >= on) and term_open


class WorkingCommitteeQuerySet(ScopedQuerySet):
    region_path = "congress__region"

    def owned_by_q(self, user):
        return Q(members=user)


class WorkingCommittee(models.Model):
    """A working committee (工委) of a standing committee, e.g. 财政经济工作委员会."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人大"), on_delete=models.PROTECT, related_name="working_committees"
    )
    name = models.CharField(_("名称"), max_length=64)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), blank=True, related_name="working_committees"
    )

    objects = WorkingCommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作委员会")
        verbose_name_plural = _("工作委员会")
        ordering = ["congress", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="working_committee_unique_name")]

    def __str__(self):
        return self.name


class ActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("调研")
    FORUM = "forum", _("座谈")
    RECEPTION = "reception", _("接待选民")
    OUTREACH = "outreach", _("送法律、送文化、送科技下乡")
    SPECIAL_INQUIRY = "special_inquiry", _("专题询问")
    LAW_ENFORCEMENT = "law_enforcement", _("执法检查")
    LISTEN_GATHER_SOLVE = "listen_gather_solve", _("听民声、汇民意、解民忧")
    STATION_MONTH = "station_month", _("集中进站月")
    DOUBLE_CONTACT_MONTH = "double_contact_month", _("双联系集中月")
    GROUP_ACTIVITY = "group_activity", _("小组活动")
    TRAINING = "training", _("学习培训")
    SESSION_ATTENDANCE = "session_attendance", _("出席人代会")
    OTHER = "other", _("其他")


class ActivityStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    VERIFIED = "verified", _("已审核")
    RETURNED = "returned", _("已退回")


class ActivityQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        return Q(pk__in=ActivityParticipant.objects.filter(deputy__user=user).values("activity_id"))

    def verified(self):
        return self.filter(status=ActivityStatus.VERIFIED)


class Activity(models.Model):
    """A duty activity: logged by a deputy from their phone or by staff for many deputies.
    Only verified activities count in the performance record and points."""

    kind = models.CharField(_("活动类型"), max_length=32, choices=ActivityKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    date = models.DateField(_("日期"), db_index=True)
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("组织区划"), on_delete=models.PROTECT, related_name="activities")
    deputies = models.ManyToManyField(
        Deputy, verbose_name=_("参加代表"), through="ActivityParticipant", related_name="activities"
    )
    summary = models.TextField(_("活动内容"), blank=True)
    opinions_count = models.PositiveIntegerField(_("收集意见建议数"), default=0)
    suggestions_count = models.PositiveIntegerField(_("形成建议数"), default=0)
    status = models.CharField(
        _("状态"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.SUBMITTED, db_index=True
    )
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("履职活动")
        verbose_name_plural = _("履职活动")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["region", "-date"], name="activity_region_date")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="activity_return_needs_reason"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"


class ParticipantRole(models.TextChoices):
    LEAD = "lead", _("牵头")
    PARTICIPANT = "participant", _("参加")


class ActivityParticipantQuerySet(ScopedQuerySet):
    region_path = "activity__region"

    def owned_by_q(self, user):
        return Q(deputy__user=user)


class ActivityParticipant(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("履职活动"), on_delete=models.CASCADE, related_name="participants"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(
        _("角色"), max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT
    )

    objects = ActivityParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("参加代表")
        verbose_name_plural = _("参加代表")
        constraints = [models.UniqueConstraint(fields=["activity", "deputy"], name="participant_once")]
        indexes = [models.Index(fields=["deputy", "activity"], name="participant_deputy")]

    def __str__(self):
        return f"{self.deputy} · {self.activity}"
