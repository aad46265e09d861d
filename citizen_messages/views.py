"""The deputy's inbox (own messages only) and the staff pages (messages of their region, review
queue, statistics, QR codes and printable cards)."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.generic import View

from accounts import audit
from accounts.http import query_id
from accounts.models import AuditEvent, Region, RegionKind
from accounts.roles import Role
from accounts.scoping import OwnViewMixin, RoleRequiredMixin, ScopedViewMixin, UnitViewMixin
from core import transitions
from core.excel import XlsxExportMixin
from core.idempotency import idempotent
from core.regions import county_of
from deputies.models import Deputy
from deputies.paging import CappedPaginator

from . import cards, selectors, services
from .models import DeputyToken, Message, Status
from .workflow import MACHINE

STAFF_ROLES = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
EXPORT_CAP = 20000


def _filter(qs, request):
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(selectors.search_q(q))
    return qs, status, q


def _page(request, qs):
    # A capped count (at most 10,001 rows counted), never COUNT(*) over a province's messages.
    return CappedPaginator(qs, 20).get_page(request.GET.get("page"))


# --- the message pages: one card per action the table in workflow.py offers this user ---------
def _detail_page(request, template, message, bound=None, phone=None, status=200):
    ctx = {
        "message": message,
        "events": message.events.select_related("actor"),
        "buttons": transitions.buttons(MACHINE, message, request.user, bound),
        "bound_form": bound[1] if bound else None,
        "phone": phone,
    }
    # A TemplateResponse keeps the forms, so core.idempotency can tell the offline queue why a
    # queued answer was refused.
    return TemplateResponse(request, template, ctx, status=status)


def _act(request, template, message, url_name):
    """Every card posts its `action` here; the table's act dispatches it (or refuses in Chinese).
    Revealing the phone number is no move of the record, so it is answered apart."""
    if request.POST.get("action") == "reveal":
        phone = services.reveal_phone(message, request.user)
        audit.record(AuditEvent.Event.REVEAL_PHONE, request=request, obj=message)
        return _detail_page(request, template, message, phone=phone)
    name = request.POST.get("action", "")
    ok, form = transitions.act(request, MACHINE, message, name)
    if not ok:
        message.refresh_from_db()
        return _detail_page(request, template, message, bound=(name, form) if form is not None else None, status=400)
    return redirect(url_name, pk=message.pk)


# --- the deputy's inbox ---------------------------------------------------------------------
class InboxMixin(OwnViewMixin, RoleRequiredMixin):
    required_roles = (Role.DEPUTY,)

    def own_messages(self):
        return Message.objects.filter(deputy__user=self.request.user).exclude(status__in=[Status.HELD, Status.HIDDEN])


class InboxView(InboxMixin, View):
    def get(self, request):
        qs, status, q = _filter(self.own_messages().select_related("deputy", "forwarded_unit"), request)
        token = DeputyToken.objects.active().filter(deputy__user=request.user).select_related("deputy").first()
        return render(
            request,
            "citizen_messages/inbox.html",
            {
                "page_obj": _page(request, qs),
                "status": status,
                "q": q,
                "statuses": [(s, lbl) for s, lbl in Status.choices if s not in (Status.HELD, Status.HIDDEN)],
                "token": token,
            },
        )


@method_decorator(idempotent, name="dispatch")
class InboxDetailView(InboxMixin, View):
    url_models = {"pk": Message}

    def get_message(self, pk):
        return get_object_or_404(self.own_messages().select_related("deputy", "forwarded_unit"), pk=pk)

    def get(self, request, pk):
        return _detail_page(request, "citizen_messages/inbox_detail.html", self.get_message(pk))

    def post(self, request, pk):
        return _act(
            request, "citizen_messages/inbox_detail.html", self.get_message(pk), "citizen_messages:inbox_detail"
        )


class MyQrView(InboxMixin, View):
    """The deputy's own QR code (PNG), to share in a chat."""

    def get(self, request, fmt):
        token = DeputyToken.objects.active().filter(deputy__user=request.user).first()
        if token is None:
            raise Http404
        return _qr_response(token, fmt)


