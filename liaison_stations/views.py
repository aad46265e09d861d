import calendar
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from accounts.http import parse_id, query_id
from accounts.models import Unit
from accounts.roles import Role
from accounts.scoping import OwnViewMixin, ScopedViewMixin, UnitViewMixin, view_scope, visible
from core.excel import XlsxExportMixin
from core.idempotency import idempotent
from core.regions import county_of
from deputies.models import Deputy

from . import services
from .forms import (
    AddDutyForm,
    OpinionActionForm,
    OpinionFormSet,
    ReceptionForm,
    RotaGenerateForm,
    StationActivityForm,
    SwapDecisionForm,
    SwapForm,
    SwapRequestForm,
    UnitAnswerForm,
)
from .models import (
    Duty,
    Opinion,
    OpinionState,
    OpinionTransition,
    Place,
    PlaceKind,
    Reception,
    Shift,
    StationActivity,
    Stationing,
    SwapRequest,
    SwapStatus,
)
from .workflow import MACHINE

STAFF_ROLES = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class StaffMixin(ScopedViewMixin):
    required_roles = STAFF_ROLES


class PlaceMixin(StaffMixin):
    """Views under one place: the place must be visible to the user (404 otherwise)."""

    model = Place

    def get_place(self):
        if not hasattr(self, "_place"):
            self._place = get_object_or_404(
                visible(Place, self.request.user).select_related("region"), pk=self.kwargs["pk"]
            )
        return self._place

    def stationed_deputies(self, place, on=None):
        ids = Stationing.objects.current(on).filter(place=place).values("deputy_id")
        return Deputy.objects.filter(pk__in=ids).order_by("name_pinyin")


# --- places --------------------------------------------------------------------------------


class PlaceListView(StaffMixin, ListView):
    model = Place
    template_name = "liaison_stations/place_list.html"
    paginate_by = 25

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .select_related("region")
            .annotate(
                deputies_count=Count(
                    "stationings",
                    filter=Q(stationings__start_date__lte=timezone.localdate())
                    & (Q(stationings__end_date__isnull=True) | Q(stationings__end_date__gte=timezone.localdate())),
                    distinct=True,
                )
            )
        )
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(name__contains=q) | Q(region__name__contains=q) | Q(address__contains=q))
        kind = self.request.GET.get("kind", "")
        if kind in PlaceKind.values:
            qs = qs.filter(kind=kind)
        return qs.order_by("region_id", "kind", "name")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(kinds=PlaceKind.choices, q=self.request.GET.get("q", ""), kind=self.request.GET.get("kind", ""))
        return ctx


class PlaceDetailView(StaffMixin, DetailView):
    model = Place
    template_name = "liaison_stations/place_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        place = self.object
        today = timezone.localdate()
        ctx["stationings"] = Stationing.objects.current().filter(place=place).select_related("deputy")
        ctx["entry_plans"] = place.entry_plans.all()[:3]
        ctx["receptions"] = (
            Reception.objects.filter(place=place)
            .annotate(opinion_count=Count("opinions"))
            .order_by("-date", "-id")
            .prefetch_related("deputies")[:10]
        )
        counts = dict(Opinion.objects.filter(place=place).values_list("state").annotate(n=Count("id")).order_by())
        ctx["opinion_states"] = [(state.label, counts[state]) for state in OpinionState if counts.get(state)]
        ctx["activities"] = services.station_activity_figures(
            StationActivity.objects.filter(place=place).select_related("activity")
        ).order_by("-activity__date")[:10]
        ctx["today"] = today
        return ctx


# --- rota ----------------------------------------------------------------------------------


