from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.http import parse_id
from accounts.models import Region
from accounts.scoping import ScopedAdmin, ScopedInline
from core.history_admin import ScopedHistoryAdmin

from . import services, workflow
from .models import (
    Activity,
    ActivityParticipant,
    ActivityPhoto,
    ActivityStatus,
    Congress,
    Deputy,
    Enterprise,
    EnterpriseLink,
    EnterpriseOpinion,
    GroupMembership,
    Level,
    Mandate,
    PinyinOverride,
    PointRule,
    ProfessionalGroup,
    Session,
    SessionAttendance,
    Term,
    WorkingCommittee,
)
from .paging import CappedPaginator, pinyin_order


class HistoryScopedAdmin(ScopedHistoryAdmin):
    """A scoped admin with the (read-only) history of changes; counts capped for big lists."""

    paginator = CappedPaginator
    show_full_result_count = False


def scoped_filter(title, parameter, lookup, choices, parse=None):
    """A list filter whose choices come from `choices(request)` (kept to the user's branch).

    `lookup` is a field lookup on the model's own row, or a callable value → Q for a lookup through a
    many-valued relation (`pk__in` a subquery: a join would need a DISTINCT over every matching row).
    `parse` turns the raw value into what the lookup expects, None when it cannot (a hand-typed
    `?group=abc`, an id beyond 64 bits): the value is then refused like any bad admin filter (the
    changelist redirects with `?e=1`) instead of reaching the database and answering 500."""

    class Filter(admin.SimpleListFilter):
        def lookups(self, request, model_admin):
            return choices(request)

        def queryset(self, request, queryset):
            value = self.value()
            if value:
                if parse is not None:
                    value = parse(value)
                    if value is None:
                        raise IncorrectLookupParameters(self.value())
                if callable(lookup):
                    return queryset.filter(lookup(value))
                return queryset.filter(**{lookup: value})
            return queryset

    Filter.title = title
    Filter.parameter_name = parameter
    return Filter


def _regions(request):
    rs = Region.objects.visible_to(request.user).filter(kind__in=["county", "township"]).order_by("code")[:200]
    return [(r.code, r.name) for r in rs]


def _terms(request):
    return [(t.pk, str(t)) for t in Term.objects.visible_to(request.user).select_related("congress")]


def _groups(request):
    return [(g.pk, g.name) for g in ProfessionalGroup.objects.visible_to(request.user)]


def _distinct(field):
    """The values of a free-text field in the user's branch, cached: a DISTINCT over 200,000 deputies
    on every changelist would cost more than the list itself."""

    def choices(request):
        from core.copies import remembered

        def compute():
            qs = Deputy.objects.visible_to(request.user).exclude(**{field: ""})
            return sorted(qs.order_by().values_list(field, flat=True).distinct()[:100])

        key = f"deputies:distinct:{field}:{request.user.region_id or 'all'}"
        return [(v, v) for v in remembered(key, compute, seconds=600)]

    return choices


SectorFilter = scoped_filter(_("行业"), "sector", "sector", _distinct("sector"))
PartyFilter = scoped_filter(_("党派"), "party", "party", _distinct("party"))
RegionFilter = scoped_filter(_("区划"), "region", "region__code__startswith", _regions)


def _through(model, lookup):
    """value → deputies with a `model` row (Mandate, GroupMembership) matching `lookup=value`."""
    return lambda value: Q(pk__in=model.objects.filter(**{lookup: value}).values("deputy_id"))


LevelFilter = scoped_filter(_("层级"), "level", _through(Mandate, "term__congress__level"), lambda r: Level.choices)
TermFilter = scoped_filter(_("届"), "term", _through(Mandate, "term"), _terms, parse=parse_id)
GroupFilter = scoped_filter(_("专业（产业）小组"), "group", _through(GroupMembership, "group"), _groups, parse=parse_id)
ActivityRegionFilter = scoped_filter(_("区划"), "region", "region__code__startswith", _regions)


class TermInline(ScopedInline, admin.TabularInline):
    model = Term
    fields = ("number", "start_date", "end_date")
    extra = 0


@admin.register(Congress)
class CongressAdmin(ScopedAdmin):
    list_display = ("name", "level", "region")
    list_filter = ("level",)
    search_fields = ("name", "region__name")
    fields = ("name", "level", "region")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)
    inlines = [TermInline]


class SessionInline(ScopedInline, admin.TabularInline):
    model = Session
    fields = ("number", "start_date", "end_date")
    extra = 0


@admin.register(Term)
class TermAdmin(ScopedAdmin):
    list_display = ("__str__", "congress", "number", "start_date", "end_date")
    list_filter = ("congress__level",)
    search_fields = ("congress__name",)
    fields = ("congress", "number", "start_date", "end_date")
    list_select_related = ("congress",)
    inlines = [SessionInline]


class AttendanceInline(ScopedInline, admin.TabularInline):
    model = SessionAttendance
    fields = ("deputy", "status", "note")
    autocomplete_fields = ("deputy",)
    extra = 0


