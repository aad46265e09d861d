import calendar
import datetime
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from accounts.http import query_id
from accounts.models import Region
from accounts.roles import Role
from accounts.scoping import ScopedViewMixin, UnitViewMixin, view_scope
from core.excel import XlsxExportMixin

from . import services
from .forms import (
    CandidateForm,
    MilestoneFormSet,
    ProgressForm,
    RequirementFormSet,
    ReviewEntryForm,
    ReviewMeetingForm,
    SittingForm,
    VoteForm,
)
from .models import (
    Cadence,
    CandidateStatus,
    Milestone,
    ProgressUpdate,
    Project,
    Review,
    VoteSitting,
)
from .panels import due_reviews_queryset

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
CLERKS = (Role.COMMITTEE_STAFF,)


# The responsible unit's reports, with who sent them and the milestone each reached.
UPDATES_PREFETCH = (Prefetch("updates", ProgressUpdate.objects.select_related("by", "unit", "milestone")),)


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


class ProjectListView(XlsxExportMixin, ScopedViewMixin, ListView):
    model = Project
    required_roles = STAFF
    template_name = "livelihood/project_list.html"
    paginate_by = 25
    export_filename = gettext_lazy("民生实事项目")
    export_header = (
        gettext_lazy("年度"),
        gettext_lazy("序号"),
        gettext_lazy("项目名称"),
        gettext_lazy("县（区）"),
        gettext_lazy("责任单位"),
        gettext_lazy("负责工委"),
        gettext_lazy("总投资（万元）"),
        gettext_lazy("计划完成日期"),
        gettext_lazy("完成日期"),
        gettext_lazy("已完成节点"),
        gettext_lazy("节点数"),
        gettext_lazy("进度（%）"),
    )

    def export_row(self, p):
        unit, committee = p.unit.name if p.unit_id else "", p.committee.name if p.committee_id else ""
        return [p.year, p.number, p.name, p.region.name, unit, committee, p.budget, p.target_date, p.completed_on,
                p.milestones_reached, p.milestones_total, p.progress]  # fmt: skip

    def get_queryset(self):
        qs = super().get_queryset().with_progress().select_related("region", "unit", "committee")
        g = self.request.GET
        if year := query_id(self.request, "year"):
            qs = qs.filter(year=year)
        if g.get("q"):
            qs = qs.filter(Q(name__contains=g["q"]) | Q(unit__name__contains=g["q"]))
        if g.get("late"):
            qs = qs.filter(milestones__in=Milestone.objects.late(timezone.localdate())).distinct()
        return qs.order_by("-year", "region_id", "number", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sittings"] = VoteSitting.objects.visible_to(self.request.user).select_related("session__term__congress")[
            :5
        ]
        ctx["today"] = timezone.localdate()
        region = self.request.user.region
        if region and region.kind == "county":
            ctx["public_url"] = reverse("livelihood:public", args=[region.code, ctx["today"].year])
        return ctx


class ReviewExportView(XlsxExportMixin, ScopedViewMixin, View):
    """The "three ones" reviews of a year (default: this year) as Excel, held or due."""

    model = Review
    required_roles = STAFF
    export_only = True
    export_filename = gettext_lazy("民生实事项目审议")
    export_header = (
        gettext_lazy("项目"),
        gettext_lazy("责任单位"),
        gettext_lazy("审议类型"),
        gettext_lazy("期间"),
        gettext_lazy("应审议日期"),
        gettext_lazy("审议日期"),
        gettext_lazy("汇报进度（%）"),
        gettext_lazy("进展情况"),
        gettext_lazy("存在问题"),
        gettext_lazy("尚缺要素保障"),
        gettext_lazy("审议意见"),
    )

    def get_queryset(self):
        year = query_id(self.request, "year") or timezone.localdate().year
        return (
            super()
            .get_queryset()
            .filter(period_start__year=year)
            .select_related("project__unit")
            .order_by("project__number", "project_id", "due_date", "cadence")
        )

    def export_row(self, r):
        unit = r.project.unit.name if r.project.unit_id else ""
        return [r.project.name, unit, r.get_cadence_display(), r.period_label, r.due_date, r.held_on,
                r.reported_progress, r.progress_report, r.problems, r.missing_inputs, r.decisions]  # fmt: skip


