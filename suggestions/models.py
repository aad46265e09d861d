"""Deputies' suggestions (代表建议) and the key-suggestion loop.

One explicit state machine (`State`; the moves, who may make them and the buttons are the table in
workflow.py): draft → submitted → accepted /
refused / returned for revision → assigned → signed for → (return requested → reassigned) →
replied → evaluated → (not satisfied: a new handling round) → closed → published. Every change is
written by a function in services.py, which also writes a `Transition` row (actor, time, from, to,
note). Deadlines count working days with the holiday table (`core.workdays`).
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, ScopedQuerySet, Unit
from core.regions import county_of
from deputies.models import Deputy, Session

ALLOWED_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt", "wps", "ofd"]
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def validate_attachment_size(f):
    if f and f.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("附件不能超过10MB"), code="too_large")


ATTACHMENT_VALIDATORS = [
    FileExtensionValidator(ALLOWED_EXTENSIONS, message=_("不支持该文件类型，请上传PDF、Word、Excel、图片或文本文件")),
    validate_attachment_size,
]


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审查")
    RETURNED = "returned", _("退回修改")
    REFUSED = "refused", _("不予立案")
    ACCEPTED = "accepted", _("已立案")
    ASSIGNED = "assigned", _("已交办")
    RETURN_REQUESTED = "return_requested", _("申请退回")
    SIGNED = "signed", _("办理中")
    REPLIED = "replied", _("已答复")
    EVALUATED = "evaluated", _("已测评")
    CLOSED = "closed", _("已办结")
    PUBLISHED = "published", _("已公开")


EDITABLE_STATES = {State.DRAFT, State.RETURNED}
HANDLING_STATES = {State.ASSIGNED, State.RETURN_REQUESTED, State.SIGNED}
REPLIED_STATES = {State.REPLIED, State.EVALUATED, State.CLOSED, State.PUBLISHED}


class Category(models.TextChoices):
    RURAL = "rural", _("乡村振兴")
    ECONOMY = "economy", _("经济发展")
    LIVELIHOOD = "livelihood", _("民生保障")
    EDUCATION = "education", _("教育科技文化卫生")
    URBAN = "urban", _("城乡建设与生态环境")
    GOVERNANCE = "governance", _("社会治理与法治")
    OTHER = "other", _("其他")


class ResultClass(models.TextChoices):
    A = "A", _("A类：已解决或正在解决")
    B = "B", _("B类：正在解决或列入计划逐步解决")
    C = "C", _("C类：因条件限制暂时难以解决")
    D = "D", _("D类：留作参考")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    NOT = "not", _("不满意")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


# --- meetings and suggestions ---------------------------------------------------------------


class AssignmentMeetingQuerySet(ScopedQuerySet):
    pass


class AssignmentMeeting(models.Model):
    """A meeting at which (key) suggestions were assigned face to face (交办会)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("会议名称"), max_length=100)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    attendees = models.TextField(_("参会人员"), blank=True)

    objects = AssignmentMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办会")
        verbose_name_plural = _("交办会")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {self.title}"


class SuggestionQuerySet(ScopedQuerySet):
    owned_only_by_deputies_and_units = True

    def owned_by_q(self, user):
        own = Q(author__user=user) | Q(pk__in=CoSignature.objects.filter(deputy__user=user).values("suggestion_id"))
        if user.unit_id:
            own |= Q(lead_unit_id=user.unit_id) | Q(
                pk__in=Suggestion.assisting_units.through.objects.filter(unit_id=user.unit_id).values("suggestion_id")
            )
        return own

    def visible_to(self, user):
        """As the base rule, except that a draft stays private to its author and invited co-signers."""
        qs = super().visible_to(user)
        if not getattr(user, "is_authenticated", False) or user.is_superuser:
            return qs
        if not user.is_deputy:  # authors and co-signers are deputies: no OR across a join (issue 18)
            return qs.exclude(state=State.DRAFT)
        invited = CoSignature.objects.filter(deputy__user=user).values("suggestion_id")
        return qs.filter(~Q(state=State.DRAFT) | Q(author__user=user) | Q(pk__in=invited))

    def of_unit(self, unit_id):
        return self.filter(
            Q(lead_unit_id=unit_id)
            | Q(pk__in=Suggestion.assisting_units.through.objects.filter(unit_id=unit_id).values("suggestion_id"))
        )

    def session_peers(self, deputy, session):
        """What a drafting deputy is warned of as possible duplicates: the suggestions of their county
        and of the same session (between sessions: none) already submitted — never a draft, one
        returned for revision (a draft again) or a confidential one. Shown as title and snippet
        only, to offer co-signing instead (docs/suggestions.md "Duplicate warning")."""
        qs = self.peers_of(deputy)
        if session is not None:
            qs = qs.filter(session=session)
        else:  # between sessions: this year's
            qs = qs.filter(session__isnull=True, submitted_at__year=timezone.now().year)
        return qs

    def peers_of(self, deputy):
        """The submitted, not confidential suggestions of the deputy's county (any session)."""
        qs = self.filter(region__code__startswith=county_of(deputy.region_id), is_confidential=False)
        return qs.exclude(state__in=[State.DRAFT, State.RETURNED])

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(state__in=HANDLING_STATES, deadline__lt=today)

    def public(self):
        return self.filter(state__in=REPLIED_STATES, is_public=True, is_confidential=False)