@admin.register(Session)
class SessionAdmin(ScopedAdmin):
    list_display = ("__str__", "start_date", "end_date")
    search_fields = ("term__congress__name",)
    fields = ("term", "number", "start_date", "end_date")
    list_select_related = ("term__congress",)
    inlines = [AttendanceInline]


class MandateInline(ScopedInline, admin.TabularInline):
    model = Mandate
    fields = ("term", "constituency", "delegation", "start_date", "end_date", "end_reason")
    extra = 0


class MembershipInline(ScopedInline, admin.TabularInline):
    model = GroupMembership
    fields = ("group", "deputy", "joined", "left")
    autocomplete_fields = ("deputy",)
    extra = 0


class EnterpriseLinkInline(ScopedInline, admin.TabularInline):
    model = EnterpriseLink
    fields = ("enterprise", "deputy", "start_date", "end_date")
    autocomplete_fields = ("enterprise", "deputy")
    extra = 0


@admin.register(Deputy)
class DeputyAdmin(HistoryScopedAdmin):
    list_display = ("name", "gender", "party", "sector", "work_unit", "masked_mobile", "region")
    list_filter = (RegionFilter, LevelFilter, TermFilter, GroupFilter, SectorFilter, "gender", PartyFilter, "is_leader")
    # Characters anywhere in the name or work unit (pg_trgm indexes, migration 0005); pinyin and initials
    # by prefix in get_search_results. `contains`, not `icontains`: UPPER(name) would miss the indexes.
    search_fields = ("name__contains", "work_unit__contains")
    fields = (
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "party",
        "education",
        "occupation",
        "sector",
        "work_unit",
        "post",
        "mobile",
        "photo",
        "region",
        "user",
        "is_leader",
    )
    autocomplete_fields = ("region", "user")
    # The full number follows the same permission as on the deputy's portal page.
    masked_fields = {"mobile": ("deputies.see_full_mobile", "masked_mobile")}
    list_select_related = ("region",)
    show_full_result_count = False
    inlines = [MandateInline, MembershipInline, EnterpriseLinkInline]

    @admin.display(description=_("手机号"))
    def masked_mobile(self, obj):
        return obj.masked_mobile

    def get_ordering(self, request):
        if request.GET.get("q", "").replace(" ", "").isascii() and request.GET.get("q"):
            return pinyin_order()
        return super().get_ordering(request)

    def get_search_results(self, request, queryset, search_term):
        # Pinyin and initials match by prefix (zhangs, zs); characters anywhere in the name.
        if search_term and search_term.replace(" ", "").isascii():
            return queryset.search(search_term), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("photo")
        if upload and "photo" in form.changed_data:
            obj.photo = None
            super().save_model(request, obj, form, change)
            try:
                services.set_deputy_photo(obj, upload)
            except ValidationError as e:
                messages.error(request, "；".join(e.messages))
            return
        super().save_model(request, obj, form, change)


@admin.register(WorkingCommittee)
class WorkingCommitteeAdmin(ScopedAdmin):
    list_display = ("name", "congress", "members_count")
    list_filter = ("congress",)
    search_fields = ("name", "congress__name", "members__full_name")
    fields = ("congress", "name", "members")
    # An autocomplete instead of two side-by-side boxes of every account: fits a 1366-px screen.
    autocomplete_fields = ("congress", "members")
    list_select_related = ("congress",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_members=Count("members", distinct=True))

    @admin.display(description=_("成员人数"), ordering="_members")
    def members_count(self, obj):
        return obj._members


class TransitionForm(forms.ModelForm):
    """Keeps the admin to the state machine: a status may only move along the moves of the
    record's table in workflow.py (the same table the services and pages use)."""

    machine = None

    def clean(self):
        data = super().clean()
        new = data.get("status")
        old = self.instance.status if self.instance.pk else None
        if old and new and new != old and new not in self.machine.moves()[old]:
            raise ValidationError(
                {
                    "status": _("状态不能从“%(old)s”直接改为“%(new)s”")
                    % {"old": self.instance.get_status_display(), "new": dict(self.fields["status"].choices)[new]}
                }
            )
        return data


class GroupForm(TransitionForm):
    machine = workflow.GROUP

    class Meta:
        model = ProfessionalGroup
        fields = ("name", "kind", "region", "leader", "status", "founded", "dissolved", "description")


class OpinionForm(TransitionForm):
    machine = workflow.ENTERPRISE_OPINION

    class Meta:
        model = EnterpriseOpinion
        fields = ("link", "text", "date", "category", "status", "forwarded_to", "answer")

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status in ("forwarded", "answered", "closed") and not data.get("forwarded_to"):
            self.add_error("forwarded_to", _("转交时请选择承办单位"))
        if status in ("answered", "closed") and not (data.get("answer") or "").strip():
            self.add_error("answer", _("请填写答复内容"))
        return data


