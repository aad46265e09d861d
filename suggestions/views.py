"""Thin views: reads through querysets (visible_to), writes through services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from accounts.http import safe_next
from accounts.models import Unit
from accounts.roles import Role
from accounts.scoping import view_scope
from core import transitions
from core.excel import xlsx_response
from deputies.models import Deputy
from similar import registry as similar_registry

from . import forms, services
from .models import (
    HANDLING_STATES,
    Category,
    CoSignature,
    Reply,
    Satisfaction,
    State,
    Suggestion,
    SupervisionGroup,
)
from .workflow import MACHINE

STAFF_ROLES = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
PER_PAGE = 30


def _is_staff(user):
    return user.is_superuser or user.has_role(*STAFF_ROLES)


def _require_staff(user):
    if not _is_staff(user):
        raise PermissionDenied


def _my_deputy(user):
    deputy = Deputy.objects.filter(user=user).first()
    if deputy is None:
        raise PermissionDenied
    return deputy


def _list_qs(qs):
    return qs.select_related("lead_unit", "author", "session__term", "leader").order_by("-id")


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


def _filtered(request, qs):
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(author__name__contains=q) | Q(lead_unit__name__contains=q))
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    category = request.GET.get("category", "")
    if category in Category.values:
        qs = qs.filter(category=category)
    if request.GET.get("key") == "1":
        qs = qs.filter(is_key=True)
    if request.GET.get("overdue") == "1":
        qs = qs.overdue()
    return qs


EXPORT_HEADERS = [
    _l("编号"),
    _l("标题"),
    _l("领衔代表"),
    _l("类别"),
    _l("状态"),
    _l("主办单位"),
    _l("答复期限"),
    _l("重点建议"),
]


def _export(name, qs):
    rows = (
        [
            s.number_label,
            s.title,
            s.author.name,
            s.get_category_display(),
            s.get_state_display(),
            s.lead_unit.name if s.lead_unit_id else "",
            s.deadline or "",
            _("是") if s.is_key else "",
        ]
        for s in qs
    )
    return xlsx_response(name, EXPORT_HEADERS, rows)


# --- deputy -------------------------------------------------------------------------------------
DEPUTY_TABS = [
    ("drafts", _l("草稿"), {State.DRAFT, State.RETURNED}),
    ("submitted", _l("已提交"), {State.SUBMITTED, State.ACCEPTED}),
    ("handling", _l("办理中"), set(HANDLING_STATES)),
    ("evaluate", _l("待测评"), {State.REPLIED}),
    ("done", _l("已完成"), {State.EVALUATED, State.CLOSED, State.PUBLISHED, State.REFUSED}),
]


@view_scope("own")
@login_required
def my_suggestions(request):
    deputy = _my_deputy(request.user)
    mine = Suggestion.objects.filter(
        Q(author=deputy) | Q(pk__in=CoSignature.objects.filter(deputy=deputy, status="signed").values("suggestion_id"))
    )
    counts = dict(mine.values_list("state").annotate(n=Count("id")))
    tab = request.GET.get("tab") or "drafts"
    tabs = []
    chosen = DEPUTY_TABS[0]
    for key, label, states in DEPUTY_TABS:
        tabs.append({"key": key, "label": label, "count": sum(counts.get(s, 0) for s in states)})
        if key == tab:
            chosen = (key, label, states)
    qs = _list_qs(mine.filter(state__in=chosen[2]))
    if request.GET.get("format") == "xlsx":
        return _export(_("我的建议"), qs)
    invitations = (
        CoSignature.objects.filter(deputy=deputy, status=CoSignature.Status.INVITED)
        .select_related("suggestion__author")
        .order_by("-id")
    )
    return render(
        request,
        "suggestions/my_list.html",
        {"tabs": tabs, "tab": chosen[0], "page_obj": _page(request, qs), "invitations": invitations},
    )


@view_scope("own")
@login_required
def create(request):
    deputy = _my_deputy(request.user)
    form = forms.SuggestionForm(request.POST or None, request.FILES or None, author=deputy)
    if request.method == "POST" and "check_similar" in request.POST:
        return _form_with_similar(request, form, deputy)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        s = services.create_draft(
            deputy,
            request.user,
            title=d["title"],
            body=d["body"],
            category=d["category"],
            session=d["session"],
            cosigners=d["cosigners"],
            files=[d["attachment"]] if d["attachment"] else [],
        )
        messages.success(request, _("草稿已保存，确认无误后请提交"))
        return redirect("suggestions:detail", s.pk)
    return render(request, "suggestions/form.html", {"form": form})


@view_scope("own", pk=Suggestion)
@login_required
def edit(request, pk):
    deputy = _my_deputy(request.user)
    s = get_object_or_404(Suggestion, pk=pk, author=deputy)
    initial = {"title": s.title, "body": s.body, "category": s.category, "session": s.session_id}
    form = forms.SuggestionForm(request.POST or None, request.FILES or None, author=deputy, initial=initial)
    form.fields["cosigners"].initial = list(s.cosigns.values_list("deputy_id", flat=True))
    if request.method == "POST" and "check_similar" in request.POST:
        return _form_with_similar(request, form, deputy, s)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_draft(
                s,
                request.user,
                title=d["title"],
                body=d["body"],
                category=d["category"],
                session=d["session"],
                files=[d["attachment"]] if d["attachment"] else [],
            )
            services.invite_cosigners(s, request.user, d["cosigners"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("草稿已保存"))
            return redirect("suggestions:detail", s.pk)
    return render(request, "suggestions/form.html", {"form": form, "suggestion": s})


# --- duplicate warning while drafting -------------------------------------------------------------
def _draft_similar(request, deputy, data, exclude=None):
    """The similar submitted suggestions for the draft text in `data` (title, body, session)."""
    title, body = data.get("title", "")[:200], data.get("body", "")[:20000]
    session = None
    if str(data.get("session", "")).isdigit():
        session = forms.SuggestionForm(author=deputy).fields["session"].queryset.filter(pk=data["session"]).first()
    if len((title + body).strip()) < 4:
        return None
    return services.similar_for_draft(deputy, title=title, body=body, session=session, exclude=exclude)


def _form_with_similar(request, form, deputy, suggestion=None):
    """The no-JS path: "查找相似建议" re-renders the form with what was typed (nothing is saved,
    an attachment must be chosen again) and the similar suggestions under it."""
    form._errors = {}  # a check is not a save: no "required" errors for what is not typed yet
    similar = _draft_similar(request, deputy, request.POST, exclude=suggestion.pk if suggestion else None)
    return render(
        request,
        "suggestions/form.html",
        {"form": form, "suggestion": suggestion, "similar": similar, "checked": True},
    )


@view_scope("own")
@login_required
@require_POST
def similar_check(request):
    """The fragment the draft form's script fetches as the deputy types (static JS, no inline script)."""
    deputy = _my_deputy(request.user)
    exclude = request.POST.get("exclude", "")
    similar = _draft_similar(request, deputy, request.POST, exclude=int(exclude) if exclude.isdigit() else None)
    return render(request, "suggestions/_draft_similar.html", {"similar": similar, "checked": similar is not None})


