"""Pages of the collaboration app. Every record comes through `visible_to(user)`: county staff see the
collaborations their branch keeps; a partner liaison sees only those they belong to (404 elsewhere)
and may only add updates, record attendance and upload documents."""

from itertools import chain

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from accounts.roles import Role
from accounts.scoping import ScopedViewMixin, visible
from core.excel import xlsx_response
from core.transitions import act, buttons

from . import services
from .forms import ActivityForm, AttendanceForm, DocumentForm, MeetingForm
from .models import (
    Collaboration,
    Dispute,
    ItemSide,
    ItemStatus,
    JointActivity,
    JointActivityKind,
    JointMeeting,
    Member,
    ProblemItem,
)
from .workflow import MACHINE, STAFF_ROLES

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
READERS = (*STAFF, Role.PARTNER_LIAISON)


class CollaborationMixin(ScopedViewMixin):
    """A page under one collaboration (`pk` names it)."""

    model = Collaboration
    required_roles = READERS

    def get_collaboration(self):
        if not hasattr(self, "_collaboration"):
            self._collaboration = get_object_or_404(
                visible(Collaboration, self.request.user).select_related("region"), pk=self.kwargs["pk"]
            )
        return self._collaboration

    def base_context(self, **ctx):
        c = self.get_collaboration()
        user = self.request.user
        return {
            "collaboration": c,
            "is_staff_for": services.is_staff_for(user, c),
            "own_member": services.own_member(user, c),
            **ctx,
        }


class CollaborationListView(ScopedViewMixin, ListView):
    model = Collaboration
    required_roles = READERS
    template_name = "collaboration/list.html"
    paginate_by = 20

    def get_queryset(self):
        qs = super().get_queryset().select_related("region")
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(name__contains=q) | Q(members__region__name__contains=q)).distinct()
        return (
            qs.annotate(
                n_members=Count("members", distinct=True),
                n_items=Count("items", distinct=True),
                n_disputes=Count("disputes", distinct=True),
            )
            .order_by("level", "started_on", "id")
            .prefetch_related(Prefetch("members", Member.objects.select_related("region")), "agreements")
        )


class CollaborationDetailView(CollaborationMixin, DetailView):
    template_name = "collaboration/detail.html"
    context_object_name = "collaboration"

    def get_object(self, queryset=None):
        return self.get_collaboration()

    def get_context_data(self, **kwargs):
        c = self.object
        members = list(
            c.members.select_related("region", "agreement").annotate(ledger=Count("item_sides", distinct=True))
        )
        items = list(c.items.select_related("lead__region").order_by("number"))
        board = {s: [] for s in ItemStatus.values}
        for item in items:
            board[item.status].append(item)
        meetings = list(c.meetings.select_related("host__region"))
        activities = list(c.activities.prefetch_related(Prefetch("members", Member.objects.select_related("region"))))
        timeline = sorted(
            chain(({"kind": "meeting", "date": m.date, "obj": m} for m in meetings),
                  ({"kind": "activity", "date": a.date, "obj": a} for a in activities)),
            key=lambda e: e["date"],
            reverse=True,
        )  # fmt: skip
        ctx = self.base_context(**super().get_context_data(**kwargs))
        ctx.update(
            members=members,
            partners=services.partner_members(c),
            agreements=c.agreements.prefetch_related(
                Prefetch("signatories", Member.objects.select_related("region"))
            ).select_related("document"),
            board=[(s, ItemStatus(s).label, board[s]) for s in ItemStatus.values],
            timeline=timeline,
            figures=services.figures(c),
            documents=c.documents.select_related("member__region", "uploaded_by")[:10],
        )
        return ctx


class ItemListView(CollaborationMixin, ListView):
    template_name = "collaboration/item_list.html"
    paginate_by = 20

    def get_queryset(self):
        c = self.get_collaboration()
        qs = ProblemItem.objects.visible_to(self.request.user).filter(collaboration=c)
        g = self.request.GET
        if g.get("q", "").strip():
            qs = qs.filter(Q(title__contains=g["q"].strip()) | Q(description__contains=g["q"].strip()))
        if g.get("status") in ItemStatus.values:
            qs = qs.filter(status=g["status"])
        if g.get("member", "").isdigit():
            qs = qs.filter(sides__member_id=int(g["member"]))
        return qs.select_related("lead__region").prefetch_related(
            Prefetch("sides", ItemSide.objects.select_related("member__region"))
        )

    def get_context_data(self, **kwargs):
        return self.base_context(
            **super().get_context_data(**kwargs),
            statuses=ItemStatus.choices,
            members=self.get_collaboration().members.select_related("region"),
        )