@admin.register(ProfessionalGroup)
class ProfessionalGroupAdmin(HistoryScopedAdmin):
    form = GroupForm
    list_display = ("name", "kind", "status", "leader", "members_count", "founded", "region")
    list_filter = ("kind", "status", RegionFilter)
    search_fields = ("name",)
    fields = ("name", "kind", "region", "leader", "status", "founded", "dissolved", "description")
    autocomplete_fields = ("region", "leader")
    list_select_related = ("region", "leader")
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_members=Count("memberships", distinct=True))

    @admin.display(description=_("成员人数"), ordering="_members")
    def members_count(self, obj):
        return obj._members


@admin.register(Enterprise)
class EnterpriseAdmin(HistoryScopedAdmin):
    list_display = ("name", "uscc", "sector", "deputies_count", "opinions_count", "region")
    list_filter = ("sector", RegionFilter)
    search_fields = ("name", "uscc")
    fields = ("name", "uscc", "sector", "region", "address")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)
    inlines = [EnterpriseLinkInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _deputies=Count("links__deputy", distinct=True), _opinions=Count("links__opinions", distinct=True)
            )
        )

    @admin.display(description=_("联系代表"), ordering="_deputies")
    def deputies_count(self, obj):
        return obj._deputies

    @admin.display(description=_("意见建议"), ordering="_opinions")
    def opinions_count(self, obj):
        return obj._opinions


@admin.register(EnterpriseLink)
class EnterpriseLinkAdmin(HistoryScopedAdmin):
    list_display = ("deputy", "enterprise", "start_date", "end_date")
    search_fields = ("deputy__name", "deputy__name_pinyin", "enterprise__name")
    fields = ("enterprise", "deputy", "start_date", "end_date")
    autocomplete_fields = ("enterprise", "deputy")
    list_select_related = ("deputy", "enterprise")


@admin.register(EnterpriseOpinion)
class EnterpriseOpinionAdmin(HistoryScopedAdmin):
    form = OpinionForm
    list_display = ("date", "link", "category", "status", "forwarded_to")
    list_filter = ("status", "category")
    search_fields = ("text", "link__enterprise__name", "link__deputy__name")
    fields = ("link", "text", "date", "category", "status", "forwarded_to", "answer")
    autocomplete_fields = ("link",)
    list_select_related = ("link__deputy", "link__enterprise", "forwarded_to")


class ParticipantInline(ScopedInline, admin.TabularInline):
    model = ActivityParticipant
    fields = ("deputy", "role")
    autocomplete_fields = ("deputy",)
    extra = 0


class PhotoInline(ScopedInline, admin.TabularInline):
    model = ActivityPhoto
    fields = ("image", "thumbnail")
    readonly_fields = ("image", "thumbnail")
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(HistoryScopedAdmin):
    list_display = ("date", "title", "kind", "status", "region")
    # Through the pg_trgm indexes of migration 0005 (case-sensitive for Latin letters: UPPER() would
    # miss the indexes).
    search_fields = ("title__contains", "place__contains")
    list_filter = ("status", "kind", ActivityRegionFilter, "date")
    fields = (
        "kind",
        "title",
        "date",
        "start_time",
        "end_time",
        "place",
        "region",
        "group",
        "summary",
        "opinions_count",
        "suggestions_count",
        "status",
        "return_reason",
    )
    readonly_fields = ("status", "return_reason")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)
    inlines = [ParticipantInline, PhotoInline]
    actions = ["verify_selected"]

    @admin.action(description=_("审核通过所选活动"))
    def verify_selected(self, request, queryset):
        done = 0
        for activity in queryset.filter(status=ActivityStatus.SUBMITTED):
            services.verify_activity(activity, request.user)
            done += 1
        self.message_user(request, _("已审核通过 %(n)d 项活动") % {"n": done})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PinyinOverride)
class PinyinOverrideAdmin(ScopedAdmin):
    list_display = ("surname", "reading", "region")
    search_fields = ("surname", "reading")
    fields = ("surname", "reading", "region")
    autocomplete_fields = ("region",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Names already stored are re-read with the new reading.
        from .pinyin import to_pinyin

        for deputy in Deputy.objects.filter(name__startswith=obj.surname, region__code__startswith=obj.region_id):
            readings = PinyinOverride.readings_for(deputy.region_id)
            full, initials = to_pinyin(deputy.name, readings)
            Deputy.objects.filter(pk=deputy.pk).update(name_pinyin=full, name_initials=initials)


@admin.register(PointRule)
class PointRuleAdmin(HistoryScopedAdmin):
    list_display = ("kind_label", "points_lead", "points_participant", "yearly_cap", "region")
    list_filter = (RegionFilter,)
    fields = ("region", "kind", "points_lead", "points_participant", "yearly_cap")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)

    @admin.display(description=_("积分项目"))
    def kind_label(self, obj):
        return obj.kind_label

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            from django import forms

            from core.registry import record_sections as sections

            from .models import ActivityKind

            choices = list(ActivityKind.choices) + [(s.key, s.title) for s in sections()]
            return forms.ChoiceField(label=db_field.verbose_name, choices=choices, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