@view_scope("own")
@login_required
@require_POST
def request_cosign(request):
    """Ask to co-sign a similar submitted suggestion found while drafting. The suggestion is named
    in the form, looked up among what the warning may show (`Suggestion.objects.peers_of`)."""
    deputy = _my_deputy(request.user)
    pk = request.POST.get("suggestion", "")
    s = Suggestion.objects.peers_of(deputy).filter(pk=int(pk)).first() if pk.isdigit() else None
    if s is None:
        raise Http404
    try:
        services.request_cosign(s, request.user)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
        return redirect(safe_next(request, "suggestions:my"))
    messages.success(request, _("已向领衔代表申请附议，对方同意后您将列为附议代表"))
    return redirect("suggestions:detail", s.pk)


# --- one suggestion ------------------------------------------------------------------------------
def _visible(request, pk):
    qs = Suggestion.objects.visible_to(request.user).select_related(
        "author__user", "lead_unit", "session__term", "leader", "meeting", "region"
    )
    return get_object_or_404(qs, pk=pk)


@view_scope("region", pk=Suggestion)
@login_required
def detail(request, pk, bound=None, status=200):
    s = _visible(request, pk)
    ctx = {
        "s": s,
        "buttons": transitions.buttons(MACHINE, s, request.user, bound),
        "can_edit": MACHINE.refusal(s, "edit", request.user) is None,
        "cosigns": s.cosigns.select_related("deputy"),
        "transitions": s.transitions.select_related("actor"),
        "attachments": s.attachments.all(),
        "supplements": s.supplements.select_related("author"),
        "replies": s.replies.select_related("unit"),
        "contacts": s.contacts.select_related("unit"),
        "return_requests": s.return_requests.select_related("unit"),
        "extension_requests": s.extension_requests.select_related("unit"),
        "assisting": s.assisting_units.all(),
        "groups": s.supervision_groups.all(),
        "overdue": s.is_overdue(),
        "is_staff": services.is_staff_for(request.user, s),
        "is_board_user": _is_staff(request.user),
        "return_window_end": services.return_window_end(s),
        **_case_context(request.user, s),
    }
    return render(request, "suggestions/detail.html", ctx, status=status)


