"""Who the deputies are: congresses at five levels, their terms and sessions, deputies and the
mandates (seats) they hold, and the working committees of a standing committee.

A deputy is one person; a deputy of the county and the city at once holds two mandates.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet
from accounts.validators import mask_mobile, validate_mobile
from core.history import scoped_history
from core.regions import place_name

from .pinyin import to_pinyin

CHINESE_NUMERALS = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """16 → 十六, 4 → 四, 21 → 二十一 (for 届 and 次 in names)."""
    if n <= 10:
        return CHINESE_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else CHINESE_NUMERALS[tens]) + "十"
    return head + (CHINESE_NUMERALS[ones] if ones else "")


def english_ordinal(n: int) -> str:
    """16 → 16th, 21 → 21st, 12 → 12th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def term_title(place: str, number: int) -> str:
    """A term's name in the current language from its parts: 安阳县第十六届人民代表大会, or in English
    "the 16th People's Congress of Anyang County" (the place through core.regions.place_name)."""
    # The number is written as each language writes a rank (十六 / 16th); the catalogue's formats may
    # only use the msgid's placeholders, so the ordinal is chosen here, not in the translation.
    english = (get_language() or "").startswith("en")
    ordinal = english_ordinal(number) if english else chinese_number(number)
    return gettext("%(place)s第%(ordinal)s届人民代表大会") % {"place": place_name(place), "ordinal": ordinal}


