"""Thin views: the dashboard and its exports, the bulletins, the per-deputy reports."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views import View

from accounts.models import Region
from accounts.roles import Role
from accounts.scoping import ScopedViewMixin, visible
from core import excel
from core.dashboard import Scope
from deputies.models import Term

from . import audit, dashboard, deputy_report, periods, services
from . import render as render_docs
from .forms import BulletinForm, DistributionListForm, DraftForm, SectionFormSet
from .models import Bulletin, BulletinStatus, DistributionList

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
EDITORS = (Role.COMMITTEE_STAFF,)


def region_for(request) -> Region:
    """The region looked at: the user's own, or one inside it named by ?region= (drill-down)."""
    user = request.user
    own = user.region_id or (
        Region.objects.filter(code__regex=r"^\d{2}$").order_by("code").values_list("code", flat=True).first()
    )
    code = (request.GET.get("region") or own or "").strip()
    if not code.isdigit() or not (user.is_superuser or code.startswith(user.region_id or "")):
        raise Http404
    return get_object_or_404(Region, code=code)


def scope_for(request) -> Scope:
    terms = visible(Term, request.user).select_related("congress").order_by("-start_date")
    counties = request.GET.get("by") == "county"
    return Scope(request.user, region_for(request), periods.parse(request.GET, terms), counties)


class DashboardMixin(ScopedViewMixin):
    model = Region  # the figures come from each section's own visible_to querysets
    required_roles = STAFF


