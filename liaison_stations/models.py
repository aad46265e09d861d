"""Where deputies meet the public and watch over government services.

A `Place` is a liaison station (代表联络站), the supervision room in the county service hall
(代表监督室), a supervision post in a township service hall (代表监督岗) or a community service post
(代表服务岗). Deputies are stationed there (`Stationing`), follow a yearly entry plan (`EntryPlan`)
and a rota (`Duty`); receptions (`Reception`) gather opinions (`Opinion`) that go round a closed
loop (登记 → 办理 → 结果 → 反馈 → 办结), each step kept as an `OpinionTransition`.
Campaign events held at a place are deputies' `Activity` rows linked here by `StationActivity`.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet, Unit
from deputies.models import Activity, Deputy


def new_public_key() -> str:
    """A random, non-sequential key for a place's public page (96 bits)."""
    return secrets.token_urlsafe(12)


class PlaceKind(models.TextChoices):
    LIAISON_STATION = "liaison_station", _("代表联络站")
    SUPERVISION_ROOM = "supervision_room", _("代表监督室")
    SUPERVISION_POST = "supervision_post", _("代表监督岗")
    SERVICE_POST = "service_post", _("代表服务岗")


class PlaceQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        return Q(pk__in=Stationing.objects.filter(deputy__user=user).values("place_id"))

    def active(self):
        return self.filter(is_active=True)


class Place(models.Model):
    kind = models.CharField(_("类别"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.LIAISON_STATION)
    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="places")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField(
        _("开放时间"), max_length=100, blank=True, help_text=_("如：每周二、周四 9:00—12:00")
    )
    contact_person = models.CharField(_("联系人"), max_length=32, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    photo = models.ImageField(_("照片"), upload_to="stations/photos/", blank=True)
    host_hall = models.CharField(
        _("所在服务大厅"), max_length=100, blank=True, help_text=_("监督室、监督岗所在的政务（便民）服务大厅")
    )
    services = models.TextField(_("服务内容"), blank=True, help_text=_("服务岗提供的服务，每行一项"))
    public_key = models.CharField(_("公开页标识"), max_length=32, unique=True, default=new_public_key, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = PlaceQuerySet.as_manager()
    # An active place's photo is on its public page (core/files.py's public route).
    public_files = {"photo": "active"}

    class Meta:
        verbose_name = _("联络站（监督岗、服务岗）")
        verbose_name_plural = _("联络站（监督岗、服务岗）")
        ordering = ["region", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "kind", "name"], name="place_unique_name")]
        indexes = [models.Index(fields=["kind", "region"], name="place_kind_region")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("liaison_stations:place", args=[self.pk])

    def get_public_url(self):
        return reverse("liaison_stations:public", args=[self.public_key])

    @property
    def service_list(self) -> list[str]:
        return [s.strip() for s in self.services.splitlines() if s.strip()]


class StationingQuerySet(ScopedQuerySet):
    region_path = "place__region"

    def owned_by_q(self, user):
        return Q(deputy__user=user)

    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Stationing(models.Model):
    """A deputy stationed at a place (驻站) from a date, until a date or for good."""

    place = models.ForeignKey(Place, verbose_name=_("站点"), on_delete=models.CASCADE, related_name="stationings")
    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="stationings")
    start_date = models.DateField(_("进站日期"))
    end_date = models.DateField(_("离站日期"), null=True, blank=True)
    is_head = models.BooleanField(_("站长"), default=False)

    objects = StationingQuerySet.as_manager()

    class Meta:
        verbose_name = _("驻站代表")
        verbose_name_plural = _("驻站代表")
        ordering = ["place", "-is_head", "deputy__name_pinyin"]
        constraints = [
            models.UniqueConstraint(fields=["place", "deputy", "start_date"], name="stationing_unique_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="stationing_dates_order",
            ),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.place}"


class EntryPlanQuerySet(ScopedQuerySet):
    region_path = "place__region"


class EntryPlan(models.Model):
    """The yearly entry plan (入站计划) of a place."""

    place = models.ForeignKey(Place, verbose_name=_("站点"), on_delete=models.CASCADE, related_name="entry_plans")
    year = models.PositiveSmallIntegerField(_("年度"))
    reception_days = models.PositiveSmallIntegerField(_("计划接待日数"), default=0)
    content = models.TextField(_("计划内容"), blank=True)

    objects = EntryPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("入站计划")
        verbose_name_plural = _("入站计划")
        ordering = ["place", "-year"]
        constraints = [models.UniqueConstraint(fields=["place", "year"], name="entry_plan_one_per_year")]

    def __str__(self):
        return f"{self.place} {self.year}"


class Shift(models.TextChoices):
    DAY = "day", _("全天")
    AM = "am", _("上午")
    PM = "pm", _("下午")