def deputy_title(terms) -> str:
    """What a deputy is, from their current terms' (place, number): 安阳县第十六届人民代表大会代表, or
    "Deputy to the 16th People's Congress of Anyang County" — composed whole in each language, never a
    Chinese name with an English word glued to it."""
    if not terms:
        return ""
    return gettext("%(congresses)s代表") % {"congresses": gettext("、").join(term_title(p, n) for p, n in terms)}


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
        return f"{self.place}第{chinese_number(self.number)}届人民代表大会"

    @property
    def place(self) -> str:
        """The congress's name without 人民代表大会: 安阳县."""
        return self.congress.name.removesuffix("人民代表大会")

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
    owned_only_by_deputies_and_units = True

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
    photo_thumb = models.ImageField(_("照片缩略图"), upload_to="deputies/thumbs/", blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DeputyQuerySet.as_manager()
    history = scoped_history("region", excluded_fields=["name_pinyin", "name_initials", "updated_at"])
    # A current deputy's photo is on the citizens' QR page (core/files.py's public route).
    public_files = {"photo": "current", "photo_thumb": "current"}

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering = ["name_pinyin", "id"]
        indexes = [models.Index(fields=["region", "name_pinyin"], name="deputy_region_pinyin")]
        permissions = [("see_full_mobile", _("查看代表完整手机号"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        overrides = kwargs.pop("pinyin_overrides", None)
        if overrides is None:
            overrides = PinyinOverride.readings_for(self.region_id)
        self.name_pinyin, self.name_initials = to_pinyin(self.name, overrides)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("deputies:detail", args=[self.pk])

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
    owned_only_by_deputies_and_units = True

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
    history = scoped_history()

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
    owned_only_by_deputies_and_units = True

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
    group = models.ForeignKey(
        "ProfessionalGroup",
        verbose_name=_("专业（产业）小组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )

    objects = ActivityQuerySet.as_manager()
    history = scoped_history("region")

    class Meta:
        verbose_name = _("履职活动")
        verbose_name_plural = _("履职活动")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["region", "-date"], name="activity_region_date"),
            models.Index(fields=["status", "kind", "-date"], name="activity_status_kind_date"),
        ]
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
    owned_only_by_deputies_and_units = True

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


# --- pinyin overrides ---------------------------------------------------------------------------


class PinyinOverrideQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff see the readings of their branch and of the regions above it (they apply to them)."""
        if getattr(user, "is_authenticated", False) and user.is_active and not user.is_superuser:
            if user.region_id and user.is_region_staff:
                above = [user.region_id[:n] for n in (2, 4, 6, 9) if n < len(user.region_id)]
                return self.filter(Q(region_id__in=above) | Q(region__code__startswith=user.region_id))
            return self.none()
        return super().visible_to(user)


class PinyinOverride(models.Model):
    """A surname pypinyin reads wrongly (曾 zeng, 单 shan …): staff add the reading, used on save."""

    surname = models.CharField(_("姓氏"), max_length=4)
    reading = models.CharField(
        _("读音（拼音）"),
        max_length=24,
        validators=[RegexValidator(r"^[a-z]+$", _("读音只能是小写拼音字母，不带声调，如 zeng"))],
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("适用区划"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("对本区划及下级的代表生效"),
    )

    objects = PinyinOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("姓氏读音")
        verbose_name_plural = _("姓氏读音")
        ordering = ["region", "surname"]
        constraints = [models.UniqueConstraint(fields=["region", "surname"], name="pinyin_override_once")]

    def __str__(self):
        return f"{self.surname} {self.reading}"

    @classmethod
    def readings_for(cls, region_code: str | None) -> dict[str, str]:
        """The readings that apply to a deputy of this region (the nearer region wins)."""
        if not region_code:
            return {}
        codes = [region_code[:n] for n in (2, 4, 6, 9, 12) if n <= len(region_code)]
        rows = cls.objects.filter(region_id__in=codes).values_list("region_id", "surname", "reading")
        return {surname: reading for _code, surname, reading in sorted(rows, key=lambda r: len(r[0]))}


# --- session attendance -------------------------------------------------------------------------


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")


class SessionAttendanceQuerySet(ScopedQuerySet):
    region_path = "session__term__congress__region"

    def owned_by_q(self, user):
        return Q(deputy__user=user)


class SessionAttendance(models.Model):
    session = models.ForeignKey(Session, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendance")
    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(
        _("出席情况"), max_length=16, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    note = models.CharField(_("备注"), max_length=100, blank=True)

    objects = SessionAttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("出席会议情况")
        verbose_name_plural = _("出席会议情况")
        ordering = ["session", "deputy"]
        constraints = [models.UniqueConstraint(fields=["session", "deputy"], name="attendance_once")]

    def __str__(self):
        return f"{self.deputy} · {self.session.short_name} · {self.get_status_display()}"


# --- professional / industry groups -------------------------------------------------------------


class GroupKind(models.TextChoices):
    PROFESSIONAL = "professional", _("专业小组")
    INDUSTRY = "industry", _("产业小组")


class GroupStatus(models.TextChoices):
    PLANNED = "planned", _("筹建中")
    ESTABLISHED = "established", _("已成立")
    DISSOLVED = "dissolved", _("已撤销")


class ProfessionalGroupQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        return Q(pk__in=GroupMembership.objects.filter(deputy__user=user).values("group_id"))


class ProfessionalGroup(models.Model):
    """A deputies' professional or industry group (代表专业（产业）小组): "成熟一个、组建一个"."""

    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("类别"), max_length=16, choices=GroupKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="professional_groups"
    )
    leader = models.ForeignKey(
        Deputy, verbose_name=_("组长"), null=True, blank=True, on_delete=models.SET_NULL, related_name="led_groups"
    )
    founded = models.DateField(_("成立日期"), null=True, blank=True)
    dissolved = models.DateField(_("撤销日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=GroupStatus.choices, default=GroupStatus.PLANNED)
    description = models.TextField(_("工作职责"), blank=True)
    members = models.ManyToManyField(Deputy, through="GroupMembership", related_name="professional_groups")

    objects = ProfessionalGroupQuerySet.as_manager()
    history = scoped_history("region")

    class Meta:
        verbose_name = _("专业（产业）小组")
        verbose_name_plural = _("专业（产业）小组")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="group_unique_name"),
            models.CheckConstraint(
                condition=~Q(status="established") | Q(founded__isnull=False), name="group_established_has_date"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.status == GroupStatus.ESTABLISHED and not self.founded:
            raise ValidationError({"founded": _("已成立的小组须填写成立日期")})
        if self.status == GroupStatus.DISSOLVED and not self.dissolved:
            raise ValidationError({"dissolved": _("已撤销的小组须填写撤销日期")})


class GroupMembershipQuerySet(ScopedQuerySet):
    region_path = "group__region"

    def owned_by_q(self, user):
        return Q(deputy__user=user)

    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(joined__lte=on).filter(Q(left__isnull=True) | Q(left__gte=on))


class GroupMembership(models.Model):
    group = models.ForeignKey(
        ProfessionalGroup, verbose_name=_("小组"), on_delete=models.CASCADE, related_name="memberships"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="memberships")
    joined = models.DateField(_("加入日期"))
    left = models.DateField(_("退出日期"), null=True, blank=True)

    objects = GroupMembershipQuerySet.as_manager()
    history = scoped_history()

    class Meta:
        verbose_name = _("小组成员")
        verbose_name_plural = _("小组成员")
        ordering = ["group", "joined"]
        constraints = [
            models.UniqueConstraint(fields=["group", "deputy", "joined"], name="membership_once"),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")), name="membership_dates_order"
            ),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.group}"


# --- key enterprises ----------------------------------------------------------------------------

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character."""
    value = (value or "").strip().upper()
    if len(value) != 18 or any(c not in USCC_CHARS for c in value):
        raise ValidationError(_("统一社会信用代码应为18位数字或大写字母（不含 I、O、Z、S、V）"), code="uscc_format")
    if uscc_check_char(value[:17]) != value[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对后重新输入"), code="uscc_check")


class EnterpriseQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        return Q(pk__in=EnterpriseLink.objects.filter(deputy__user=user).values("enterprise_id"))


class Enterprise(models.Model):
    """A key enterprise (重点企业) that deputies keep in contact with."""

    name = models.CharField(_("企业名称"), max_length=128)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    sector = models.CharField(_("行业"), max_length=64, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="enterprises")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    deputies = models.ManyToManyField(Deputy, through="EnterpriseLink", related_name="enterprises")

    objects = EnterpriseQuerySet.as_manager()
    history = scoped_history("region")

    class Meta:
        verbose_name = _("重点企业")
        verbose_name_plural = _("重点企业")
        ordering = ["region", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.uscc = (self.uscc or "").strip().upper()
        super().save(*args, **kwargs)


class EnterpriseLinkQuerySet(ScopedQuerySet):
    region_path = "enterprise__region"

    def owned_by_q(self, user):
        return Q(deputy__user=user)

    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class EnterpriseLink(models.Model):
    """A deputy's contact link with a key enterprise (代表联系重点企业)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="links")
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("联系代表"), on_delete=models.CASCADE, related_name="enterprise_links"
    )
    start_date = models.DateField(_("联系开始"))
    end_date = models.DateField(_("联系结束"), null=True, blank=True)

    objects = EnterpriseLinkQuerySet.as_manager()
    history = scoped_history()

    class Meta:
        verbose_name = _("代表联系企业")
        verbose_name_plural = _("代表联系企业")
        ordering = ["enterprise", "deputy"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "deputy", "start_date"], name="enterprise_link_once"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="enterprise_link_dates_order",
            ),
        ]

    def __str__(self):
        return f"{self.deputy} ↔ {self.enterprise}"


class OpinionStatus(models.TextChoices):
    RECEIVED = "received", _("已收集")
    FORWARDED = "forwarded", _("已转交")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


# Its moves are the table in workflow.py.


class OpinionCategory(models.TextChoices):
    POLICY = "policy", _("政策落实")
    FINANCE = "finance", _("融资信贷")
    LAND = "land", _("用地用工")
    ENVIRONMENT = "environment", _("营商环境")
    OTHER = "other", _("其他")


class EnterpriseOpinionQuerySet(ScopedQuerySet):
    region_path = "link__enterprise__region"

    def owned_by_q(self, user):
        return Q(link__deputy__user=user)


class EnterpriseOpinion(models.Model):
    """An opinion an enterprise gave a deputy through their contact link (企业意见建议)."""

    link = models.ForeignKey(
        EnterpriseLink, verbose_name=_("联系关系"), on_delete=models.PROTECT, related_name="opinions"
    )
    text = models.TextField(_("意见内容"))
    date = models.DateField(_("收集日期"))
    category = models.CharField(
        _("类别"), max_length=16, choices=OpinionCategory.choices, default=OpinionCategory.OTHER
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=OpinionStatus.choices, default=OpinionStatus.RECEIVED, db_index=True
    )
    forwarded_to = models.ForeignKey(
        "accounts.Unit", verbose_name=_("转交单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("答复内容"), blank=True)

    objects = EnterpriseOpinionQuerySet.as_manager()
    history = scoped_history()

    class Meta:
        verbose_name = _("企业意见建议")
        verbose_name_plural = _("企业意见建议")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.link.enterprise} · {self.date}"


# --- activity photos ----------------------------------------------------------------------------


class ActivityPhotoQuerySet(ScopedQuerySet):
    region_path = "activity__region"

    def owned_by_q(self, user):
        # A subquery, not a join through the participants: OR-ed with the branch condition of a user
        # who is staff and deputy, the join yielded each photo once per participant.
        return Q(activity__in=ActivityParticipant.objects.filter(deputy__user=user).values("activity_id"))


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, verbose_name=_("履职活动"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to="deputies/activities/%Y/%m/")
    thumbnail = models.ImageField(_("缩略图"), upload_to="deputies/activities/thumbs/%Y/%m/")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ActivityPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity", "id"]

    def __str__(self):
        return self.image.name


# --- points -------------------------------------------------------------------------------------


def point_label(kind: str) -> str:
    """The name of a points item: an activity kind's label or the title of another app's record section."""
    if kind in ActivityKind.values:
        return str(ActivityKind(kind).label)
    from core.registry import record_sections

    titles = {s.key: s.title for s in record_sections()}
    return str(titles.get(kind, kind))


class PointRule(models.Model):
    """履职积分规则: points per activity kind (or record section), per role, with a yearly cap."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("适用区划"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("对本区划及下级的代表生效；下级的规则优先"),
    )
    kind = models.CharField(_("积分项目"), max_length=48, help_text=_("履职活动类型，或其他模块在履职档案中登记的栏目"))
    points_lead = models.DecimalField(_("牵头得分"), max_digits=5, decimal_places=1, default=0)
    points_participant = models.DecimalField(_("参加得分"), max_digits=5, decimal_places=1, default=0)
    yearly_cap = models.DecimalField(
        _("年度上限"), max_digits=6, decimal_places=1, null=True, blank=True, help_text=_("留空表示不设上限")
    )

    objects = ScopedQuerySet.as_manager()
    history = scoped_history("region")

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["region", "kind"]
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="point_rule_once")]

    def __str__(self):
        return f"{self.kind_label} {self.points_participant}"

    @property
    def kind_label(self) -> str:
        return point_label(self.kind)

    @classmethod
    def rules_for(cls, region_code: str | None) -> dict[str, "PointRule"]:
        if not region_code:
            return {}
        codes = [region_code[:n] for n in (2, 4, 6, 9, 12) if n <= len(region_code)]
        rules = sorted(cls.objects.filter(region_id__in=codes), key=lambda r: len(r.region_id))
        return {r.kind: r for r in rules}