class DisputeListView(CollaborationMixin, ListView):
    template_name = "collaboration/dispute_list.html"
    paginate_by = 20

    def get_queryset(self):
        c = self.get_collaboration()
        qs = Dispute.objects.visible_to(self.request.user).filter(collaboration=c)
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(title__contains=q) | Q(parties__contains=q) | Q(resolution__contains=q))
        return qs.prefetch_related(Prefetch("members", Member.objects.select_related("region")))

    def get_context_data(self, **kwargs):
        return self.base_context(**super().get_context_data(**kwargs))


class ActivityListView(CollaborationMixin, ListView):
    template_name = "collaboration/activity_list.html"
    paginate_by = 20

    def get_queryset(self):
        c = self.get_collaboration()
        qs = JointActivity.objects.visible_to(self.request.user).filter(collaboration=c)
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(title__contains=q) | Q(place__contains=q) | Q(summary__contains=q))
        if self.request.GET.get("kind"):
            qs = qs.filter(kind=self.request.GET["kind"])
        return qs.prefetch_related(Prefetch("members", Member.objects.select_related("region")), "deputies")

    def get_context_data(self, **kwargs):
        return self.base_context(**super().get_context_data(**kwargs), kinds=JointActivityKind.choices)


# --- exports (the one Excel writer) -------------------------------------------------------------


def _names(members):
    return "、".join(m.region.name for m in members)


class ExportView(CollaborationMixin, View):
    """`what` is fixed per URL: the problem list, the disputes or the joint activities."""

    what = "items"

    def get(self, request, pk):
        c = self.get_collaboration()
        if self.what == "items":
            rows = (
                (
                    i.number,
                    i.title,
                    i.get_category_display(),
                    i.lead.region.name,
                    "；".join(f"{s.member.region.name}：{s.owner}" for s in i.sides.all()),
                    i.get_status_display(),
                    i.due_date,
                    i.resolved_on,
                    i.updates.count(),
                )
                for i in ProblemItem.objects.visible_to(request.user)
                .filter(collaboration=c)
                .select_related("lead__region")
                .prefetch_related(Prefetch("sides", ItemSide.objects.select_related("member__region")))
            )
            header = [_("编号"), _("问题"), _("类别"), _("牵头成员"), _("涉及成员与责任人"), _("状态"),
                      _("约定完成日期"), _("解决日期"), _("进展条数")]  # fmt: skip
            name = _("联动共治问题清单")
        elif self.what == "disputes":
            rows = (
                (d.title, d.get_kind_display(), _names(d.members.all()), d.parties, d.resolution, d.resolved_on)
                for d in Dispute.objects.visible_to(request.user)
                .filter(collaboration=c)
                .prefetch_related(Prefetch("members", Member.objects.select_related("region")))
            )
            header = [_("纠纷"), _("类型"), _("涉及成员"), _("当事方"), _("化解方式"), _("化解日期")]
            name = _("纠纷化解")
        else:
            rows = (
                (a.date, a.get_kind_display(), a.title, a.place, _names(a.members.all()), a.deputies.count(), a.summary)
                for a in JointActivity.objects.visible_to(request.user)
                .filter(collaboration=c)
                .prefetch_related(Prefetch("members", Member.objects.select_related("region")))
            )
            header = [
                _("日期"),
                _("活动类型"),
                _("活动名称"),
                _("地点"),
                _("参加成员"),
                _("参加代表人数"),
                _("活动内容"),
            ]
            name = _("联合活动")
        return xlsx_response(f"{c.name}-{name}", header, rows)


# --- forms beside the records -------------------------------------------------------------------


class RecordFormView(CollaborationMixin, View):
    """A staff form beside the collaboration's records: the form, then `save` through a service; a
    refusal is shown on the form, with what was typed."""

    required_roles = STAFF_ROLES
    template_name = "collaboration/record_form.html"
    title = ""
    submit = ""

    def make_form(self, data=None):
        raise NotImplementedError

    def save(self, form):
        """Write through the service; return the redirect."""
        raise NotImplementedError

    def _render(self, form):
        return render(
            self.request, self.template_name, self.base_context(form=form, here=self.title, submit=self.submit)
        )

    def get(self, request, pk):
        services.require_staff(request.user, self.get_collaboration())
        return self._render(self.make_form())

    def post(self, request, pk):
        services.require_staff(request.user, self.get_collaboration())
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                return self.save(form)
            except ValidationError as e:
                for m in e.messages:
                    form.add_error(None, m)
        return self._render(form)