class DashboardView(DashboardMixin, View):
    def get(self, request):
        scope = scope_for(request)
        data = dashboard.dashboard(scope, refresh=request.GET.get("refresh") == "1")
        terms = visible(Term, request.user).select_related("congress").order_by("-start_date")
        period_qs = urlencode(scope.period.query())
        header, rows = dashboard.comparison_table(data)
        return render(
            request,
            "reports/dashboard.html",
            {
                "scope": scope,
                "data": data,
                "terms": terms,
                "period_qs": period_qs,
                "qs": f"{period_qs}&{urlencode({'region': scope.region.code, 'by': request.GET.get('by', '')})}",
                "comparison": (header, rows),
                "comparison_rows": [
                    {"code": child["code"], "name": row[0], "values": row[1:]}
                    for child, row in zip(data["children"], rows, strict=True)
                ],
                "compare_height": 120 + 28 * len(rows),
                "charts": charts(data),
                "period_kinds": [("month", _("月")), ("quarter", _("季度")), ("year", _("年度")), ("term", _("届"))],
                "quarters": range(1, 5),
                "months": range(1, 13),
                "ancestors": Region.objects.filter(
                    code__in=[c for c in scope.region.ancestor_codes() if c.startswith(request.user.region_id or "")]
                ).order_by("code"),
                "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            },
        )


# The county comparison chart draws these figures (the table shows all of them).
COMPARED_IN_CHART = ("activities", "opinions", "messages", "suggestions")


def charts(data: dict) -> dict:
    """What Chart.js draws: each breakdown, and the main figures of the regions side by side."""
    out = {}
    for section in data["sections"]:
        for b in section["breakdowns"]:
            out[b["key"]] = {
                "type": b["chart"],
                "labels": [r["label"] for r in b["rows"]],
                "datasets": [{"label": b["label"], "data": [r["value"] for r in b["rows"]]}],
            }
    columns = [c for s in data["sections"] for c in s["compare"] if c["key"] in COMPARED_IN_CHART]
    out["compare"] = {
        "type": "bar",
        "labels": [c["name"] for c in data["children"]],
        "datasets": [{"label": c["label"], "data": c["values"]} for c in columns],
    }
    return out


class DashboardExportView(DashboardMixin, View):
    """One dashboard table as an .xlsx: ?table=figures | compare | the key of a breakdown."""

    def get(self, request):
        scope = scope_for(request)
        data = dashboard.dashboard(scope)
        table = request.GET.get("table", "figures")
        title, header, rows = services.dashboard_table(data, table)
        if header is None:
            raise Http404
        name = f"{scope.region.name}{scope.period.label}{title}"
        audit.exported(request, name, len(rows))
        return excel.xlsx_response(name, header, rows)


# --- bulletins ---------------------------------------------------------------------------------
class BulletinMixin(ScopedViewMixin):
    model = Bulletin
    required_roles = STAFF


def _file(data: bytes, filename: str, content_type: str, inline=False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


class BulletinListView(BulletinMixin, View):
    """Published bulletins (and, for editors, drafts), searchable by title and text."""

    def get(self, request):
        q = request.GET.get("q", "").strip()
        qs = self.get_queryset().search(q).select_related("region")
        status = request.GET.get("status", "")
        if status in BulletinStatus.values:
            qs = qs.filter(status=status)
        return render(
            request,
            "reports/bulletin_list.html",
            {
                "bulletins": qs[:200],
                "q": q,
                "status": status,
                "statuses": BulletinStatus.choices,
                "draft_form": DraftForm(user=request.user),
                "can_edit": request.user.is_superuser or request.user.has_role(*EDITORS),
            },
        )


class BulletinDraftView(BulletinMixin, View):
    """Start a bulletin from a period's records: sections proposed with the figures filled in."""

    required_roles = EDITORS

    def post(self, request):
        form = DraftForm(request.POST, user=request.user)
        distribution = form.cleaned_data["distribution"] if form.is_valid() else None
        terms = visible(Term, request.user).order_by("-start_date")
        region = region_for(request)
        scope = Scope(request.user, region, periods.parse(request.POST, terms))
        bulletin = services.start_draft(scope, request.user, distribution)
        messages.success(request, _("已按%(period)s的数据生成简报初稿，请修改后印发") % {"period": scope.period.label})
        return redirect("reports:bulletin_edit", bulletin.pk)


class BulletinEditView(BulletinMixin, View):
    required_roles = EDITORS

    def _forms(self, request, bulletin):
        data = request.POST if request.method == "POST" else None
        return (
            BulletinForm(data, instance=bulletin, user=request.user),
            SectionFormSet(data, instance=bulletin, prefix="sections"),
        )

    def get_object(self, pk):
        if pk is None:
            today = timezone.localdate()
            region = self.request.user.region or Region.objects.order_by("code").first()
            return Bulletin(
                region=region,
                year=today.year,
                number=services.next_number(region, today.year),
                issue_date=today,
                issuing_body=_("%(region)s人大常委会代表工作委员会") % {"region": region.name},
            )
        return get_object_or_404(self.get_queryset(), pk=pk)

    def get(self, request, pk=None):
        bulletin = self.get_object(pk)
        form, formset = self._forms(request, bulletin)
        return render(request, "reports/bulletin_form.html", {"form": form, "formset": formset, "bulletin": bulletin})

    def post(self, request, pk=None):
        bulletin = self.get_object(pk)
        form, formset = self._forms(request, bulletin)
        if form.is_valid() and formset.is_valid():
            bulletin = services.save_bulletin(form, formset, request.user)
            messages.success(request, _("简报已保存"))
            return redirect("reports:bulletin", bulletin.pk)
        return render(request, "reports/bulletin_form.html", {"form": form, "formset": formset, "bulletin": bulletin})


class BulletinDetailView(BulletinMixin, View):
    def get(self, request, pk):
        bulletin = get_object_or_404(self.get_queryset(), pk=pk)
        return render(
            request,
            "reports/bulletin_detail.html",
            {
                "bulletin": bulletin,
                "sections": bulletin.sections.all(),
                "can_edit": request.user.is_superuser or request.user.has_role(*EDITORS),
            },
        )


class BulletinPublishView(BulletinMixin, View):
    required_roles = EDITORS

    def post(self, request, pk):
        bulletin = get_object_or_404(self.get_queryset(), pk=pk)
        services.publish(bulletin)
        messages.success(request, _("简报已印发"))
        return redirect("reports:bulletin", bulletin.pk)


class BulletinFileView(BulletinMixin, View):
    """The bulletin as A4 PDF (inline, to print) or .docx (to edit)."""

    def get(self, request, pk, fmt):
        bulletin = get_object_or_404(self.get_queryset(), pk=pk)
        name = f"{bulletin.title}（{bulletin.number_label}）"
        audit.exported(request, name, 1)
        if fmt == "pdf":
            return _file(render_docs.bulletin_pdf(bulletin), f"{name}.pdf", "application/pdf", inline=True)
        if fmt == "docx":
            return _file(render_docs.bulletin_docx(bulletin), f"{name}.docx", DOCX)
        raise Http404


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DeputyReportsView(DashboardMixin, View):
    """The yearly performance report of every current deputy of the region, a page each."""

    def get(self, request):
        region = region_for(request)
        year = periods.parse({"period": "year", "year": request.GET.get("year")}).start.year
        pages = deputy_report.pages(request.user, region, year)
        audit.exported(request, f"{region.name}{year}年代表履职报告", len(pages))
        data = render_docs.deputy_reports_pdf(year, region.name, pages)
        return _file(data, f"{region.name}{year}年度代表履职报告.pdf", "application/pdf", inline=True)


class DistributionListsView(ScopedViewMixin, View):
    """The reusable 送/发 lists of the branch: list, add, and change one (?edit=pk)."""

    model = DistributionList
    required_roles = EDITORS

    def _page(self, request, form, editing=None):
        return render(
            request,
            "reports/distribution_lists.html",
            {"lists": self.get_queryset().select_related("region"), "form": form, "editing": editing},
        )

    def get(self, request, pk=None):
        editing = get_object_or_404(self.get_queryset(), pk=pk) if pk else None
        return self._page(request, DistributionListForm(instance=editing), editing)

    def post(self, request, pk=None):
        editing = get_object_or_404(self.get_queryset(), pk=pk) if pk else None
        instance = editing or DistributionList(region=request.user.region or Region.objects.order_by("code").first())
        form = DistributionListForm(request.POST, instance=instance)
        if not form.is_valid():
            return self._page(request, form, editing)
        form.save()
        messages.success(request, _("分送名单已保存"))
        return redirect("reports:lists")