# --- a unit's staff: what deputies forwarded to their unit (phone masked); they answer the deputy
class UnitInboxMixin(UnitViewMixin):
    model = Message
    unit_field = "forwarded_unit"

    def unit_records(self):
        return super().unit_records().select_related("deputy", "forwarded_unit")


class UnitInboxView(UnitInboxMixin, View):
    def get(self, request):
        qs, status, q = _filter(self.unit_records(), request)
        return render(
            request,
            "citizen_messages/unit_list.html",
            {"page_obj": _page(request, qs), "status": status, "q": q, "statuses": Status.choices},
        )


class UnitMessageView(UnitInboxMixin, View):
    def get(self, request, pk):
        return _detail_page(request, "citizen_messages/unit_detail.html", get_object_or_404(self.unit_records(), pk=pk))

    def post(self, request, pk):
        message = get_object_or_404(self.unit_records(), pk=pk)
        return _act(request, "citizen_messages/unit_detail.html", message, "citizen_messages:unit_detail")


# --- staff ----------------------------------------------------------------------------------
class StaffMixin(ScopedViewMixin):
    model = Message
    required_roles = STAFF_ROLES


class StaffListView(XlsxExportMixin, StaffMixin, View):
    # The export masks the citizen: a surname and a masked number, never the full contact.
    export_filename = _l("群众留言")
    export_header = (
        _l("留言时间"),
        _l("代表"),
        _l("类别"),
        _l("留言内容"),
        _l("状态"),
        _l("留言人"),
        _l("手机号"),
        _l("转办单位"),
        _l("回复时间"),
        _l("评价"),
    )

    def filtered(self):
        qs = super().get_queryset().select_related("deputy", "region", "forwarded_unit")
        deputy = query_id(self.request, "deputy")
        if deputy:
            qs = qs.filter(deputy_id=deputy)
        return _filter(qs, self.request)

    def get_queryset(self):
        return self.filtered()[0]

    def export_queryset(self):
        # The newest EXPORT_CAP of the filtered messages: a province's million would outlast the
        # worker's timeout (the deputies' exports are capped the same way).
        return self.get_queryset()[:EXPORT_CAP]

    def export_row(self, m):
        name = m.citizen_name[:1] + "*" * (len(m.citizen_name) - 1) if m.citizen_name else ""
        unit = m.forwarded_unit.name if m.forwarded_unit_id else ""
        answered = timezone.localtime(m.answered_at).replace(tzinfo=None) if m.answered_at else None
        created = timezone.localtime(m.created_at).replace(tzinfo=None)
        return [created, m.deputy.name, m.get_category_display(), m.body, m.get_status_display(), name,
                m.masked_phone, unit, answered, m.get_rating_display()]  # fmt: skip

    def get(self, request):
        if self.wants_export():
            return self.export_response()
        qs, status, q = self.filtered()
        return render(
            request,
            "citizen_messages/staff_list.html",
            {"page_obj": _page(request, qs), "status": status, "q": q, "statuses": Status.choices},
        )


class StaffDetailView(StaffMixin, View):
    def get(self, request, pk):
        message = get_object_or_404(self.get_queryset().select_related("deputy"), pk=pk)
        return _detail_page(request, "citizen_messages/staff_detail.html", message)

    def post(self, request, pk):
        message = get_object_or_404(self.get_queryset(), pk=pk)
        return _act(request, "citizen_messages/staff_detail.html", message, "citizen_messages:staff_detail")


class StatsView(StaffMixin, View):
    def get(self, request):
        page = query_id(request, "page")
        page = page if page and page < 10000 else 1
        stats = selectors.deputy_stats(self.get_queryset(), page)
        chart = _stats_chart(stats["rows"]) if page == 1 else None
        return render(request, "citizen_messages/stats.html", {**stats, "chart": chart})


# The chart shows the deputies with the most messages; the table below it lists everyone.
CHART_DEPUTIES = 15


def _stats_chart(rows):
    """Figures for the bar chart of received and answered messages (Chart.js reads them from a
    json_script element), or None when there is nothing to draw."""
    top = rows[:CHART_DEPUTIES]
    if not top:
        return None
    return {
        "labels": [r["name"] for r in top],
        "datasets": [
            {"label": _("收到留言"), "data": [r["received"] for r in top]},
            {"label": _("已回复"), "data": [r["answered"] for r in top]},
        ],
        "height": 80 + 36 * len(top),
    }


