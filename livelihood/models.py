"""Livelihood projects (民生实事项目): the candidates, the deputies' vote at a session, the chosen
projects with their milestones and inputs, and the "three ones" reviews (三个一) with reminders.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Region, ScopedQuerySet, Unit
from deputies.models import Congress, Session, WorkingCommittee

from . import periods


class Cadence(models.TextChoices):
    MONTHLY = periods.MONTHLY, _("每月听取")
    QUARTERLY = periods.QUARTERLY, _("每季度汇报")
    HALF_YEARLY = periods.HALF_YEARLY, _("每半年视察")


CADENCE_BODY = {
    Cadence.MONTHLY: _("工委听取"),
    Cadence.QUARTERLY: _("主任会议听取"),
    Cadence.HALF_YEARLY: _("常委会集中视察"),
}


# --- the chairs' meeting -------------------------------------------------------------------
class ChairsMeetingMemberQuerySet(ScopedQuerySet):
    region_path = "congress__region"

    def owned_by_q(self, user):
        return Q(user=user)


class ChairsMeetingMember(models.Model):
    """A member of the chairs' meeting (主任会议) of a standing committee: the chair and vice-chairs."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人大"), on_delete=models.CASCADE, related_name="chairs_meeting_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="chairs_meetings"
    )
    title = models.CharField(_("职务"), max_length=32, help_text=_("如：主任、副主任"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ChairsMeetingMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("主任会议组成人员")
        verbose_name_plural = _("主任会议组成人员")
        ordering = ["congress", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "user"], name="chairs_member_unique")]

    def __str__(self):
        return f"{self.title} {self.user}"


# --- candidates and the vote ---------------------------------------------------------------
class VoteRule(models.TextChoices):
    TOP_N = "top_n", _("按赞成票多少取前N项")
    MAJORITY_CAST = "majority_cast", _("赞成票超过投票数的一半")
    MAJORITY_PRESENT = "majority_present", _("赞成票超过出席代表的一半")


class VoteSittingQuerySet(ScopedQuerySet):
    region_path = "session__term__congress__region"