class ProjectDetailView(ScopedViewMixin, DetailView):
    model = Project
    required_roles = STAFF
    template_name = "livelihood/project_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "unit", "committee", "candidate__sitting__session__term__congress")
            .prefetch_related("milestones", "requirements", "reviews__meeting__attachments", *UPDATES_PREFETCH)
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        p = self.object
        events = []
        for m in p.milestones.all():
            events.append({"date": m.actual_date or m.planned_date, "kind": "milestone", "obj": m})
        for r in p.reviews.all():
            events.append({"date": r.held_on or r.due_date, "kind": "review", "obj": r})
        events.sort(key=lambda e: (e["date"], e["kind"]))
        ctx.update(today=today, timeline=events)
        return ctx


class ProjectPlanView(ScopedViewMixin, View):
    """Staff edit a project's milestones and inputs (要素保障) on its own page."""

    model = Project
    required_roles = CLERKS
    template_name = "livelihood/project_plan.html"

    def get_project(self):
        return get_object_or_404(self.get_queryset().select_related("region", "unit"), pk=self.kwargs["pk"])

    def formsets(self, project, data=None):
        return (
            MilestoneFormSet(data, instance=project, prefix="m"),
            RequirementFormSet(data, instance=project, prefix="r"),
        )

    def render_page(self, project, formsets):
        milestones, requirements = formsets
        ctx = {"project": project, "milestones": milestones, "requirements": requirements}
        return render(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        project = self.get_project()
        return self.render_page(project, self.formsets(project))

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        formsets = self.formsets(project, request.POST)
        if all(f.is_valid() for f in formsets):
            services.save_plan(project, *formsets)
            messages.success(request, _("节点和要素保障已保存。"))
            return redirect(project)
        return self.render_page(project, formsets)


# --- the responsible unit ---------------------------------------------------------------------
class UnitProjectListView(UnitViewMixin, ListView):
    model = Project
    template_name = "livelihood/unit_project_list.html"
    paginate_by = 20

    def get_queryset(self):
        qs = self.unit_records().with_progress().select_related("region", "committee")
        self.q = self.request.GET.get("q", "").strip()
        if self.q:
            qs = qs.filter(name__contains=self.q)
        return qs.order_by("-year", "number", "id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"q": self.q, "today": timezone.localdate()}


class UnitProjectView(UnitViewMixin, View):
    """The responsible unit reports progress with a note and a photo."""

    model = Project
    template_name = "livelihood/unit_project.html"

    def get_project(self):
        qs = (
            self.unit_records()
            .select_related("region", "committee")
            .prefetch_related("milestones", "requirements", *UPDATES_PREFETCH)
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def render_page(self, project, form=None):
        form = form or ProgressForm(project=project)
        ctx = {"project": project, "form": form, "today": timezone.localdate()}
        return render(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_project())

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        form = ProgressForm(request.POST, request.FILES, project=project)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.report_progress(
                    project,
                    request.user,
                    note=d["note"],
                    photo=d["photo"],
                    milestone=d["milestone"],
                    reached_on=d["reached_on"],
                )
            except ValidationError as exc:
                # The photo's problems belong next to the photo field.
                field = "photo" if getattr(exc, "code", None) in PHOTO_ERRORS else None
                form.add_error(field, exc.messages)
            else:
                messages.success(request, _("进展已报送，负责的工委将收到提醒。"))
                return redirect("livelihood:unit_project", pk=project.pk)
        return self.render_page(project, form)


PHOTO_ERRORS = ("too_big", "bad_type", "too_many_pixels", "not_image")


class SittingListView(ScopedViewMixin, View):
    model = VoteSitting
    required_roles = CLERKS

    def get(self, request, form=None):
        sittings = self.get_queryset().select_related("session__term__congress")
        return render(
            request,
            "livelihood/sitting_list.html",
            {"sittings": sittings, "form": form or SittingForm(user=request.user)},
        )

    def post(self, request):
        form = SittingForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.get(request, form=form)
        sitting = form.save()
        messages.success(request, _("已创建票决，请录入候选项目"))
        return redirect(sitting)


class SittingDetailView(ScopedViewMixin, View):
    """Candidates of a sitting: add one, shortlist them for the vote."""

    model = VoteSitting
    required_roles = CLERKS

    def sitting(self, pk):
        return get_object_or_404(self.get_queryset().select_related("session__term__congress"), pk=pk)

    def get(self, request, pk, form=None):
        sitting = self.sitting(pk)
        candidates = sitting.candidates.select_related("unit", "committee").order_by("rank", "id")
        return render(
            request,
            "livelihood/sitting_detail.html",
            {
                "sitting": sitting,
                "candidates": candidates,
                "form": form or CandidateForm(user=request.user, sitting=sitting),
                "shortlisted": sum(1 for c in candidates if c.status != CandidateStatus.CANDIDATE),
            },
        )

    def post(self, request, pk):
        sitting = self.sitting(pk)
        if "shortlist" in request.POST or "unshortlist" in request.POST:
            candidate = get_object_or_404(sitting.candidates, pk=request.POST.get("candidate"))
            try:
                services.set_shortlisted(candidate, "shortlist" in request.POST)
            except ValidationError as exc:
                messages.error(request, " ".join(_errors(exc)))
            return redirect(sitting)
        form = CandidateForm(request.POST, user=request.user, sitting=sitting)
        if sitting.decided_at:
            messages.error(request, _("已计票，不能再添加候选项目"))
            return redirect(sitting)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        candidate = form.save(commit=False)
        candidate.sitting = sitting
        candidate.save()
        messages.success(request, _("已添加候选项目“%(name)s”") % {"name": candidate.name})
        return redirect(sitting)


class VoteEntryView(ScopedViewMixin, View):
    model = VoteSitting
    required_roles = CLERKS

    def candidates(self, sitting):
        return list(sitting.candidates.exclude(status=CandidateStatus.CANDIDATE).order_by("id"))

    def render(self, request, sitting, form, errors=()):
        return render(request, "livelihood/vote_entry.html", {"sitting": sitting, "form": form, "vote_errors": errors})

    def get(self, request, pk):
        sitting = get_object_or_404(self.get_queryset(), pk=pk)
        form = VoteForm(candidates=self.candidates(sitting), initial={"deputies_present": sitting.deputies_present})
        return self.render(request, sitting, form)

    def post(self, request, pk):
        sitting = get_object_or_404(self.get_queryset(), pk=pk)
        form = VoteForm(request.POST, candidates=self.candidates(sitting))
        if not form.is_valid():
            return self.render(request, sitting, form)
        try:
            projects = services.record_votes(
                sitting, deputies_present=form.cleaned_data["deputies_present"], votes=form.votes(), user=request.user
            )
        except ValidationError as exc:
            return self.render(request, sitting, form, _errors(exc))
        messages.success(request, _("计票完成，确定民生实事项目%(n)s项") % {"n": len(projects)})
        return redirect("livelihood:result", pk=sitting.pk)


class ResultSheetView(ScopedViewMixin, DetailView):
    model = VoteSitting
    required_roles = STAFF
    template_name = "livelihood/result_sheet.html"
    context_object_name = "sitting"

    def get_queryset(self):
        return super().get_queryset().select_related("session__term__congress")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(
            self.object.candidates.exclude(status=CandidateStatus.CANDIDATE)
            .select_related("unit", "project")
            .order_by("rank", "id")
        )
        ctx["rows"] = rows
        ctx["chosen"] = [c for c in rows if c.status == CandidateStatus.CHOSEN]
        return ctx


def _month_arg(value, today):
    try:
        year, month = (int(x) for x in value.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, AttributeError):
        return today.replace(day=1)


class CalendarView(ScopedViewMixin, View):
    """Reviews due (period ends) and held, day by day, for one month."""

    model = Review
    required_roles = STAFF

    def get(self, request):
        today = timezone.localdate()
        first = _month_arg(request.GET.get("month"), today)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        qs = (
            self.get_queryset()
            .filter(Q(due_date__range=(first, last)) | Q(held_on__range=(first, last)))
            .select_related("project")
            .order_by("project__number", "project_id")
        )
        cadence = request.GET.get("cadence")
        if cadence in Cadence.values:
            qs = qs.filter(cadence=cadence)
        by_day = defaultdict(list)
        counts = {"due": 0, "held": 0, "overdue": 0}
        shown = 0
        for r in qs[:2000]:
            shown += 1
            day = r.held_on if r.held_on and first <= r.held_on <= last else r.due_date
            by_day[day].append(r)
            if r.held_on:
                counts["held"] += 1
            elif r.due_date < today:
                counts["overdue"] += 1
            else:
                counts["due"] += 1
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
            weeks.append([(d, d.month == first.month, by_day.get(d, [])) for d in week])
        prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
        next_month = last + datetime.timedelta(days=1)
        return render(
            request,
            "livelihood/calendar.html",
            {
                "first": first,
                "weeks": weeks,
                "days": [(d, by_day[d]) for d in sorted(by_day)],
                "counts": counts,
                "today": today,
                "prev_month": prev_month.strftime("%Y-%m"),
                "next_month": next_month.strftime("%Y-%m"),
                "cadence": cadence,
                "cadences": Cadence.choices,
                "truncated": shown >= 2000,
            },
        )


class RecordReviewView(ScopedViewMixin, View):
    """Record one meeting (hearing, chairs' meeting, inspection) that reviewed several projects."""

    model = Review
    required_roles = STAFF

    def setup_forms(self, request, data=None, files=None):
        today = timezone.localdate()
        cadence = request.GET.get("cadence") or request.POST.get("cadence") or Cadence.MONTHLY
        if cadence not in Cadence.values:
            raise Http404
        qs = due_reviews_queryset(request.user, today).filter(cadence=cadence).prefetch_related("project__milestones")
        reviews = list(qs[:60])
        preselected = set(request.GET.getlist("review"))
        entries = [
            (
                r,
                ReviewEntryForm(
                    data,
                    prefix=f"r{r.pk}",
                    initial={"include": str(r.pk) in preselected, "reported_progress": r.project.progress},
                ),
            )
            for r in reviews
        ]
        meeting_form = ReviewMeetingForm(
            data,
            files,
            initial={"held_on": today, "title": _("%(body)s民生实事项目审议") % {"body": Cadence(cadence).label}},
        )
        return cadence, meeting_form, entries

    def render(self, request, cadence, meeting_form, entries, errors=()):
        return render(
            request,
            "livelihood/record_review.html",
            {
                "cadence": cadence,
                "cadence_label": Cadence(cadence).label,
                "cadences": Cadence.choices,
                "meeting_form": meeting_form,
                "entries": entries,
                "record_errors": errors,
                "today": timezone.localdate(),
            },
        )

    def get(self, request):
        return self.render(request, *self.setup_forms(request))

    def post(self, request):
        cadence, meeting_form, entries = self.setup_forms(request, request.POST, request.FILES)
        valid = meeting_form.is_valid() & all([f.is_valid() for _r, f in entries])
        if not valid:
            return self.render(request, cadence, meeting_form, entries)
        chosen = [(r, f.cleaned_data) for r, f in entries if f.cleaned_data.get("include")]
        data = {k: meeting_form.cleaned_data[k] for k in ("held_on", "title", "attendees", "decisions")}
        try:
            meeting = services.record_meeting(
                user=request.user,
                cadence=cadence,
                meeting_data=data,
                entries=chosen,
                attachment=meeting_form.cleaned_data.get("attachment"),
            )
        except ValidationError as exc:
            return self.render(request, cadence, meeting_form, entries, _errors(exc))
        messages.success(
            request, _("已记录审议：%(title)s（%(n)s个项目）") % {"title": meeting.title, "n": len(chosen)}
        )
        if len(chosen) == 1:
            return redirect(chosen[0][0].project)
        return redirect("livelihood:calendar")


@view_scope("public")
def public_progress(request, region, year):
    """Public: a county's projects of the year, their progress and latest review; no personal data."""
    county = get_object_or_404(Region, code=region, kind="county")
    projects = list(
        Project.objects.filter(region=county, year=year)
        .with_progress()
        .select_related("unit")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "id")),
        )
        .order_by("number", "id")
    )
    if not projects:
        raise Http404
    latest = {}
    held = (
        Review.objects.filter(project__in=projects, held_on__isnull=False)
        .values("project_id")
        .annotate(last=Max("held_on"))
    )
    wanted = {(h["project_id"], h["last"]) for h in held}
    for r in Review.objects.filter(project__in=projects, held_on__in={w[1] for w in wanted}).order_by("-id"):
        if (r.project_id, r.held_on) in wanted and r.project_id not in latest:
            latest[r.project_id] = r
    rows = [(p, latest.get(p.pk)) for p in projects]
    response = render(
        request,
        "livelihood/public_progress.html",
        {"county": county, "year": year, "rows": rows, "today": timezone.localdate()},
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