# --- merged handling (并案办理) -------------------------------------------------------------------
def _case_context(user, s):
    """The merged case this suggestion is in, its sources and, for staff who may merge now, the
    similar items that can be merged in (suggestions) or attached as sources (opinions, messages)."""
    ctx = {"case_members": [], "sources": [], "merge_candidates": [], "similar_hits": None}
    if s.case_id:
        members = Suggestion.objects.visible_to(user).filter(case_id=s.case_id).select_related("author", "case")
        ctx["case_members"] = sorted(members, key=lambda m: (m.pk != m.case.lead_id, m.pk))  # the lead first
    if services.is_staff_for(user, s):
        ctx["sources"] = _sources(s)
    found = services.merge_candidates(s, user)
    if found is not None:
        ctx["similar_hits"], ctx["merge_candidates"] = found
    return ctx


def _sources(s):
    """The opinions and citizens' messages attached to this suggestion (their apps hold the link)."""
    out = []
    for kind in similar_registry.kinds():
        field = next(
            (f for f in kind.model._meta.get_fields() if getattr(f, "related_model", None) is Suggestion), None
        )
        if kind.model is Suggestion or field is None:
            continue
        for obj in kind.model.objects.filter(**{field.name: s}).order_by("pk"):
            out.append({"kind": kind, "obj": obj, "text": kind.text(obj), "url": kind.url(obj.pk)})
    return out


def _chosen(request, s):
    """The items ticked on the suggestion's page ("suggestion:12", "message:5"), each resolved
    within what the user may see; (records, error)."""
    keys = request.POST.getlist("items") if request.method == "POST" else request.GET.getlist("items")
    wanted = {}
    for key in keys:
        kind_key, _sep, pk = key.partition(":")
        kind = similar_registry.by_key().get(kind_key)
        if kind is None or not pk.isdigit():
            return [], _("请选择要并案或关联的事项")
        wanted.setdefault(kind, set()).add(int(pk))
    if not wanted:
        return [], _("请选择要并案或关联的事项")
    chosen = []
    for kind, ids in wanted.items():
        found = list(kind.model.objects.visible_to(request.user).filter(pk__in=ids).order_by("pk"))
        if len(found) != len(ids):
            return [], _("只能并案或关联本县（区）的事项")
        chosen += [(kind, obj, kind.text(obj)) for obj in found]
    return chosen, ""


@view_scope("region", pk=Suggestion)
@login_required
def merge(request, pk):
    """Merge the chosen similar suggestions into this one and attach the chosen opinions and
    messages as its sources: a confirmation page (GET) and the change (POST)."""
    s = _visible(request, pk)
    if not services.is_staff_for(request.user, s):
        raise PermissionDenied
    chosen, error = _chosen(request, s)
    if error:
        messages.error(request, error)
        return redirect("suggestions:detail", s.pk)
    status = 200
    if request.method == "POST":
        try:
            with transaction.atomic():
                members = [obj for kind, obj, _t in chosen if kind.model is Suggestion]
                if members:
                    services.merge(s, request.user, members)
                for kind, obj, _t in chosen:
                    if kind.model is not Suggestion:
                        kind.attach_to(obj, s, request.user)
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
            status = 400
        else:
            messages.success(request, _("已并案办理，答复后将送达每一件建议的代表和每一个来源"))
            return redirect("suggestions:detail", s.pk)
    return render(request, "suggestions/merge_confirm.html", {"s": s, "chosen": chosen}, status=status)


@view_scope("region", pk=Suggestion)
@login_required
@require_POST
def act(request, pk, action):
    """Every action on a suggestion: dispatched through the table in workflow.py."""
    s = _visible(request, pk)
    ok, form = transitions.act(request, MACHINE, s, action)
    if not ok:
        return detail(request, pk, bound=(action, form) if form is not None else None, status=400)
    return redirect("suggestions:detail", s.pk)