class DutyQuerySet(ScopedQuerySet):
    region_path = "place__region"

    def owned_by_q(self, user):
        return Q(deputy__user=user)

    def upcoming(self, on: datetime.date | None = None):
        return self.filter(date__gte=on or timezone.localdate())

    def needing_attention(self, on: datetime.date | None = None):
        """Upcoming duties nobody confirmed, and past duties not marked as attended."""
        on = on or timezone.localdate()
        return self.filter(
            Q(date__gte=on, confirmed_at__isnull=True) | Q(date__lt=on, attended__isnull=True) | Q(attended=False)
        )


class Duty(models.Model):
    """One deputy on duty at a place on a date (a rota entry)."""

    place = models.ForeignKey(Place, verbose_name=_("站点"), on_delete=models.CASCADE, related_name="duties")
    deputy = models.ForeignKey(Deputy, verbose_name=_("值班代表"), on_delete=models.PROTECT, related_name="duties")
    date = models.DateField(_("日期"))
    shift = models.CharField(_("班次"), max_length=4, choices=Shift.choices, default=Shift.DAY)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    attended = models.BooleanField(_("到岗"), null=True, blank=True)
    swapped_from = models.ForeignKey(
        Deputy,
        verbose_name=_("原值班代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="swapped_duties",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调班申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    swap_reason = models.CharField(_("调班原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("排班时间"), auto_now_add=True)

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("值班")
        verbose_name_plural = _("值班")
        ordering = ["date", "place", "shift"]
        constraints = [
            # A deputy is on duty at most once a day, anywhere.
            models.UniqueConstraint(fields=["deputy", "date"], name="duty_one_per_deputy_day"),
            models.CheckConstraint(
                condition=Q(swapped_from__isnull=True) | Q(requested_by__isnull=False),
                name="duty_swap_needs_requester",
            ),
        ]
        indexes = [models.Index(fields=["place", "date"], name="duty_place_date")]

    def __str__(self):
        return f"{self.date} {self.get_shift_display()} {self.place} · {self.deputy}"


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    DECLINED = "declined", _("未同意")


class SwapRequestQuerySet(ScopedQuerySet):
    region_path = "duty__place__region"

    def owned_by_q(self, user):
        return Q(duty__deputy__user=user) | Q(requested_by=user)

    def pending(self):
        return self.filter(status=SwapStatus.PENDING)


class SwapRequest(models.Model):
    """A deputy's request, from the phone, to hand a duty to a colleague; staff approve it (the
    swap is then made by `services.swap_duty`) or decline it."""

    duty = models.ForeignKey(Duty, verbose_name=_("值班"), on_delete=models.CASCADE, related_name="swap_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("建议代班代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("可不选，由工作人员安排"),
    )
    reason = models.CharField(_("调班原因"), max_length=200)
    status = models.CharField(
        _("审批状态"), max_length=16, choices=SwapStatus.choices, default=SwapStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    objects = SwapRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("调班申请")
        verbose_name_plural = _("调班申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty"], condition=Q(status="pending"), name="swap_request_one_pending_per_duty"
            )
        ]

    def __str__(self):
        return f"{self.duty} · {self.get_status_display()}"


class ReceptionKind(models.TextChoices):
    RECEPTION = "reception", _("接待选民")
    SUPERVISION = "supervision", _("监督记录")
    SERVICE = "service", _("服务记录")


class ReceptionQuerySet(ScopedQuerySet):
    region_path = "place__region"

    def owned_by_q(self, user):
        return Q(pk__in=Reception.deputies.through.objects.filter(deputy__user=user).values("reception_id"))