class TokenListView(ScopedViewMixin, View):
    """Staff: each current deputy of the branch with their QR status, rotate/disable, downloads."""

    model = Deputy
    required_roles = STAFF_ROLES

    def get(self, request):
        deputies = Deputy.objects.visible_to(request.user).current().select_related("region")
        q = (request.GET.get("q") or "").strip()
        if q:
            deputies = deputies.search(q)
        township = (request.GET.get("township") or "").strip()
        if township.isdigit():
            deputies = deputies.filter(region__code__startswith=township)
        page = _page(request, deputies)
        tokens = {
            t.deputy_id: t for t in DeputyToken.objects.active().filter(deputy_id__in=[d.pk for d in page.object_list])
        }
        rows = [(d, tokens.get(d.pk)) for d in page.object_list]
        # The township filter offers the townships of the user's branch from the Region table (a few
        # hundred rows), not a DISTINCT over every deputy of the branch.
        # (A superuser without a region searches by name instead of picking among every township.)
        townships = []
        if request.user.region_id:
            townships = Region.objects.filter(kind=RegionKind.TOWNSHIP, code__startswith=request.user.region_id)
            townships = list(townships.order_by("code").values_list("code", "name"))
        stations = []
        if request.user.region_id:
            stations = selectors.public_stations(county_of(request.user.region_id))
        return render(
            request,
            "citizen_messages/tokens.html",
            {
                "page_obj": page,
                "rows": rows,
                "q": q,
                "township": township,
                "townships": townships,
                "stations": stations,
            },
        )

    def post(self, request):
        deputy = get_object_or_404(Deputy.objects.visible_to(request.user), pk=request.POST.get("deputy"))
        action = request.POST.get("action")
        try:
            if action == "rotate":
                services.rotate_token(deputy)
                flash.success(request, _("已为%(name)s生成新二维码，旧二维码立即失效") % {"name": deputy.name})
            elif action == "disable":
                services.disable_token(deputy)
                flash.success(request, _("已停用%(name)s的二维码") % {"name": deputy.name})
            elif action == "enable":
                services.ensure_token(deputy)
                flash.success(request, _("已为%(name)s生成二维码") % {"name": deputy.name})
            else:
                raise Http404
        except ValidationError as e:
            flash.error(request, " ".join(e.messages))
        return redirect(request.POST.get("next") or "citizen_messages:tokens")


def _qr_response(token, fmt):
    if fmt == "png":
        response = HttpResponse(cards.qr_png(token.full_url), content_type="image/png")
    elif fmt == "svg":
        response = HttpResponse(cards.qr_svg(token.full_url), content_type="image/svg+xml")
    elif fmt == "pdf":
        data = cards.card_pdf(selectors.card_data([token]))
        response = HttpResponse(data, content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'inline; filename="qr-{token.deputy.pk}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


class TokenDownloadView(ScopedViewMixin, View):
    model = DeputyToken
    url_models = {"deputy": Deputy}
    required_roles = STAFF_ROLES

    def get(self, request, deputy, fmt):
        token = get_object_or_404(self.get_queryset().active().select_related("deputy__region"), deputy_id=deputy)
        return _qr_response(token, fmt)


class CardSheetView(ScopedViewMixin, View):
    """A sheet of cards (8 per A4 page) for a township/group (region code) or a station."""

    model = DeputyToken
    required_roles = STAFF_ROLES

    def get(self, request):
        tokens = (
            self.get_queryset().active().filter(deputy__in=Deputy.objects.current()).select_related("deputy__region")
        )
        station = (request.GET.get("station") or "").strip()
        region = (request.GET.get("region") or "").strip()
        if station:
            ids = selectors.deputy_ids_of_station(station)
            if ids is None:
                raise Http404
            tokens = tokens.filter(deputy_id__in=ids)
        elif region.isdigit():
            tokens = tokens.filter(deputy__region__code__startswith=region)
        else:
            raise Http404
        tokens = tokens.order_by("deputy__region_id", "deputy__name_pinyin")
        data = cards.card_pdf(selectors.card_data(tokens), per_page=8)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="qr-cards-{station or region}.pdf"'
        return response