# --- staff --------------------------------------------------------------------------------------
@view_scope("region")
@login_required
def board(request):
    _require_staff(request.user)
    base = Suggestion.objects.visible_to(request.user).exclude(state=State.DRAFT)
    counts = dict(base.values_list("state").annotate(n=Count("id")))
    qs = _list_qs(_filtered(request, base))
    if request.GET.get("format") == "xlsx":
        return _export(_("建议办理台账"), qs)
    states = [(v, label, counts.get(v, 0)) for v, label in State.choices if v != State.DRAFT]
    return render(
        request,
        "suggestions/board.html",
        {
            "page_obj": _page(request, qs),
            "states": states,
            "categories": Category.choices,
            "overdue_count": base.overdue().count(),
            "today": timezone.localdate(),
        },
    )


@view_scope("region")
@login_required
def key_board(request):
    _require_staff(request.user)
    qs = (
        _list_qs(Suggestion.objects.visible_to(request.user).filter(is_key=True))
        .select_related("meeting")
        .prefetch_related(Prefetch("supervision_groups", queryset=SupervisionGroup.objects.select_related("leader")))
    )
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                s.number_label,
                s.title,
                s.leader_label,
                "、".join(g.name for g in s.supervision_groups.all()),
                s.lead_unit.name if s.lead_unit_id else "",
                s.get_state_display(),
                s.deadline or "",
            ]
            for s in qs
        )
        headers = [_("编号"), _("标题"), _("领办领导"), _("督办组"), _("主办单位"), _("状态"), _("答复期限")]
        return xlsx_response(_("重点建议"), headers, rows)
    return render(request, "suggestions/key_board.html", {"items": qs, "today": timezone.localdate()})


def unit_progress_rows(user):
    today = timezone.localdate()
    visible = Suggestion.objects.visible_to(user)
    replied_states = [State.REPLIED, State.EVALUATED, State.CLOSED, State.PUBLISHED]
    units = (
        Unit.objects.visible_to(user)
        .filter(pk__in=visible.filter(lead_unit__isnull=False).values("lead_unit_id"))
        .order_by("name")
    )
    stats = {
        row["lead_unit_id"]: row
        for row in visible.filter(lead_unit__isnull=False)
        .values("lead_unit_id")
        .annotate(
            assigned=Count("id"),
            replied=Count("id", filter=Q(state__in=replied_states)),
            overdue=Count("id", filter=Q(state__in=HANDLING_STATES, deadline__lt=today)),
        )
    }
    evals = {}
    for unit_id, sat, n in (
        Reply.objects.filter(suggestion__in=visible)
        .exclude(satisfaction="")
        .values_list("unit_id", "satisfaction")
        .annotate(n=Count("id"))
    ):
        evals.setdefault(unit_id, {})[sat] = n
    rows = []
    for u in units:
        st = stats.get(u.pk, {})
        ev = evals.get(u.pk, {})
        total = sum(ev.values())

        def pct(n, total=total):
            return round(100 * n / total) if total else None

        rows.append(
            {
                "unit": u,
                "assigned": st.get("assigned", 0),
                "replied": st.get("replied", 0),
                "overdue": st.get("overdue", 0),
                "evaluated": total,
                "satisfied": pct(ev.get(Satisfaction.SATISFIED, 0)),
                "basic": pct(ev.get(Satisfaction.BASIC, 0)),
                "not": pct(ev.get(Satisfaction.NOT, 0)),
            }
        )
    return rows


@view_scope("region")
@login_required
def unit_progress(request):
    _require_staff(request.user)
    rows = unit_progress_rows(request.user)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("承办单位"),
            _("交办件数"),
            _("已答复"),
            _("逾期"),
            _("已测评"),
            _("满意率%"),
            _("基本满意率%"),
            _("不满意率%"),
        ]
        data = (
            [
                r["unit"].name,
                r["assigned"],
                r["replied"],
                r["overdue"],
                r["evaluated"],
                r["satisfied"],
                r["basic"],
                r["not"],
            ]
            for r in rows
        )
        return xlsx_response(_("承办单位办理进度"), headers, data)
    return render(request, "suggestions/unit_progress.html", {"rows": rows})