class MeetingCreateView(RecordFormView):
    title = gettext_lazy("记录联席会议")
    submit = gettext_lazy("保存会议")

    def make_form(self, data=None):
        return MeetingForm(data, collaboration=self.get_collaboration())

    def save(self, form):
        d = form.cleaned_data
        meeting, items = services.record_meeting(
            self.get_collaboration(),
            self.request.user,
            date=d["date"],
            host=d["host"],
            place=d["place"],
            agenda=d["agenda"],
            decisions=form.decision_lines(),
            to_list=d["to_list"],
            lead=d["lead"],
            sides=d["sides"],
            category=d["category"],
            due_date=d["due_date"],
        )
        messages.success(
            self.request, _("已记录%(meeting)s，%(n)d项议定事项列入问题清单") % {"meeting": meeting, "n": len(items)}
        )
        return redirect("collaboration:meeting", meeting.pk)


class ActivityCreateView(RecordFormView):
    title = gettext_lazy("登记联合活动")
    submit = gettext_lazy("保存活动")

    def make_form(self, data=None):
        return ActivityForm(data, collaboration=self.get_collaboration(), user=self.request.user)

    def save(self, form):
        c = self.get_collaboration()
        services.log_joint_activity(c, self.request.user, **form.cleaned_data)
        messages.success(self.request, _("联合活动已登记，并记入参加代表的履职档案"))
        return redirect("collaboration:activities", c.pk)


class DocumentUploadView(CollaborationMixin, View):
    """Staff and the members' liaisons upload files to the collaboration."""

    http_method_names = ["post"]

    def post(self, request, pk):
        c = self.get_collaboration()
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            services.upload_document(c, request.user, **form.cleaned_data)
            messages.success(request, _("文件已上传"))
        else:
            for errors in form.errors.values():
                for m in errors:
                    messages.error(request, m)
        return redirect("collaboration:detail", c.pk)


class MeetingDetailView(ScopedViewMixin, DetailView):
    model = JointMeeting
    required_roles = READERS
    template_name = "collaboration/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return super().get_queryset().select_related("collaboration__region", "host__region")

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        m, user = self.object, self.request.user
        c = m.collaboration
        own = services.own_member(user, c)
        ctx.update(
            collaboration=c,
            is_staff_for=services.is_staff_for(user, c),
            own_member=own,
            attendance=m.attendance.select_related("member__region", "recorded_by"),
            items=m.items.select_related("lead__region"),
            form=form or AttendanceForm(collaboration=c, own_member=own),
        )
        return ctx


class AttendanceView(MeetingDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = self.get_object()
        meeting = self.object
        own = services.own_member(request.user, meeting.collaboration)
        form = AttendanceForm(request.POST, collaboration=meeting.collaboration, own_member=own)
        if form.is_valid():
            try:
                services.record_attendance(meeting, request.user, **form.cleaned_data)
            except ValidationError as e:
                for msg in e.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, _("出席情况已登记"))
                return redirect("collaboration:meeting", meeting.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ItemDetailView(ScopedViewMixin, DetailView):
    model = ProblemItem
    required_roles = READERS
    template_name = "collaboration/item_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return super().get_queryset().select_related("collaboration__region", "lead__region")

    def get_context_data(self, bound=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        ctx.update(
            collaboration=item.collaboration,
            sides=item.sides.select_related("member__region"),
            updates=item.updates.select_related("member__region", "by"),
            meetings=item.meetings.all(),
            activities=item.activities.all(),
            buttons=buttons(MACHINE, item, user, bound),
        )
        return ctx


class ItemActionView(ItemDetailView):
    """One action of the item's table (update, start, resolve, reopen, close)."""

    http_method_names = ["post"]
    url_models = {"pk": ProblemItem}

    def post(self, request, pk, action):
        self.object = item = self.get_object()
        ok, form = act(request, MACHINE, item, action)
        if ok:
            return redirect("collaboration:item", item.pk)
        return self.render_to_response(self.get_context_data(bound=(action, form)))