class Suggestion(models.Model):
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        Session,
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("大会期间提出的建议选择会议；闭会期间提出的留空"),
    )
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("建议内容"))
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices, default=Category.OTHER)
    author = models.ForeignKey(Deputy, verbose_name=_("领衔代表"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    is_confidential = models.BooleanField(_("涉密或不宜公开"), default=False)
    is_public = models.BooleanField(_("答复后公开"), default=True)
    review_note = models.CharField(_("审查意见"), max_length=300, blank=True)

    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("主办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assisting_units = models.ManyToManyField(Unit, verbose_name=_("协办单位"), blank=True, related_name="+")

    is_key = models.BooleanField(_("重点建议"), default=False)
    leader = models.ForeignKey(
        Deputy,
        verbose_name=_("领办领导（代表）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader_name = models.CharField(_("领办领导姓名"), max_length=32, blank=True)
    leader_post = models.CharField(_("领办领导职务"), max_length=64, blank=True)
    meeting = models.ForeignKey(
        AssignmentMeeting,
        verbose_name=_("交办会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )

    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    round_started_on = models.DateField(_("本轮开始日期"), null=True, blank=True)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    deadline = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    source_label = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("如由联络站意见建议转来"))
    source_url = models.CharField(_("来源链接"), max_length=200, blank=True)
    # Merged handling (并案办理): the case this suggestion is handled in, its lead included.
    case = models.ForeignKey(
        "MergedCase",
        verbose_name=_("并案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("代表建议")
        verbose_name_plural = _("代表建议")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "state"], name="suggestion_region_state"),
            # The dashboard's period filter (a month or a year among hundreds of thousands).
            models.Index(fields=["submitted_at"], name="suggestion_submitted"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "session", "number"],
                condition=Q(number__isnull=False),
                name="suggestion_unique_number",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["assigned", "signed", "replied"]) | Q(lead_unit__isnull=False),
                name="suggestion_handling_needs_unit",
            ),
        ]

    def __str__(self):
        return f"{self.number_label} {self.title}".strip()

    @property
    def number_label(self) -> str:
        if not self.number:
            return ""
        if self.session_id:
            term = self.session.term
            return f"第{term.number}届{self.session.number}次会议第{self.number}号"
        year = (self.submitted_at or self.created_at or timezone.now()).year
        return f"{year}年闭会期间第{self.number}号"

    @property
    def leader_label(self) -> str:
        if self.leader_id:
            return f"{self.leader.name}（{self.leader_post or self.leader.post}）"
        if self.leader_name:
            return f"{self.leader_name}（{self.leader_post}）" if self.leader_post else self.leader_name
        return ""

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.state in HANDLING_STATES and self.deadline is not None and self.deadline < today

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_case_lead(self) -> bool:
        return self.case_id is not None and self.case.lead_id == self.pk

    @property
    def follows_lead(self) -> bool:
        """A merged-in suggestion in its first round is handled on its lead (one assignment, one
        reply); after the reply each author evaluates their own, and a second round is its own."""
        return self.case_id is not None and self.case.lead_id != self.pk and self.round == 1


class MergedCaseQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        return Q(lead__in=Suggestion.objects.filter(Suggestion.objects.all().owned_by_q(user)))


class MergedCase(models.Model):
    """Several similar suggestions handled as one (并案办理): the lead is assigned, signed for and
    replied to; every member follows it (same unit and deadline, the reply copied to each member,
    whose author evaluates it on their own suggestion). Made and split by staff while not assigned."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    lead = models.OneToOneField(Suggestion, verbose_name=_("主件"), on_delete=models.CASCADE, related_name="led_case")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("并案人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("并案时间"), auto_now_add=True)

    objects = MergedCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("并案")
        verbose_name_plural = _("并案")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return _("并案：%(title)s") % {"title": self.lead.title}


class SuggestionChildQuerySet(ScopedQuerySet):
    """Rows that belong to a suggestion are visible when their suggestion is."""

    region_path = "suggestion__region"
    owned_only_by_deputies_and_units = True

    def owned_by_q(self, user):
        return Q(suggestion__in=Suggestion.objects.filter(Suggestion.objects.all().owned_by_q(user)))

    def published(self):
        """Rows of the suggestions the public page shows."""
        return self.filter(suggestion__in=Suggestion.objects.public())


class CoSignature(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("待附议")
        SIGNED = "signed", _("已附议")
        DECLINED = "declined", _("已谢绝")
        # A deputy who found a similar suggestion while drafting asks to join it (附议申请); the
        # author accepts (→ signed) or declines.
        REQUESTED = "requested", _("申请附议")

    suggestion = models.ForeignKey(Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="cosigns")
    deputy = models.ForeignKey(Deputy, verbose_name=_("附议代表"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.INVITED)
    signed_at = models.DateTimeField(_("附议时间"), null=True, blank=True)

    objects = SuggestionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("附议")
        verbose_name_plural = _("附议")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "deputy"], name="cosign_once")]

    def __str__(self):
        return f"{self.deputy} · {self.get_status_display()}"


ACTION_LABELS = {
    "create": _("起草"),
    "edit": _("修改草稿"),
    "invite": _("邀请附议"),
    "cosign": _("附议"),
    "cosign_decline": _("谢绝附议"),
    "submit": _("提交"),
    "supplement": _("补充材料"),
    "accept": _("立案"),
    "refuse": _("不予立案"),
    "return": _("退回修改"),
    "assign": _("交办"),
    "reassign": _("改交"),
    "mark_key": _("确定重点建议"),
    "sign": _("签收"),
    "request_return": _("申请退回"),
    "return_refused": _("退回申请未获同意"),
    "request_extension": _("申请延期"),
    "extension_decided": _("审批延期"),
    "contact": _("与代表沟通"),
    "reply": _("答复"),
    "evaluate": _("测评"),
    "overdue": _("逾期"),
    "close": _("办结"),
    "publish": _("公开"),
    "public_on": _("在公开页显示"),
    "public_off": _("不在公开页显示"),
    "supervise": _("交督办组督办"),
    "supervision_visit": _("督办活动"),
    "cosign_request": _("申请附议"),
    "cosign_request_accepted": _("同意附议申请"),
    "cosign_request_declined": _("谢绝附议申请"),
    "merge": _("并案办理"),
    "merged": _("并入并案办理"),
    "split": _("撤销并案"),
    "source": _("关联来源"),
}


class Transition(models.Model):
    """The audit trail: one row per change of a suggestion (a state change or an event in a state)."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)
    action = models.CharField(_("操作"), max_length=32)
    note = models.TextField(_("说明"), blank=True)

    objects = SuggestionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action_label}"

    @property
    def action_label(self) -> str:
        """The audit names that are not actions of the table (accept, refuse …) from ACTION_LABELS, the
        others from the table (suggestions/workflow.py), so a new action never shows its code name."""
        label = ACTION_LABELS.get(self.action)
        if label is None:
            from .workflow import MACHINE

            action = MACHINE.by_name.get(self.action)
            label = action.label if action else self.action
        return str(label)


def _upload_to(instance, filename):
    return f"suggestions/{timezone.now():%Y/%m}/{os.path.basename(filename)}"


class Attachment(models.Model):
    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("附件"), upload_to=_upload_to, validators=ATTACHMENT_VALIDATORS)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = SuggestionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def download_name(self, field):
        return self.name


class Supplement(models.Model):
    """Material added after submission: the submitted text itself is never edited."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="supplements"
    )
    text = models.TextField(_("补充内容"))
    file = models.FileField(_("附件"), upload_to=_upload_to, blank=True, validators=ATTACHMENT_VALIDATORS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("补充人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("补充时间"), auto_now_add=True)

    objects = SuggestionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("补充材料")
        verbose_name_plural = _("补充材料")
        ordering = ["id"]

    def __str__(self):
        return self.text[:30]


class UnitRequest(models.Model):
    """What a handling unit asks of the staff (to return a suggestion, or for more time), and the
    staff's decision on it."""

    unit = models.ForeignKey(Unit, verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)

    objects = SuggestionChildQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["id"]


class ReturnRequest(UnitRequest):
    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="return_requests"
    )
    reason = models.TextField(_("退回理由"))

    class Meta(UnitRequest.Meta):
        verbose_name = _("退回申请")
        verbose_name_plural = _("退回申请")

    def __str__(self):
        return f"{self.unit} · {self.get_status_display()}"