class Reception(models.Model):
    """A reception day at a station, or a supervision record at a room or post."""

    place = models.ForeignKey(Place, verbose_name=_("站点"), on_delete=models.PROTECT, related_name="receptions")
    kind = models.CharField(_("类型"), max_length=16, choices=ReceptionKind.choices, default=ReceptionKind.RECEPTION)
    date = models.DateField(_("日期"))
    deputies = models.ManyToManyField(Deputy, verbose_name=_("到场代表"), related_name="receptions")
    citizens_count = models.PositiveIntegerField(_("接待群众人数"), default=0)
    citizen_names = models.TextField(_("群众姓名"), blank=True, help_text=_("可不填；仅工作人员可见，不在公开页面显示"))
    topics = models.TextField(_("反映的主要问题"), blank=True)
    activity = models.OneToOneField(
        Activity,
        verbose_name=_("履职活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reception",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("接待（监督）记录")
        verbose_name_plural = _("接待（监督）记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["place", "-date"], name="reception_place_date")]

    def __str__(self):
        return f"{self.date} {self.place}"


class StationActivityQuerySet(ScopedQuerySet):
    region_path = "place__region"

    def owned_by_q(self, user):
        # A subquery, not a join: a join over participants would repeat rows.
        from deputies.models import ActivityParticipant

        return Q(activity_id__in=ActivityParticipant.objects.filter(deputy__user=user).values("activity_id"))


class StationActivity(models.Model):
    """A deputies' activity held at a place: a "listen, gather, solve" event, a campaign month."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("履职活动"), on_delete=models.CASCADE, related_name="station_link"
    )
    place = models.ForeignKey(Place, verbose_name=_("站点"), on_delete=models.PROTECT, related_name="activities")

    objects = StationActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("进站活动")
        verbose_name_plural = _("进站活动")
        ordering = ["-activity__date", "-id"]

    def __str__(self):
        return f"{self.activity} · {self.place}"


class OpinionCategory(models.TextChoices):
    LIVELIHOOD = "livelihood", _("民生保障")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    AGRICULTURE = "agriculture", _("乡村振兴")
    ENVIRONMENT = "environment", _("生态环境")
    EDUCATION_HEALTH = "education_health", _("教育医疗")
    BUSINESS = "business", _("营商环境")
    GOV_SERVICE = "gov_service", _("政务服务")
    OTHER = "other", _("其他")


class OpinionState(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    HANDLING = "handling", _("办理中")
    RESULT = "result", _("已有结果")
    FED_BACK = "fed_back", _("已反馈")
    CLOSED = "closed", _("已办结")


# The closed loop (登记有处理、处理有结果、结果有反馈、反馈有记录) is the table in workflow.py.
OPEN_STATES = (OpinionState.REGISTERED, OpinionState.HANDLING, OpinionState.RESULT, OpinionState.FED_BACK)


class OpinionQuerySet(ScopedQuerySet):
    region_path = "place__region"
    owned_only_by_deputies_and_units = True

    def owned_by_q(self, user):
        through = Reception.deputies.through.objects.filter(deputy__user=user)
        own = Q(reception_id__in=through.values("reception_id"))
        # A handling unit's staff see the opinions forwarded to their unit, to answer them.
        if getattr(user, "unit_id", None):
            own |= Q(unit_id=user.unit_id)
        return own

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, days: int, now=None):
        now = now or timezone.now()
        return self.open().filter(state_since__lt=now - datetime.timedelta(days=days))


class Opinion(models.Model):
    """An opinion or proposal (意见建议) gathered at a place."""

    place = models.ForeignKey(Place, verbose_name=_("站点"), on_delete=models.PROTECT, related_name="opinions")
    reception = models.ForeignKey(
        Reception, verbose_name=_("接待记录"), null=True, blank=True, on_delete=models.CASCADE, related_name="opinions"
    )
    station_activity = models.ForeignKey(
        StationActivity,
        verbose_name=_("进站活动"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    category = models.CharField(_("类别"), max_length=20, choices=OpinionCategory.choices)
    text = models.TextField(_("意见建议内容"))
    raised_by = models.CharField(_("反映人"), max_length=32, blank=True, help_text=_("可不填"))
    contact = models.CharField(_("联系方式"), max_length=32, blank=True, help_text=_("用于反馈，可不填"))
    state = models.CharField(
        _("状态"), max_length=16, choices=OpinionState.choices, default=OpinionState.REGISTERED, db_index=True
    )
    state_since = models.DateTimeField(_("进入当前状态时间"), default=timezone.now)
    unit = models.ForeignKey(
        Unit, verbose_name=_("转交单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="opinions"
    )
    to_suggestion = models.BooleanField(_("转为代表建议"), default=False)
    suggestion_deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("接办代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("转为代表建议时，由哪位代表领衔提出"),
    )
    # The draft made from it: this app sits to the right of `suggestions` (it hands opinions over),
    # so the link lives here; suggestions never imports this app (docs/architecture.md).
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("代表建议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_opinions",
    )
    handling_note = models.TextField(_("办理说明"), blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    feedback = models.TextField(_("反馈情况"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "state_since"], name="opinion_state_since"),
            # The dashboard counts a period's opinions (a month among hundreds of thousands).
            models.Index(fields=["created_at"], name="opinion_created"),
        ]
        constraints = [
            # Being handled means forwarded to a unit or turned into a deputy suggestion.
            models.CheckConstraint(
                condition=Q(state="registered") | Q(unit__isnull=False) | Q(to_suggestion=True),
                name="opinion_handling_has_route",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["registered", "handling"]) | ~Q(result=""), name="opinion_result_recorded"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["registered", "handling", "result"]) | ~Q(feedback=""),
                name="opinion_feedback_recorded",
            ),
        ]

    def __str__(self):
        return self.text[:30]

    def get_absolute_url(self):
        return reverse("liaison_stations:opinion", args=[self.pk])

    @property
    def suggestion_label(self) -> str:
        if self.suggestion_id is None:
            return ""
        return _("代表建议 #%(pk)s：%(title)s") % {"pk": self.suggestion_id, "title": self.suggestion.title}


class OpinionTransitionQuerySet(ScopedQuerySet):
    region_path = "opinion__place__region"


class OpinionTransition(models.Model):
    """One step of an opinion's loop: who moved it, when, from which state to which."""

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("意见建议"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("原状态"), max_length=16, choices=OpinionState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=OpinionState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    objects = OpinionTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见建议流转记录")
        verbose_name_plural = _("意见建议流转记录")
        ordering = ["opinion", "at", "id"]

    def __str__(self):
        return f"{self.opinion_id}: {self.from_state or '-'} → {self.to_state}"