class RotaView(PlaceMixin, View):
    """The month calendar of a place's rota (a grid of weeks), with a form to add a duty."""

    template_name = "liaison_stations/rota.html"

    def month(self):
        today = timezone.localdate()
        try:
            year = int(self.kwargs.get("year") or today.year)
            month = int(self.kwargs.get("month") or today.month)
            datetime.date(year, month, 1)
        except ValueError as exc:
            raise Http404 from exc
        return year, month

    def render_page(self, form=None):
        place = self.get_place()
        year, month = self.month()
        duties = list(
            Duty.objects.filter(place=place, date__year=year, date__month=month).select_related(
                "deputy", "swapped_from"
            )
        )
        by_day: dict[datetime.date, list] = {}
        for duty in duties:
            by_day.setdefault(duty.date, []).append(duty)
        weeks = [
            [(day, day.month == month, by_day.get(day, [])) for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]
        first = datetime.date(year, month, 1)
        prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
        next_month = (first + datetime.timedelta(days=32)).replace(day=1)
        form = form or AddDutyForm(deputy_queryset=self.stationed_deputies(place), initial={"date": first})
        return render(
            self.request,
            self.template_name,
            {
                "place": place,
                "year": year,
                "month": month,
                "weeks": weeks,
                "duties": duties,
                "prev_month": prev_month,
                "next_month": next_month,
                "form": form,
                "today": timezone.localdate(),
                "weekday_names": [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")],
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        place = self.get_place()
        deputies = visible(Deputy, request.user)
        form = AddDutyForm(request.POST, deputy_queryset=deputies)
        if form.is_valid():
            try:
                duty = services.add_duty(
                    place, form.cleaned_data["deputy"], form.cleaned_data["date"], form.cleaned_data["shift"]
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("已安排 %(duty)s。") % {"duty": duty})
                return redirect("liaison_stations:rota_month", pk=place.pk, year=duty.date.year, month=duty.date.month)
        return self.render_page(form)


class RotaGenerateView(PlaceMixin, View):
    template_name = "liaison_stations/rota_generate.html"

    def pool(self, place):
        return self.stationed_deputies(place)

    def get(self, request, *args, **kwargs):
        place = self.get_place()
        today = timezone.localdate()
        nxt = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        pool = self.pool(place)
        form = RotaGenerateForm(
            pool_queryset=pool,
            initial={"year": nxt.year, "month": nxt.month, "pool": list(pool), "per_day": 1, "shift": Shift.DAY},
        )
        return render(request, self.template_name, {"place": place, "form": form})

    def post(self, request, *args, **kwargs):
        place = self.get_place()
        form = RotaGenerateForm(request.POST, pool_queryset=visible(Deputy, request.user))
        if form.is_valid():
            data = form.cleaned_data
            # Keep the order of the list on the page (the order of turns).
            order = [n for n in map(parse_id, request.POST.getlist("pool")) if n]
            pool = sorted(data["pool"], key=lambda d: order.index(d.pk) if d.pk in order else 0)
            weekdays = tuple(range(7)) if data["include_weekends"] else services.WEEKDAYS
            try:
                duties = services.generate_rota(
                    place,
                    data["year"],
                    data["month"],
                    pool,
                    per_day=data["per_day"],
                    shift=data["shift"],
                    weekdays=weekdays,
                    staff_holidays=data["staff_holidays"],
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("已生成 %(n)s 个值班。") % {"n": len(duties)})
                return redirect("liaison_stations:rota_month", pk=place.pk, year=data["year"], month=data["month"])
        form.fields["pool"].queryset = self.pool(place) | form.fields["pool"].queryset.filter(
            pk__in=request.POST.getlist("pool") or [0]
        )
        return render(request, self.template_name, {"place": place, "form": form})


class DutyMixin(StaffMixin):
    model = Duty

    def get_duty(self):
        return get_object_or_404(
            visible(Duty, self.request.user).select_related("place", "deputy__user"), pk=self.kwargs["pk"]
        )


class DutySwapView(DutyMixin, View):
    template_name = "liaison_stations/duty_swap.html"

    def deputies(self):
        return visible(Deputy, self.request.user).current().order_by("name_pinyin")

    def get(self, request, *args, **kwargs):
        duty = self.get_duty()
        form = SwapForm(deputy_queryset=self.deputies())
        return render(request, self.template_name, {"duty": duty, "form": form})

    def post(self, request, *args, **kwargs):
        duty = self.get_duty()
        form = SwapForm(request.POST, deputy_queryset=self.deputies())
        if form.is_valid():
            asker = request.user
            if form.cleaned_data["asked_by_deputy"] and duty.deputy.user_id:
                asker = duty.deputy.user
            try:
                services.swap_duty(duty, form.cleaned_data["new_deputy"], asker, form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("已调班。"))
                return redirect(
                    "liaison_stations:rota_month", pk=duty.place_id, year=duty.date.year, month=duty.date.month
                )
        return render(request, self.template_name, {"duty": duty, "form": form})


class DutyDeleteView(DutyMixin, View):
    def post(self, request, *args, **kwargs):
        duty = self.get_duty()
        if duty.date < timezone.localdate():
            messages.error(request, _("已过去的值班不能删除。"))
        else:
            duty.delete()
            messages.success(request, _("已删除该值班。"))
        return redirect("liaison_stations:rota_month", pk=duty.place_id, year=duty.date.year, month=duty.date.month)


class DutyAttendanceView(DutyMixin, View):
    def post(self, request, *args, **kwargs):
        duty = self.get_duty()
        try:
            services.mark_attendance(duty, request.POST.get("attended") == "1")
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("已登记到岗情况。"))
        return redirect(request.POST.get("next") or "liaison_stations:attention")


class AttentionListView(StaffMixin, ListView):
    """Upcoming duties nobody confirmed, and past duties with no attendance (or absent)."""

    model = Duty
    template_name = "liaison_stations/attention.html"
    paginate_by = 30

    def get_queryset(self):
        qs = super().get_queryset().needing_attention().select_related("place", "deputy")
        place = query_id(self.request, "place")
        if place:
            qs = qs.filter(place_id=place)
        what = self.request.GET.get("what", "")
        today = timezone.localdate()
        if what == "unconfirmed":
            qs = qs.filter(date__gte=today, confirmed_at__isnull=True)
        elif what == "unattended":
            qs = qs.filter(date__lt=today)
        return qs.order_by("date", "place_id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["places"] = visible(Place, self.request.user).only("pk", "name")
        ctx["place"] = self.request.GET.get("place", "")
        ctx["what"] = self.request.GET.get("what", "")
        ctx["today"] = timezone.localdate()
        return ctx


@view_scope("own", pk=Duty)
@idempotent
def confirm_duty(request, pk):
    """A deputy confirms one of their own duties (from the panel on their home page)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.method != "POST":
        return redirect("deputy_home")
    duty = get_object_or_404(Duty.objects.filter(deputy__user=request.user).select_related("deputy", "place"), pk=pk)
    try:
        services.confirm_duty(duty, request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("已确认 %(date)s 在%(place)s的值班。") % {"date": duty.date, "place": duty.place.name}
        )
    return redirect("deputy_home")


class MyDutiesView(OwnViewMixin, ListView):
    """All of a deputy's own duties, upcoming first."""

    template_name = "liaison_stations/my_duties.html"
    paginate_by = 30

    def get_queryset(self):
        pending = SwapRequest.objects.filter(duty=OuterRef("pk"), status=SwapStatus.PENDING)
        return (
            Duty.objects.filter(deputy__user=self.request.user)
            .select_related("place")
            .annotate(pending_swap=Exists(pending))
            .order_by("-date")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        return ctx


# --- swap requests: the deputy asks from the phone, staff approve -----------------------------
def _colleagues(duty):
    """Who may stand in for a duty: the deputies stationed at its place now, but its own deputy."""
    stationed = Stationing.objects.current().filter(place_id=duty.place_id).values("deputy_id")
    return Deputy.objects.filter(pk__in=stationed).exclude(pk=duty.deputy_id).order_by("name_pinyin", "id")


class SwapRequestView(OwnViewMixin, View):
    template_name = "liaison_stations/swap_request.html"
    url_models = {"pk": Duty}

    def get_duty(self):
        qs = Duty.objects.filter(deputy__user=self.request.user, date__gte=timezone.localdate())
        return get_object_or_404(qs.select_related("place", "deputy"), pk=self.kwargs["pk"])

    def render_page(self, duty, form):
        pending = duty.swap_requests.filter(status=SwapStatus.PENDING).select_related("proposed_deputy").first()
        return render(self.request, self.template_name, {"duty": duty, "form": form, "pending": pending})

    def get(self, request, *args, **kwargs):
        duty = self.get_duty()
        return self.render_page(duty, SwapRequestForm(colleagues=_colleagues(duty)))

    def post(self, request, *args, **kwargs):
        duty = self.get_duty()
        form = SwapRequestForm(request.POST, colleagues=_colleagues(duty))
        if form.is_valid():
            try:
                services.request_swap(
                    duty,
                    request.user,
                    reason=form.cleaned_data["reason"],
                    proposed_deputy=form.cleaned_data["proposed_deputy"],
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("调班申请已提交，工作人员审批后会通知您。"))
                return redirect("liaison_stations:my_duties")
        return self.render_page(duty, form)


class SwapRequestListView(StaffMixin, ListView):
    """Staff see the deputies' swap requests, pending first, and approve or decline them."""

    model = SwapRequest
    template_name = "liaison_stations/swap_list.html"
    paginate_by = 20

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .select_related("duty__place", "duty__deputy", "proposed_deputy", "requested_by", "decided_by")
        )
        g = self.request.GET
        self.status = g.get("status", SwapStatus.PENDING)
        if self.status in SwapStatus.values:
            qs = qs.filter(status=self.status)
        self.q = g.get("q", "").strip()
        if self.q:
            qs = qs.filter(Q(duty__deputy__name__contains=self.q) | Q(duty__place__name__contains=self.q))
        return qs.order_by("duty__date", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for swap in ctx["object_list"]:
            if swap.status == SwapStatus.PENDING:
                initial = {"new_deputy": swap.proposed_deputy_id}
                swap.form = SwapDecisionForm(colleagues=_colleagues(swap.duty), initial=initial)
        return ctx | {"statuses": SwapStatus.choices, "status": self.status, "q": self.q}


class SwapDecideView(StaffMixin, View):
    model = SwapRequest

    def post(self, request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.has_role(Role.COMMITTEE_STAFF)):
            raise PermissionDenied
        swap = get_object_or_404(self.get_queryset().select_related("duty"), pk=kwargs["pk"])
        form = SwapDecisionForm(request.POST, colleagues=_colleagues(swap.duty))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.decide_swap(
                    swap, request.user, approve=d["approve"], new_deputy=d["new_deputy"], note=d["note"]
                )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("已同意调班。") if d["approve"] else _("已答复：不同意调班。"))
        else:
            messages.error(request, _("请检查填写的内容。"))
        return redirect("liaison_stations:swaps")


# --- receptions and opinions ---------------------------------------------------------------


class ReceptionCreateView(PlaceMixin, View):
    template_name = "liaison_stations/reception_form.html"

    def render_page(self, form, formset):
        return render(self.request, self.template_name, {"place": self.get_place(), "form": form, "formset": formset})

    def get(self, request, *args, **kwargs):
        place = self.get_place()
        form = ReceptionForm(
            deputy_queryset=self.stationed_deputies(place),
            initial={"date": timezone.localdate(), "kind": _default_kind(place)},
        )
        return self.render_page(form, OpinionFormSet(prefix="op"))

    def post(self, request, *args, **kwargs):
        place = self.get_place()
        deputies = visible(Deputy, request.user)
        form = ReceptionForm(request.POST, deputy_queryset=deputies)
        formset = OpinionFormSet(request.POST, prefix="op")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                reception = services.record_reception(
                    place=place,
                    day=data["date"],
                    kind=data["kind"],
                    deputies=data["deputies"],
                    citizens_count=data["citizens_count"],
                    citizen_names=data["citizen_names"],
                    topics=data["topics"],
                    opinions=[f.cleaned_data for f in formset if f.cleaned_data.get("text")],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                n = reception.opinions.count()
                messages.success(request, _("接待记录已保存，登记意见建议 %(n)s 条。") % {"n": n})
                return redirect("liaison_stations:place", pk=place.pk)
        form.fields["deputies"].queryset = self.stationed_deputies(place) | deputies.filter(
            pk__in=[n for n in map(parse_id, request.POST.getlist("deputies")) if n] or [0]
        )
        return self.render_page(form, formset)


class StationActivityCreateView(PlaceMixin, View):
    """Record a "listen, gather, solve" event or a campaign-month visit held at the place, with the
    opinions gathered: the figures of the activities page come from these records."""

    template_name = "liaison_stations/activity_form.html"

    def deputies(self, place):
        leaders = (
            visible(Deputy, self.request.user)
            .current()
            .filter(is_leader=True, region__code__startswith=county_of(place.region_id))
        )
        return (self.stationed_deputies(place) | leaders).distinct().order_by("-is_leader", "name_pinyin")

    def render_page(self, form, formset):
        return render(self.request, self.template_name, {"place": self.get_place(), "form": form, "formset": formset})

    def get(self, request, *args, **kwargs):
        place = self.get_place()
        form = StationActivityForm(deputy_queryset=self.deputies(place), initial={"date": timezone.localdate()})
        return self.render_page(form, OpinionFormSet(prefix="op"))

    def post(self, request, *args, **kwargs):
        place = self.get_place()
        form = StationActivityForm(request.POST, deputy_queryset=self.deputies(place))
        formset = OpinionFormSet(request.POST, prefix="op")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            link = services.record_station_activity(
                place=place,
                kind=data["kind"],
                title=data["title"],
                day=data["date"],
                deputies=data["deputies"],
                summary=data["summary"],
                opinions=[f.cleaned_data for f in formset if f.cleaned_data.get("text")],
                by=request.user,
            )
            messages.success(request, _("进站活动已保存，登记意见建议 %(n)s 条。") % {"n": link.opinions.count()})
            return redirect("liaison_stations:place", pk=place.pk)
        return self.render_page(form, formset)


def _default_kind(place):
    if place.kind in (PlaceKind.SUPERVISION_ROOM, PlaceKind.SUPERVISION_POST):
        return "supervision"
    if place.kind == PlaceKind.SERVICE_POST:
        return "service"
    return "reception"


class OpinionListView(XlsxExportMixin, StaffMixin, ListView):
    model = Opinion
    template_name = "liaison_stations/opinion_list.html"
    paginate_by = 25
    # Who raised it and their contact stay out of the export.
    export_filename = gettext_lazy("站点意见建议")
    export_header = (
        gettext_lazy("登记时间"),
        gettext_lazy("站点"),
        gettext_lazy("类别"),
        gettext_lazy("意见建议内容"),
        gettext_lazy("状态"),
        gettext_lazy("转交单位"),
        gettext_lazy("办理结果"),
        gettext_lazy("反馈情况"),
    )

    def export_row(self, o):
        route = o.unit.name if o.unit_id else (_("转为代表建议") if o.to_suggestion else "")
        created = timezone.localtime(o.created_at).replace(tzinfo=None)
        return [created, o.place.name, o.get_category_display(), o.text, o.get_state_display(), route, o.result,
                o.feedback]  # fmt: skip

    def get_queryset(self):
        from django.conf import settings

        qs = super().get_queryset().select_related("place", "unit")
        g = self.request.GET
        if g.get("state") in OpinionState.values:
            qs = qs.filter(state=g["state"])
        if place := query_id(self.request, "place"):
            qs = qs.filter(place_id=place)
        if g.get("overdue"):
            qs = qs.overdue(settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS)
        q = g.get("q", "").strip()
        if q:
            qs = qs.filter(Q(text__contains=q) | Q(place__name__contains=q))
        return qs

    def get_context_data(self, **kwargs):
        from django.conf import settings

        ctx = super().get_context_data(**kwargs)
        g = self.request.GET
        ctx.update(
            states=OpinionState.choices,
            state=g.get("state", ""),
            place=g.get("place", ""),
            q=g.get("q", ""),
            overdue=bool(g.get("overdue")),
            overdue_days=settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS,
            places=visible(Place, self.request.user).only("pk", "name"),
        )
        return ctx


class OpinionDetailView(StaffMixin, View):
    model = Opinion
    template_name = "liaison_stations/opinion_detail.html"

    def get_opinion(self):
        qs = visible(Opinion, self.request.user).select_related(
            "place__region", "unit", "reception", "station_activity__activity", "suggestion_deputy", "suggestion"
        )
        return get_object_or_404(
            qs.prefetch_related(Prefetch("transitions", OpinionTransition.objects.select_related("by"))),
            pk=self.kwargs["pk"],
        )

    def units(self, opinion):
        return visible(Unit, self.request.user).filter(
            region__code__startswith=county_of(opinion.place.region_id), is_active=True
        )

    def make_form(self, opinion, data=None):
        deputies = services.suggestion_candidates(opinion) if opinion.state == OpinionState.REGISTERED else None
        return OpinionActionForm(data, unit_queryset=self.units(opinion), deputy_queryset=deputies)

    def render_page(self, opinion, form=None, status=200):
        # The buttons come from the table in workflow.py: one per action this user may take now.
        next_steps = [(a, OpinionState(a.targets[0])) for a in MACHINE.available(opinion, self.request.user)]
        form = form or self.make_form(opinion)
        return render(
            self.request,
            self.template_name,
            {"opinion": opinion, "next_steps": next_steps, "form": form, "States": OpinionState},
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_opinion())

    def post(self, request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.has_role(Role.COMMITTEE_STAFF)):
            raise PermissionDenied
        opinion = self.get_opinion()
        form = self.make_form(opinion, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            action = MACHINE.action_to(opinion.state, data["to_state"])
            try:
                if action is None:
                    raise ValidationError(MACHINE.wrong_move(opinion.state, data["to_state"]))
                MACHINE.apply(
                    opinion,
                    action.name,
                    request.user,
                    note=data["note"],
                    unit=data["unit"],
                    to_suggestion=data["to_suggestion"],
                    deputy=data["deputy"],
                    result=data["result"],
                    feedback=data["feedback"],
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                opinion.refresh_from_db()
                messages.success(request, _("意见建议已变为“%(state)s”。") % {"state": opinion.get_state_display()})
                if opinion.suggestion_id and data["to_state"] == OpinionState.HANDLING:
                    messages.info(
                        request,
                        _("已在%(name)s代表名下生成建议草稿，并已通知代表完善后提交。")
                        % {"name": opinion.suggestion_deputy.name},
                    )
                return redirect(opinion.get_absolute_url())
        return self.render_page(opinion, form, status=200)


class StationActivityListView(StaffMixin, ListView):
    """Activities at stations ("listen, gather, solve", campaign months) and their figures."""

    model = StationActivity
    template_name = "liaison_stations/activity_list.html"
    paginate_by = 25

    def get_queryset(self):
        qs = super().get_queryset().select_related("activity", "place")
        kind = self.request.GET.get("kind", "")
        if kind:
            qs = qs.filter(activity__kind=kind)
        return services.station_activity_figures(qs).order_by("-activity__date", "-pk")

    def get_context_data(self, **kwargs):
        from deputies.models import ActivityKind, ActivityParticipant

        ctx = super().get_context_data(**kwargs)
        visible_links = visible(StationActivity, self.request.user)
        totals = []
        for kind in (ActivityKind.STATION_MONTH, ActivityKind.DOUBLE_CONTACT_MONTH, ActivityKind.LISTEN_GATHER_SOLVE):
            links = visible_links.filter(activity__kind=kind)
            parts = ActivityParticipant.objects.filter(activity__station_link__in=links)
            totals.append(
                {
                    "label": kind.label,
                    "kind": kind.value,
                    "events": links.count(),
                    "deputies": parts.values("deputy_id").distinct().count(),
                    "leaders": parts.filter(deputy__is_leader=True).values("deputy_id").distinct().count(),
                    "opinions": Opinion.objects.filter(station_activity__in=links).count(),
                }
            )
        ctx["totals"] = totals
        ctx["kind"] = self.request.GET.get("kind", "")
        return ctx


# --- the public page -----------------------------------------------------------------------


PUBLIC_CACHE_SECONDS = 60


def _public_days(place, today):
    until = today + datetime.timedelta(days=31)
    duties = (
        Duty.objects.filter(place=place, date__gte=today, date__lte=until)
        .select_related("deputy")
        .only("date", "shift", "deputy__name")
        .order_by("date", "shift")
    )
    days: list[tuple[datetime.date, list]] = []
    for duty in duties:
        if not days or days[-1][0] != duty.date:
            days.append((duty.date, []))
        days[-1][1].append(duty)
    return days


@view_scope("public")
def public_place(request, key):
    """A place's public page: how to come and who is on duty which day. No citizen data.

    The rota and the stationed deputies are rendered in a fragment cached for a minute per place,
    day and language (the page is meant to be opened from a QR code by many); the querysets are
    lazy, so a cached fragment costs one query, the place's."""
    place = get_object_or_404(Place.objects.active().select_related("region"), public_key=key)
    today = timezone.localdate()
    stationings = (
        Stationing.objects.current()
        .filter(place=place)
        .select_related("deputy")
        .only("is_head", "deputy__name", "deputy__post")
    )
    return render(
        request,
        "liaison_stations/public_place.html",
        {
            "place": place,
            "days": lambda: _public_days(place, today),
            "stationings": stationings,
            "today": today,
            "Shift": Shift,
            "cache_seconds": PUBLIC_CACHE_SECONDS,
        },
    )


# --- a handling unit: the opinions forwarded to it -------------------------------------------
class UnitOpinionMixin(UnitViewMixin):
    model = Opinion

    def unit_records(self):
        return super().unit_records().select_related("place", "unit")


class UnitOpinionListView(UnitOpinionMixin, ListView):
    template_name = "liaison_stations/unit_opinion_list.html"
    paginate_by = 20

    def get_queryset(self):
        qs = self.unit_records()
        g = self.request.GET
        if g.get("state") in OpinionState.values:
            qs = qs.filter(state=g["state"])
        q = g.get("q", "").strip()
        if q:
            qs = qs.filter(Q(text__contains=q) | Q(place__name__contains=q))
        return qs.order_by("-state_since", "-id")

    def get_context_data(self, **kwargs):
        g = self.request.GET
        states = [(s, OpinionState(s).label) for s in (OpinionState.HANDLING, OpinionState.RESULT, OpinionState.CLOSED)]
        return super().get_context_data(**kwargs) | {"states": states, "state": g.get("state", ""), "q": g.get("q", "")}


class UnitOpinionView(UnitOpinionMixin, View):
    template_name = "liaison_stations/unit_opinion.html"

    def get_opinion(self):
        qs = self.unit_records().prefetch_related(
            Prefetch("transitions", OpinionTransition.objects.select_related("by"))
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def render_page(self, opinion, form=None):
        can_answer = opinion.state == OpinionState.HANDLING
        ctx = {"opinion": opinion, "form": (form or UnitAnswerForm()) if can_answer else None}
        return render(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_opinion())

    def post(self, request, *args, **kwargs):
        opinion = self.get_opinion()
        form = UnitAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.unit_answer(opinion, request.user, form.cleaned_data["result"])
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("已答复，联络站将向反映人反馈。"))
                return redirect("liaison_stations:unit_opinion", pk=opinion.pk)
        return self.render_page(opinion, form)