class ExtensionRequest(UnitRequest):
    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    new_deadline = models.DateField(_("申请延期至"))
    reason = models.TextField(_("延期理由"))

    class Meta(UnitRequest.Meta):
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self):
        return f"{self.unit} → {self.new_deadline}"


class Contact(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("当面座谈")
        CALL = "call", _("电话沟通")
        VISIT = "visit", _("实地走访")
        OTHER = "other", _("其他")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="contacts"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("沟通情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SuggestionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("沟通联系")
        verbose_name_plural = _("沟通联系")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class Reply(models.Model):
    """The official answer of one handling round; kept when a new round opens."""

    suggestion = models.ForeignKey(Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(_("办理轮次"))
    unit = models.ForeignKey(Unit, verbose_name=_("答复单位"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("答复内容"))
    result_class = models.CharField(_("办理结果"), max_length=1, choices=ResultClass.choices)
    file = models.FileField(_("答复函"), upload_to=_upload_to, blank=True, validators=ATTACHMENT_VALIDATORS)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), default=timezone.now)
    satisfaction = models.CharField(_("测评结果"), max_length=10, choices=Satisfaction.choices, blank=True)
    evaluation_reason = models.TextField(_("测评意见"), blank=True)
    evaluated_at = models.DateTimeField(_("测评时间"), null=True, blank=True)

    objects = SuggestionChildQuerySet.as_manager()
    # The reply letter of a published suggestion is on its public page.
    public_files = {"file": "published"}

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["round", "id"]
        # The dashboard's satisfaction rate counts the replies evaluated in a period.
        indexes = [models.Index(fields=["evaluated_at"], name="reply_evaluated")]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "round"], name="reply_one_per_round"),
            models.CheckConstraint(
                condition=~Q(satisfaction="not") | ~Q(evaluation_reason=""), name="reply_not_satisfied_needs_reason"
            ),
        ]

    def __str__(self):
        return f"{self.suggestion_id} · {self.round}"


