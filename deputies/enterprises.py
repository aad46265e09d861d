"""Key enterprises (重点企业) and professional / industry groups in the portal.

A deputy records an enterprise's opinion from the phone and follows it to a result; staff see the
enterprises, the opinions and the figures; the groups' page shows members and activities. The
enterprises, links and groups themselves stay master data in the browser admin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from accounts.models import Unit
from accounts.roles import REGION_STAFF_ROLES, Role
from accounts.scoping import OwnViewMixin, RoleRequiredMixin, ScopedViewMixin
from core.regions import county_of

from . import services
from .forms import EnterpriseOpinionForm, EnterpriseOpinionStepForm
from .models import (
    Activity,
    ActivityStatus,
    Enterprise,
    EnterpriseLink,
    EnterpriseOpinion,
    GroupMembership,
    OpinionStatus,
    ProfessionalGroup,
)
from .workflow import ENTERPRISE_OPINION

STAFF = tuple(REGION_STAFF_ROLES)


# --- the deputy: my enterprises, record an opinion -------------------------------------------------
class DeputyMixin(OwnViewMixin, RoleRequiredMixin):
    required_roles = (Role.DEPUTY,)

    def my_links(self):
        return EnterpriseLink.objects.filter(deputy__user=self.request.user).current().select_related("enterprise")


class MyEnterprisesView(DeputyMixin, View):
    def get(self, request):
        opinions = EnterpriseOpinion.objects.order_by("-date", "-id")
        links = self.my_links().prefetch_related(Prefetch("opinions", opinions))
        return render(request, "deputies/my_enterprises.html", {"links": links})


class EnterpriseOpinionCreateView(DeputyMixin, View):
    template_name = "deputies/enterprise_opinion_form.html"

    def get(self, request):
        links = self.my_links()
        only = links[0].pk if len(links) == 1 else None  # one enterprise: nothing to choose
        initial = {"date": timezone.localdate(), "link": request.GET.get("link") or only}
        return render(request, self.template_name, {"form": EnterpriseOpinionForm(links=links, initial=initial)})

    def post(self, request):
        form = EnterpriseOpinionForm(request.POST, links=self.my_links())
        if form.is_valid():
            d = form.cleaned_data
            try:
                opinion = services.record_enterprise_opinion(
                    d["link"], request.user, text=d["text"], date=d["date"], category=d["category"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("企业意见已记录，可在此跟进办理结果。"))
                return redirect("deputies:enterprise_opinion", pk=opinion.pk)
        return render(request, self.template_name, {"form": form})


# --- one opinion: its deputy and the staff follow it -------------------------------------------------
class EnterpriseOpinionView(ScopedViewMixin, View):
    """Seen by the deputy who holds the link (own) and by the staff of the branch."""

    model = EnterpriseOpinion
    template_name = "deputies/enterprise_opinion.html"

    def get_opinion(self):
        qs = self.get_queryset().select_related("link__deputy", "link__enterprise__region", "forwarded_to")
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def units(self, opinion):
        county = county_of(opinion.link.enterprise.region_id)
        return Unit.objects.filter(region__code__startswith=county, is_active=True)

    def render_page(self, opinion, form=None):
        # One step per action the table in workflow.py lets this user take now.
        steps = [OpinionStatus(a.targets[0]) for a in ENTERPRISE_OPINION.available(opinion, self.request.user)]
        ctx = {
            "opinion": opinion,
            "steps": steps,
            "form": form or EnterpriseOpinionStepForm(units=self.units(opinion)),
            "Status": OpinionStatus,
            "is_deputy": opinion.link.deputy.user_id == self.request.user.pk,
        }
        return render(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_opinion())

    def post(self, request, *args, **kwargs):
        opinion = self.get_opinion()
        form = EnterpriseOpinionStepForm(request.POST, units=self.units(opinion))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.follow_enterprise_opinion(
                    opinion, request.user, d["status"], unit=d["unit"], answer=d["answer"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("意见已变为“%(s)s”。") % {"s": OpinionStatus(d["status"]).label})
                return redirect("deputies:enterprise_opinion", pk=opinion.pk)
        return self.render_page(opinion, form)


# --- staff: enterprises with the figures, the opinions ----------------------------------------------
class EnterpriseListView(ScopedViewMixin, ListView):
    model = Enterprise
    required_roles = STAFF
    template_name = "deputies/enterprise_list.html"
    paginate_by = 25

    def get_queryset(self):
        today = timezone.localdate()
        current = Q(links__start_date__lte=today) & (Q(links__end_date__isnull=True) | Q(links__end_date__gte=today))
        qs = (
            super()
            .get_queryset()
            .select_related("region")
            .annotate(
                deputies_count=Count("links__deputy", filter=current, distinct=True),
                opinions_count=Count("links__opinions", distinct=True),
            )
        )
        self.q = self.request.GET.get("q", "").strip()
        if self.q:
            qs = qs.filter(Q(name__contains=self.q) | Q(sector__contains=self.q) | Q(uscc=self.q.upper()))
        return qs.order_by("region_id", "name")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        return ctx | {"q": self.q, "figures": services.enterprise_figures(self.request.user)}


class EnterpriseOpinionListView(ScopedViewMixin, ListView):
    model = EnterpriseOpinion
    required_roles = STAFF
    template_name = "deputies/enterprise_opinion_list.html"
    paginate_by = 25

    def get_queryset(self):
        qs = super().get_queryset().select_related("link__deputy", "link__enterprise", "forwarded_to")
        g = self.request.GET
        self.status = g.get("status", "")
        if self.status in OpinionStatus.values:
            qs = qs.filter(status=self.status)
        self.q = g.get("q", "").strip()
        if self.q:
            qs = qs.filter(
                Q(text__contains=self.q) | Q(link__enterprise__name__contains=self.q) | Q(link__deputy__name=self.q)
            )
        return qs.order_by("-date", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        return ctx | {"q": self.q, "status": self.status, "statuses": OpinionStatus.choices}


# --- professional / industry groups: a read page ------------------------------------------------------
class GroupListView(ScopedViewMixin, ListView):
    """Staff see the groups of their branch, a deputy the groups they belong to."""

    model = ProfessionalGroup
    template_name = "deputies/group_list.html"

    def get_queryset(self):
        members = GroupMembership.objects.current().select_related("deputy").order_by("deputy__name_pinyin")
        return (
            super()
            .get_queryset()
            .select_related("leader", "region")
            .annotate(activities_count=Count("activities", filter=Q(activities__status=ActivityStatus.VERIFIED)))
            .prefetch_related(Prefetch("memberships", members, to_attr="current_members"))
            .order_by("region_id", "kind", "name")
        )


class GroupDetailView(ScopedViewMixin, DetailView):
    model = ProfessionalGroup
    template_name = "deputies/group_detail.html"
    context_object_name = "group"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        group = self.object
        ctx["members"] = group.memberships.select_related("deputy").order_by("left", "deputy__name_pinyin")
        ctx["activities"] = Activity.objects.filter(group=group, status=ActivityStatus.VERIFIED).order_by(
            "-date", "-id"
        )[:50]
        ctx["today"] = timezone.localdate()
        return ctx