@view_scope("region")
@login_required
def groups(request):
    _require_staff(request.user)
    qs = (
        SupervisionGroup.objects.visible_to(request.user)
        .select_related("leader")
        .prefetch_related("members", "suggestions__lead_unit", "visits__unit")
    )
    if request.method == "POST":
        group = get_object_or_404(qs, pk=request.POST.get("group"))
        form = forms.VisitForm(request.POST, region_id=group.region_id)
        if form.is_valid():
            group.visits.create(recorded_by=request.user, **form.cleaned_data)
            messages.success(request, _("督办活动已记录"))
            return redirect("suggestions:groups")
        messages.error(request, _("请检查填写的内容"))
    if request.GET.get("format") == "xlsx":
        rows = (
            [g.year, g.name, g.leader_label, "、".join(m.name for m in g.members.all()), g.suggestions.count()]
            for g in qs
        )
        return xlsx_response(_("督办组"), [_("年度"), _("名称"), _("带队领导"), _("成员代表"), _("督办建议数")], rows)
    region = request.user.region_id or "41"
    return render(request, "suggestions/groups.html", {"groups": qs, "visit_form": forms.VisitForm(region_id=region)})


# --- a key suggestion's supervision: its groups and their visits ---------------------------------
@view_scope("region", pk=Suggestion)
@login_required
def supervision(request, pk):
    """From a key suggestion's page: put it under a supervision group, record a group's visit."""
    _require_staff(request.user)
    s = _visible(request, pk)
    if not s.is_key:
        raise Http404
    county_groups = SupervisionGroup.objects.visible_to(request.user).filter(region__code__startswith=s.region_id[:6])
    mine = s.supervision_groups.select_related("leader").prefetch_related("members")
    supervise_form = forms.SuperviseForm(groups=county_groups.exclude(pk__in=mine.values("pk")))
    visit_form = forms.SuggestionVisitForm(
        groups=mine, region_id=s.region_id, initial={"unit": s.lead_unit_id, "group": mine.first()}
    )
    if request.method == "POST":
        if not services.is_staff_for(request.user, s):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "supervise":
                supervise_form = forms.SuperviseForm(request.POST, groups=supervise_form.fields["group"].queryset)
                if supervise_form.is_valid():
                    services.put_under_group(s, request.user, supervise_form.cleaned_data["group"])
                    messages.success(request, _("已交督办组督办"))
                    return redirect("suggestions:supervision", s.pk)
            elif action == "visit":
                visit_form = forms.SuggestionVisitForm(request.POST, groups=mine, region_id=s.region_id)
                if visit_form.is_valid():
                    services.record_supervision_visit(s, request.user, **visit_form.cleaned_data)
                    messages.success(request, _("督办活动已记录"))
                    return redirect("suggestions:supervision", s.pk)
            else:
                raise Http404
        except ValidationError as e:
            form = supervise_form if action == "supervise" else visit_form
            form.add_error(None, e)
    ctx = {
        "s": s,
        "groups": mine,
        "visits": s.supervision_visits.select_related("group", "unit", "recorded_by"),
        "supervise_form": supervise_form,
        "visit_form": visit_form,
        "can_edit": services.is_staff_for(request.user, s),
    }
    return render(request, "suggestions/supervision.html", ctx)


# --- unit ---------------------------------------------------------------------------------------
@view_scope("own")
@login_required
def unit_list(request):
    user = request.user
    if not user.unit_id:
        raise PermissionDenied
    base = Suggestion.objects.visible_to(user).of_unit(user.unit_id).exclude(state=State.DRAFT)
    qs = _list_qs(_filtered(request, base))
    if request.GET.get("format") == "xlsx":
        return _export(_("交办建议"), qs)
    return render(
        request,
        "suggestions/unit_list.html",
        {"page_obj": _page(request, qs), "unit": user.unit, "states": [(v, lbl, None) for v, lbl in State.choices]},
    )


# --- public -------------------------------------------------------------------------------------
@view_scope("public")
def public_list(request):
    qs = Suggestion.objects.public().select_related("author", "session__term", "lead_unit").order_by("-id")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(title__contains=q)
    return render(request, "suggestions/public_list.html", {"page_obj": _page(request, qs)})


@view_scope("public")
def public_detail(request, pk):
    s = get_object_or_404(Suggestion.objects.public().select_related("author", "session__term", "lead_unit"), pk=pk)
    return render(request, "suggestions/public_detail.html", {"s": s, "replies": s.replies.select_related("unit")})