# --- supervision -----------------------------------------------------------------------------


class SupervisionGroupQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        # Subqueries, not joins: a join on members would repeat a group once per member.
        members = SupervisionGroup.members.through.objects.filter(deputy__user=user).values("supervisiongroup_id")
        return Q(pk__in=members) | Q(leader__user=user)


class SupervisionGroup(models.Model):
    """A group (督办组) led by the chair or a vice-chair that supervises key suggestions for a year."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    # Groups are named 第一、第二…督办组; sorting by the name put 第三 before 第二 (Unicode order of
    # the numerals), so the list follows this number instead.
    number = models.PositiveSmallIntegerField(
        _("序号"), default=1, help_text=_("同一年度内督办组的排列顺序，如第一组填 1")
    )
    name = models.CharField(_("名称"), max_length=64)
    leader = models.ForeignKey(
        Deputy, verbose_name=_("带队领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leader_name = models.CharField(_("带队领导姓名"), max_length=32, blank=True)
    leader_post = models.CharField(_("带队领导职务"), max_length=64, help_text=_("如：县人大常委会主任、副主任"))
    members = models.ManyToManyField(Deputy, verbose_name=_("成员代表"), blank=True, related_name="+")
    suggestions = models.ManyToManyField(
        Suggestion, verbose_name=_("督办的重点建议"), blank=True, related_name="supervision_groups"
    )

    objects = SupervisionGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办组")
        verbose_name_plural = _("督办组")
        ordering = ["-year", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "name"], name="supervision_group_unique")]

    def __str__(self):
        return f"{self.year} {self.name}"

    @property
    def leader_label(self) -> str:
        name = self.leader.name if self.leader_id else self.leader_name
        return f"{name}（{self.leader_post}）" if self.leader_post else name


class SupervisionVisitQuerySet(ScopedQuerySet):
    region_path = "group__region"


class SupervisionVisit(models.Model):
    group = models.ForeignKey(
        SupervisionGroup, verbose_name=_("督办组"), on_delete=models.CASCADE, related_name="visits"
    )
    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("督办的重点建议"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supervision_visits",
    )
    date = models.DateField(_("日期"))
    unit = models.ForeignKey(Unit, verbose_name=_("督办单位"), on_delete=models.PROTECT, related_name="+")
    findings = models.TextField(_("督办发现"))
    follow_up = models.TextField(_("跟进要求"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SupervisionVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办活动")
        verbose_name_plural = _("督办活动")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date} {self.unit}"
