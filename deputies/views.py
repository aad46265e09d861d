"""Pages of the deputies app: the staff roster and activity lists, the deputy's phone pages (log an
activity, my activities, my record), the performance record, ranking, Excel import and export."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractMonth
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts import audit
from accounts.models import AuditEvent, Region
from accounts.roles import REGION_STAFF_ROLES, Role
from accounts.scoping import OwnViewMixin, RoleRequiredMixin, ScopedViewMixin
from core import excel, transitions
from core.idempotency import idempotent
from core.registry import record_sections as sections

from . import roster, services
from .filters import ActivityFilter, DeputyFilter
from .forms import (
    MyActivityForm,
    PhotoForm,
    RosterImportForm,
    StaffActivityForm,
)
from .models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    ActivityStatus,
    Deputy,
    ParticipantRole,
    SessionAttendance,
    Term,
)
from .paging import CappedPaginator
from .workflow import ACTIVITY

STAFF = tuple(REGION_STAFF_ROLES)
EDITORS = (Role.COMMITTEE_STAFF,)


def _user_deputy(user):
    deputy = Deputy.objects.filter(user=user).select_related("region").first()
    if deputy is None:
        raise PermissionDenied(_("您的账号还没有关联代表信息，请联系人大常委会工作人员"))
    return deputy


def _can_edit(user):
    return user.is_superuser or user.has_role(*EDITORS)


# --- staff: deputies ----------------------------------------------------------------------------


class FilteredListView(ScopedViewMixin, ListView):
    """A staff list filtered by its `filterset_class` (deputies/filters.py), with capped paging, and
    the query string kept for the export link and the pages."""

    required_roles = STAFF
    paginate_by = 50
    paginator_class = CappedPaginator
    filterset_class = None

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET, user=self.request.user)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = self.filterset.form
        ctx["can_edit"] = _can_edit(self.request.user)
        ctx["query"] = self.request.GET.urlencode()
        return ctx


class DeputyListView(FilteredListView):
    model = Deputy
    template_name = "deputies/deputy_list.html"
    context_object_name = "deputies"
    filterset_class = DeputyFilter


class DeputyExportView(ScopedViewMixin, TemplateView):
    model = Deputy
    required_roles = STAFF

    def get(self, request, *args, **kwargs):
        qs = DeputyFilter(request.GET, user=request.user).qs
        data = excel.workbook_bytes("代表名册", roster.DEPUTY_EXPORT_HEADER, roster.deputy_rows(qs[:50000].iterator()))
        return excel.file_response(data, "deputies.xlsx")


class DeputyDetailView(ScopedViewMixin, DetailView):
    model = Deputy
    required_roles = STAFF
    template_name = "deputies/deputy_detail.html"
    context_object_name = "deputy"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "user")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        d = self.object
        user = self.request.user
        ctx["show_mobile"] = user.is_superuser or user.has_perm("deputies.see_full_mobile")
        if ctx["show_mobile"] and d.mobile:
            audit.record(AuditEvent.Event.REVEAL_PHONE, request=self.request, obj=d)
        ctx["mandates"] = d.mandates.select_related("term__congress")
        ctx["memberships"] = d.memberships.select_related("group")
        ctx["links"] = d.enterprise_links.select_related("enterprise")
        ctx["photo_form"] = PhotoForm()
        ctx["can_edit"] = _can_edit(user)
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not _can_edit(request.user):
            raise PermissionDenied
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.set_deputy_photo(self.object, form.cleaned_data["photo"])
                messages.success(request, _("照片已更新"))
                return redirect(self.object.get_absolute_url())
            except ValidationError as e:
                form.add_error("photo", e)
        ctx = self.get_context_data(object=self.object)
        ctx["photo_form"] = form
        return self.render_to_response(ctx, status=400)


# --- staff: activities --------------------------------------------------------------------------


def _with_people(activities):
    return activities.prefetch_related(
        Prefetch("participants", queryset=ActivityParticipant.objects.select_related("deputy").order_by("id"))
    )


class ActivityListView(FilteredListView):
    model = Activity
    template_name = "deputies/activity_list.html"
    context_object_name = "activities"

    filterset_class = ActivityFilter

    def get_queryset(self):
        return _with_people(super().get_queryset())


class ActivityExportView(ScopedViewMixin, TemplateView):
    model = Activity
    required_roles = STAFF

    def get(self, request, *args, **kwargs):
        qs = ActivityFilter(request.GET, user=request.user).qs
        qs = _with_people(qs)[:20000]
        rows = (
            [
                a.date.isoformat(),
                a.get_kind_display(),
                a.title,
                a.place,
                a.region.name,
                "、".join(p.deputy.name for p in a.participants.all()),
                a.get_status_display(),
                a.opinions_count,
            ]
            for a in qs
        )
        header = ["日期", "类型", "活动名称", "地点", "组织区划", "参加代表", "状态", "收集意见建议数"]
        return excel.file_response(excel.workbook_bytes("履职活动", header, rows), "activities.xlsx")


class ActivityDetailView(ScopedViewMixin, DetailView):
    model = Activity
    required_roles = STAFF
    template_name = "deputies/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return _with_people(super().get_queryset().select_related("region", "submitted_by", "verified_by"))

    def get_context_data(self, bound=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = _can_edit(self.request.user)
        # The verify / return buttons: what the table in workflow.py lets this user do now.
        ctx["buttons"] = transitions.buttons(ACTIVITY, self.object, self.request.user, bound)
        ctx["photos"] = self.object.photos.all()
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not _can_edit(request.user):
            raise PermissionDenied
        name = request.POST.get("action", "")
        ok, form = transitions.act(request, ACTIVITY, self.object, name)
        if not ok:
            self.object.refresh_from_db()
            bound = (name, form) if form is not None else None
            return self.render_to_response(self.get_context_data(bound=bound), status=400)
        if request.POST.get("next") == "list":
            return redirect(reverse("deputies:activities") + "?status=submitted")
        return redirect("deputies:activity", pk=self.object.pk)


class StaffActivityCreateView(ScopedViewMixin, FormView):
    model = Activity
    required_roles = EDITORS
    template_name = "deputies/activity_form.html"
    form_class = StaffActivityForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        c = form.cleaned_data
        user = self.request.user
        region = Region.objects.get(code=user.region_id) if user.region_id else c["names"][0].region
        try:
            activity = services.log_activity(
                user,
                deputies=c["names"],
                lead=c["names"][0],
                region=region,
                kind=c["kind"],
                title=c["title"],
                date=c["date"],
                place=c["place"],
                summary=c["summary"],
                opinions_count=c["opinions_count"] or 0,
                group=c["group"],
                photos=c["photos"],
            )
            if c["verify_now"]:
                services.verify_activity(activity, user)
        except ValidationError as e:
            form.add_error(None, e)
            return self.form_invalid(form)
        messages.success(self.request, _("已为 %(n)d 名代表登记活动") % {"n": len(c["names"])})
        return redirect("deputies:activity", pk=activity.pk)


# --- the deputy's own pages ---------------------------------------------------------------------


class DeputyOnlyMixin(OwnViewMixin, RoleRequiredMixin):
    required_roles = (Role.DEPUTY,)


@method_decorator(idempotent, name="dispatch")
class MyActivityCreateView(DeputyOnlyMixin, FormView):
    template_name = "deputies/my_activity_form.html"
    form_class = MyActivityForm

    def get_initial(self):
        return {"date": timezone.localdate()}

    def form_valid(self, form):
        deputy = _user_deputy(self.request.user)
        c = form.cleaned_data
        try:
            services.log_activity(
                self.request.user,
                deputies=[deputy],
                lead=deputy,
                region=deputy.region,
                kind=c["kind"],
                title=c["title"],
                date=c["date"],
                place=c["place"],
                summary=c["summary"],
                opinions_count=c["opinions_count"] or 0,
                photos=c["photos"],
            )
        except ValidationError as e:
            form.add_error("photos" if c["photos"] else None, e)
            return self.form_invalid(form)
        messages.success(self.request, _("已提交，待工作人员审核后计入履职档案"))
        return redirect("deputies:my_activities")


class MyActivityEditView(DeputyOnlyMixin, FormView):
    """A returned activity, corrected by its deputy and submitted again."""

    url_models = {"pk": Activity}

    template_name = "deputies/my_activity_form.html"
    form_class = MyActivityForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            deputy = _user_deputy(request.user)
            mine = ActivityParticipant.objects.filter(deputy=deputy).values("activity_id")
            self.activity = get_object_or_404(
                Activity.objects.filter(pk__in=mine, status=ActivityStatus.RETURNED), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        a = self.activity
        return {
            "kind": a.kind,
            "title": a.title,
            "date": a.date,
            "place": a.place,
            "summary": a.summary,
            "opinions_count": a.opinions_count,
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "activity": self.activity}

    def form_valid(self, form):
        c = form.cleaned_data
        try:
            with transaction.atomic():
                ACTIVITY.apply(
                    self.activity,
                    "resubmit",
                    self.request.user,
                    kind=c["kind"],
                    title=c["title"],
                    date=c["date"],
                    place=c["place"],
                    summary=c["summary"],
                    opinions_count=c["opinions_count"] or 0,
                )
                services.add_photos(self.activity, c["photos"])
        except ValidationError as e:
            form.add_error("photos" if c["photos"] else None, e)
            return self.form_invalid(form)
        messages.success(self.request, _("已重新提交，待工作人员审核"))
        return redirect("deputies:my_activities")


class MyActivitiesView(DeputyOnlyMixin, ListView):
    template_name = "deputies/my_activities.html"
    paginate_by = 20
    context_object_name = "activities"

    def get_queryset(self):
        deputy = _user_deputy(self.request.user)
        return (
            Activity.objects.filter(pk__in=ActivityParticipant.objects.filter(deputy=deputy).values("activity_id"))
            .prefetch_related("photos")
            .order_by("-date", "-id")
        )


# --- the performance record ---------------------------------------------------------------------


def record_context(deputy, year, term=None):
    verified = ActivityParticipant.objects.filter(
        deputy=deputy, activity__status=ActivityStatus.VERIFIED, activity__date__year=year
    )
    grid: dict[str, list[int]] = defaultdict(lambda: [0] * 12)
    for row in (
        verified.annotate(month=ExtractMonth("activity__date"))
        .values("activity__kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        grid[row["activity__kind"]][row["month"] - 1] += row["n"]
    by_kind = [(label, grid[key], sum(grid[key])) for key, label in ActivityKind.choices if key in grid]
    month_totals = [sum(grid[k][m] for k in grid) for m in range(12)]
    activities = list(
        Activity.objects.filter(pk__in=verified.values("activity_id"))
        .order_by("-date", "-id")
        .only("id", "date", "title", "kind", "place")[:200]
    )
    roles = dict(verified.values_list("activity_id", "role"))
    for a in activities:
        a.role_label = ParticipantRole(roles.get(a.pk, "participant")).label
    attendance = SessionAttendance.objects.filter(deputy=deputy).select_related("session__term__congress")
    if term is not None:
        attendance = attendance.filter(session__term=term)
    total, lines = services.points_for(deputy, year)
    extra = []
    for section in sections():
        ctx = section.get_context(deputy, year)
        if ctx is not None:
            # Rendered here with the provider's dict as its context, as core.registry promises: an
            # {% include %} could only pass the dict under one name and the figures came out blank.
            html = render_to_string(section.template, {"deputy": deputy, "year": year, **ctx})
            extra.append({"title": section.title, "html": html})
    return {
        "deputy": deputy,
        "year": year,
        "term": term,
        "by_kind": by_kind,
        "month_totals": month_totals,
        "months": range(1, 13),
        "verified_total": sum(month_totals),
        "activities": activities,
        "attendance": attendance,
        "points_total": total,
        "points_lines": lines,
        "sections": extra,
    }


def _year(request, term=None):
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    return max(2000, min(year, this_year))


def _years(deputy, term):
    this_year = timezone.localdate().year
    first = term.start_date.year if term else this_year - 4
    last = min(this_year, term.end_date.year if term and term.end_date else this_year)
    return list(range(last, first - 1, -1))


def _term(deputy, request):
    mandates = list(deputy.mandates.select_related("term__congress").order_by("-term__start_date"))
    wanted = request.GET.get("term")
    chosen = next((m.term for m in mandates if str(m.term_id) == wanted), None)
    return chosen or (mandates[0].term if mandates else None), [m.term for m in mandates]


class RecordView(ScopedViewMixin, DetailView):
    """A deputy's performance record (履职档案), for staff of the deputy's branch."""

    model = Deputy
    required_roles = STAFF
    template_name = "deputies/record.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        term, terms = _term(self.object, self.request)
        year = _year(self.request, term)
        ctx.update(record_context(self.object, year, term))
        ctx.update(terms=terms, years=_years(self.object, term), staff_view=True)
        return ctx


class MyRecordView(DeputyOnlyMixin, TemplateView):
    template_name = "deputies/record.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        deputy = _user_deputy(self.request.user)
        term, terms = _term(deputy, self.request)
        year = _year(self.request, term)
        ctx.update(record_context(deputy, year, term))
        ctx.update(terms=terms, years=_years(deputy, term), staff_view=False)
        return ctx


class RankingView(excel.XlsxExportMixin, ScopedViewMixin, TemplateView):
    model = Term
    required_roles = STAFF
    template_name = "deputies/ranking.html"
    export_filename = gettext_lazy("履职积分排名")
    export_header = (gettext_lazy("名次"), gettext_lazy("代表"), gettext_lazy("届"), gettext_lazy("年度"),
                     gettext_lazy("积分"))  # fmt: skip

    def chosen(self):
        terms = list(Term.objects.visible_to(self.request.user).select_related("congress"))
        term = next((t for t in terms if str(t.pk) == self.request.GET.get("term")), terms[0] if terms else None)
        return terms, term, _year(self.request)

    def export_queryset(self):
        _terms, term, year = self.chosen()
        rows = services.ranking(term, year) if term else []
        return [(i, d, str(term), year, total) for i, (d, total) in enumerate(rows, start=1)]

    def export_row(self, row):
        rank, deputy, term, year, total = row
        return [rank, deputy.name, term, year, total]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        terms, term, year = self.chosen()
        ctx.update(terms=terms, term=term, year=year, years=_years(None, term))
        ctx["rows"] = services.ranking(term, year, limit=200) if term else []
        return ctx


# --- roster import ------------------------------------------------------------------------------


class RosterImportView(ScopedViewMixin, FormView):
    """Upload → dry-run preview (every row checked, nothing written) → confirm (all rows or none)."""

    model = Deputy
    required_roles = EDITORS
    template_name = "deputies/import.html"
    form_class = RosterImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token")
        if token:
            return self.confirm(token)
        return super().post(request, *args, **kwargs)

    def _region(self, term):
        return term.congress.region

    def form_valid(self, form):
        term = form.cleaned_data["term"]
        upload = form.cleaned_data["file"]
        try:
            result = roster.check_roster(upload, region=self._region(term), term=term)
        except ValidationError as e:
            form.add_error("file", e)
            return self.form_invalid(form)
        token = ""
        if result.ok:
            token = roster.stash(upload)
            self.request.session[f"roster:{token}"] = term.pk
        return self.render_to_response(
            self.get_context_data(form=form, result=result, token=token, term=term, preview=result.rows[:50])
        )

    def confirm(self, token):
        term_pk = self.request.session.pop(f"roster:{token}", None)
        path = roster.stashed(token)
        if term_pk is None or path is None:
            messages.error(self.request, _("预检结果已失效，请重新上传名册"))
            return redirect("deputies:import")
        term = get_object_or_404(Term.objects.visible_to(self.request.user), pk=term_pk)
        try:
            with path.open("rb") as f:
                result = roster.check_roster(f, region=self._region(term), term=term)
                count = roster.import_roster(result, term=term)
        except ValidationError as e:
            messages.error(self.request, "；".join(e.messages))
            return redirect("deputies:import")
        finally:
            path.unlink(missing_ok=True)
        messages.success(self.request, _("已导入 %(n)d 名代表") % {"n": count})
        return redirect(reverse("deputies:list") + f"?term={term.pk}")


class RosterTemplateView(ScopedViewMixin, TemplateView):
    model = Deputy
    required_roles = STAFF

    def get(self, request, *args, **kwargs):
        return excel.file_response(roster.template_workbook(), "roster-template.xlsx")