class VoteSitting(models.Model):
    """A vote on livelihood projects held at a session of the congress (票决)."""

    session = models.ForeignKey(
        Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="livelihood_sittings"
    )
    title = models.CharField(_("名称"), max_length=100, default="民生实事项目票决")
    held_on = models.DateField(_("票决日期"))
    rule = models.CharField(_("票决规则"), max_length=20, choices=VoteRule.choices, default=VoteRule.TOP_N)
    top_n = models.PositiveSmallIntegerField(_("确定项目数"), default=10, help_text=_("规则为取前N项时使用"))
    deputies_present = models.PositiveIntegerField(_("出席代表人数"), null=True, blank=True)
    decided_at = models.DateTimeField(_("计票时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = VoteSittingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("票决")
        verbose_name_plural = _("票决")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.session} · {self.title}"

    def get_absolute_url(self):
        return reverse("livelihood:sitting", args=[self.pk])

    @property
    def region_id(self):
        return self.session.term.congress.region_id


class CandidateSource(models.TextChoices):
    PUBLIC = "public", _("群众征集")
    DEPUTIES = "deputies", _("代表提出")
    GOVERNMENT = "government", _("政府提出")


class CandidateStatus(models.TextChoices):
    CANDIDATE = "candidate", _("候选")
    SHORTLISTED = "shortlisted", _("提交票决")
    CHOSEN = "chosen", _("票决通过")
    NOT_CHOSEN = "not_chosen", _("未通过")


class CandidateQuerySet(ScopedQuerySet):
    region_path = "sitting__session__term__congress__region"


class Candidate(models.Model):
    """A candidate project gathered for the vote."""

    sitting = models.ForeignKey(
        VoteSitting, verbose_name=_("票决"), on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField(_("项目名称"), max_length=120)
    description = models.TextField(_("项目内容"), blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=CandidateSource.choices)
    budget = models.DecimalField(_("估算投资（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        WorkingCommittee,
        verbose_name=_("负责工委"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.CANDIDATE
    )
    votes_for = models.PositiveIntegerField(_("赞成"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)

    objects = CandidateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("候选项目")
        verbose_name_plural = _("候选项目")
        ordering = ["sitting", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "name"], name="candidate_unique_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def votes_cast(self) -> int:
        return (self.votes_for or 0) + (self.votes_against or 0) + (self.votes_abstain or 0)


# --- projects --------------------------------------------------------------------------------
class ProjectQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        # The responsible unit's staff see their unit's projects, to report progress.
        return Q(unit_id=user.unit_id) if getattr(user, "unit_id", None) else None

    def with_progress(self):
        return self.annotate(
            milestones_total=Count("milestones", distinct=True),
            milestones_reached=Count("milestones", filter=Q(milestones__actual_date__isnull=False), distinct=True),
        )

    def active(self):
        return self.filter(completed_on__isnull=True)


class Project(models.Model):
    """A livelihood project chosen by the vote."""

    region = models.ForeignKey(
        Region, verbose_name=_("县（区）"), on_delete=models.PROTECT, related_name="livelihood_projects"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("候选项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project",
    )
    number = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("项目名称"), max_length=120)
    description = models.TextField(_("项目内容"), blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    committee = models.ForeignKey(
        WorkingCommittee,
        verbose_name=_("负责工委"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="livelihood_projects",
        help_text=_("每月听取项目进展的工作委员会"),
    )
    budget = models.DecimalField(_("总投资（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    funding_sources = models.CharField(_("资金来源"), max_length=200, blank=True)
    start_date = models.DateField(_("开始日期"), help_text=_("从此日起按月、季、半年安排审议"))
    target_date = models.DateField(_("计划完成日期"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    manual_progress = models.PositiveSmallIntegerField(
        _("填报进度（%）"), null=True, blank=True, help_text=_("仅在项目没有节点时填报")
    )
    manual_progress_reason = models.CharField(_("填报进度说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("民生实事项目")
        verbose_name_plural = _("民生实事项目")
        ordering = ["region", "-year", "number", "id"]
        indexes = [models.Index(fields=["region", "year"], name="lh_project_region_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(manual_progress__isnull=True) | Q(manual_progress__lte=100), name="lh_progress_max_100"
            ),
            models.CheckConstraint(
                condition=Q(manual_progress__isnull=True) | ~Q(manual_progress_reason=""),
                name="lh_manual_progress_needs_reason",
            ),
            models.CheckConstraint(condition=Q(target_date__gte=F("start_date")), name="lh_project_dates_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("livelihood:project", args=[self.pk])

    @property
    def progress(self) -> int:
        """Per cent: milestones reached over milestones, or the entered figure when there are none."""
        total = getattr(self, "milestones_total", None)
        reached = getattr(self, "milestones_reached", None)
        if total is None:
            milestones = list(self.milestones.all())
            total, reached = len(milestones), sum(1 for m in milestones if m.actual_date)
        if total:
            return round(100 * reached / total)
        if self.completed_on:
            return 100
        return self.manual_progress or 0


class RequirementKind(models.TextChoices):
    FUNDS = "funds", _("资金")
    LAND = "land", _("用地")
    OTHER = "other", _("其他")


class RequirementStatus(models.TextChoices):
    PENDING = "pending", _("待落实")
    IN_PROGRESS = "in_progress", _("落实中")
    SECURED = "secured", _("已落实")


class RequirementQuerySet(ScopedQuerySet):
    region_path = "project__region"


class Requirement(models.Model):
    """An input the project needs (要素保障): funds, land or another, with its status."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(_("类别"), max_length=16, choices=RequirementKind.choices)
    description = models.CharField(_("内容"), max_length=200)
    status = models.CharField(
        _("落实情况"), max_length=16, choices=RequirementStatus.choices, default=RequirementStatus.PENDING
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("要素保障")
        verbose_name_plural = _("要素保障")
        ordering = ["project", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.description}"


class MilestoneQuerySet(ScopedQuerySet):
    region_path = "project__region"

    def owned_by_q(self, user):
        return Q(project__unit_id=user.unit_id) if getattr(user, "unit_id", None) else None

    def late(self, today):
        return self.filter(actual_date__isnull=True, planned_date__lt=today)


class Milestone(models.Model):
    """A milestone (节点) of a project, planned and reached."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("节点"), max_length=120)
    planned_date = models.DateField(_("计划日期"))
    actual_date = models.DateField(_("实际完成日期"), null=True, blank=True)
    flagged_on = models.DateField(_("逾期提醒日期"), null=True, blank=True, editable=False)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project", "planned_date", "id"]
        indexes = [models.Index(fields=["flagged_on", "planned_date"], name="lh_milestone_flag")]

    def __str__(self):
        return self.name

    def is_late(self, today) -> bool:
        return self.actual_date is None and self.planned_date < today


class ProgressUpdateQuerySet(ScopedQuerySet):
    region_path = "project__region"

    def owned_by_q(self, user):
        return Q(project__unit_id=user.unit_id) if getattr(user, "unit_id", None) else None


class ProgressUpdate(models.Model):
    """The responsible unit's report of progress: a note, a photo, perhaps a milestone reached."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="updates")
    note = models.TextField(_("进展情况"))
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("完成的节点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="updates",
    )
    photo = models.ImageField(_("现场照片"), upload_to="livelihood/progress/%Y/%m/", blank=True)
    thumbnail = models.ImageField(_("缩略图"), upload_to="livelihood/progress/thumbs/%Y/%m/", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("报送单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")
        ordering = ["project", "-created_at", "-id"]

    def __str__(self):
        return f"{self.project} · {self.created_at:%Y-%m-%d}"


# --- the "three ones" --------------------------------------------------------------------------
class ReviewMeetingQuerySet(ScopedQuerySet):
    pass


class ReviewMeeting(models.Model):
    """One meeting (hearing, chairs' meeting, inspection) that reviewed one or several projects."""

    region = models.ForeignKey(Region, verbose_name=_("县（区）"), on_delete=models.PROTECT, related_name="+")
    cadence = models.CharField(_("审议类型"), max_length=16, choices=Cadence.choices)
    held_on = models.DateField(_("召开日期"))
    title = models.CharField(_("会议名称"), max_length=120)
    attendees = models.TextField(_("参加人员"), help_text=_("每行一人或一个单位"))
    decisions = models.TextField(_("会议决定"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ReviewMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("审议会议")
        verbose_name_plural = _("审议会议")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class ReviewAttachmentQuerySet(ScopedQuerySet):
    region_path = "meeting__region"


class ReviewAttachment(models.Model):
    meeting = models.ForeignKey(
        ReviewMeeting, verbose_name=_("审议会议"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("附件"), upload_to="livelihood/reviews/%Y/")
    name = models.CharField(_("附件名称"), max_length=120, blank=True)

    objects = ReviewAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("审议附件")
        verbose_name_plural = _("审议附件")
        ordering = ["meeting", "id"]

    def __str__(self):
        return self.name or self.file.name

    def download_name(self, field):
        return self.name


class ReviewQuerySet(ScopedQuerySet):
    region_path = "project__region"

    def pending(self):
        return self.filter(held_on__isnull=True)


class Review(models.Model):
    """The review of one project for one period of one cadence: due, then held (or overdue)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reviews")
    cadence = models.CharField(_("审议类型"), max_length=16, choices=Cadence.choices)
    period_key = models.CharField(_("期间"), max_length=8)
    period_start = models.DateField(_("期间开始"))
    due_date = models.DateField(_("应审议日期"), help_text=_("期间最后一天"))
    meeting = models.ForeignKey(
        ReviewMeeting,
        verbose_name=_("审议会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    held_on = models.DateField(_("审议日期"), null=True, blank=True)
    reported_progress = models.PositiveSmallIntegerField(_("汇报进度（%）"), null=True, blank=True)
    progress_report = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    missing_inputs = models.TextField(_("尚缺要素保障"), blank=True)
    decisions = models.TextField(_("审议意见"), blank=True)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("“三个一”审议")
        verbose_name_plural = _("“三个一”审议")
        ordering = ["due_date", "project_id", "cadence"]
        constraints = [
            models.UniqueConstraint(fields=["project", "cadence", "period_key"], name="lh_review_unique_period"),
            models.CheckConstraint(
                condition=Q(reported_progress__isnull=True) | Q(reported_progress__lte=100),
                name="lh_review_progress_max_100",
            ),
        ]
        indexes = [
            models.Index(fields=["held_on", "due_date"], name="lh_review_due"),
            models.Index(fields=["cadence", "period_key"], name="lh_review_period"),
        ]

    def __str__(self):
        return f"{self.project} · {self.period_label} {self.get_cadence_display()}"

    @property
    def period_label(self) -> str:
        return periods.label(self.period_key)

    def is_overdue(self, today) -> bool:
        return self.held_on is None and self.due_date < today
