"""The dashboard sections of the apps reports depends on, declared in reports/apps.py.

Each function builds querysets through `scope.scoped(Model)` (visible_to + the region looked at)
and the period, and links every figure to the existing list page with the filters it has. An app
that comes after reports in the dependency order (collaboration) declares its own section on its
AppConfig instead (core.registry.DashboardSection), so reports never imports it.
"""

import datetime

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, FloatField, Func, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from citizen_messages.models import Message, Rating
from citizen_messages.models import Status as MessageStatus
from citizen_messages.selectors import Median
from core.dashboard import Breakdown, Measure, Table, Value, link, rate
from deputies.models import Activity, ActivityKind, ActivityParticipant, ActivityStatus, Deputy, Mandate
from liaison_stations.models import Duty, Opinion, OpinionState, Place, Reception
from livelihood.models import Milestone, Project, Review
from suggestions.models import HANDLING_STATES, REPLIED_STATES, Reply, Satisfaction, State, Suggestion

SATISFIED = {Satisfaction.SATISFIED, Satisfaction.BASIC}


def _in_period(field: str, period) -> dict:
    """A filter on a date or datetime field: the period's days, both ends included. A datetime is
    compared with the bounds of those days in the current time zone (`created_at >= … AND < …`), which
    an index on the column serves; `__date__range` would convert every row's value first."""
    if not field.endswith("_at"):
        return {f"{field}__range": (period.start, period.end)}
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return {f"{field}__gte": start, f"{field}__lt": end}


def _month_label(value) -> str:
    return f"{value.year}-{value.month:02d}" if value else "—"


def deputies(scope):
    end = min(scope.period.end, timezone.localdate())
    code = scope.region.code
    return [
        Measure("deputies", _("现任代表"), scope.scoped(Deputy).current(end), link("deputies:list", region=code)),
        Measure("mandates", _("有效代表资格"), scope.scoped(Mandate).current(end), link("deputies:list", region=code)),
    ]


def _activities_link(scope, **extra):
    p = scope.period
    return link(
        "deputies:activities",
        region=scope.region.code if len(scope.region.code) >= 6 else "",
        date_from=p.start.isoformat(),
        date_to=p.end.isoformat(),
        **extra,
    )


def _month_link(scope, value):
    if not value:
        return ""
    day = value.date() if isinstance(value, datetime.datetime) else value
    last = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    region = scope.region.code if len(scope.region.code) >= 6 else ""
    return link("deputies:activities", region=region, date_from=day.isoformat(), date_to=last.isoformat())


def activities(scope):
    acts = scope.scoped(Activity).exclude(status=ActivityStatus.RETURNED).filter(**_in_period("date", scope.period))
    # Through the join, not `activity IN (the activities above)`: that subquery repeated their filters
    # and made PostgreSQL hash all 1,000,000 activities twice (2 s).
    people = (
        scope.scoped(ActivityParticipant)
        .exclude(activity__status=ActivityStatus.RETURNED)
        .filter(activity__date__range=(scope.period.start, scope.period.end))
    )
    return [
        Measure("activities", _("履职活动"), acts, _activities_link(scope)),
        Measure(
            "activities_verified",
            _("其中已审核"),
            acts.filter(status=ActivityStatus.VERIFIED),
            _activities_link(scope, status=ActivityStatus.VERIFIED),
        ),
        Measure("participations", _("代表参加人次"), people, _activities_link(scope)),
        Breakdown(
            "activities_by_kind",
            _("履职活动（按类型）"),
            acts,
            "kind",
            dict(ActivityKind.choices),
            lambda v: _activities_link(scope, kind=v),
        ),
        Breakdown(
            "activities_by_month",
            _("履职活动（按月）"),
            acts,
            TruncMonth("date"),
            link=lambda v: _month_link(scope, v),
            chart="line",
            format=_month_label,
        ),
    ]


def opinions(scope):
    qs = scope.scoped(Opinion).filter(**_in_period("created_at", scope.period))
    return [
        Measure("opinions", _("收集意见建议"), qs, link("liaison_stations:opinions")),
        Measure(
            "opinions_closed",
            _("已办结"),
            qs.filter(state=OpinionState.CLOSED),
            link("liaison_stations:opinions", state=OpinionState.CLOSED),
        ),
        Breakdown(
            "opinions_by_state",
            _("意见建议（按状态）"),
            qs,
            "state",
            dict(OpinionState.choices),
            lambda v: link("liaison_stations:opinions", state=v),
        ),
    ]


def median_days(messages) -> float | None:
    """Median days from a message to the deputy's answer, computed in the database: count the
    answered messages, then read the middle one or two by their answer delay (sorted by the DB)."""
    answered = messages.filter(answered_at__isnull=False)
    if connection.vendor == "postgresql":
        # One ordered-set aggregate: the database sorts, and neither the count nor the middle rows
        # come back (the two queries below took 1.2 s at 1,000,000 messages).
        seconds = Func(
            ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField()),
            template="EXTRACT(EPOCH FROM %(expressions)s)",
            output_field=FloatField(),
        )
        value = answered.aggregate(m=Median(seconds))["m"]
        return None if value is None else round(value / 86400, 1)
    n = answered.count()
    if not n:
        return None
    delay = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    middle = list(
        answered.annotate(delay=delay).order_by("delay").values_list("delay", flat=True)[(n - 1) // 2 : n // 2 + 1]
    )
    seconds = sum(d.total_seconds() for d in middle) / len(middle)
    return round(seconds / 86400, 1)


def messages(scope):
    received = (
        scope.scoped(Message).exclude(status=MessageStatus.HIDDEN).filter(**_in_period("created_at", scope.period))
    )
    answered = received.filter(answered_at__isnull=False)
    rated = received.exclude(rating="")
    counts = rated.aggregate(all=Count("pk"), good=Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])))
    return [
        Measure("messages", _("收到群众留言"), received, link("citizen_messages:staff_list")),
        Measure(
            "messages_answered",
            _("代表已回复"),
            answered,
            link("citizen_messages:staff_list", status=MessageStatus.ANSWERED),
        ),
        Value("messages_median_days", _("回复用时中位数（天）"), median_days(received), link("citizen_messages:stats")),
        Value(
            "messages_satisfaction",
            _("群众评价满意率"),
            rate(counts["good"], counts["all"]),
            link("citizen_messages:staff_list", status=MessageStatus.CLOSED),
            "%",
        ),
    ]


def suggestions(scope):
    today = timezone.localdate()
    qs = scope.scoped(Suggestion).exclude(state=State.DRAFT).filter(**_in_period("submitted_at", scope.period))
    replies = scope.scoped(Reply).filter(**_in_period("evaluated_at", scope.period)).exclude(satisfaction="")
    counts = replies.aggregate(all=Count("pk"), good=Count("pk", filter=Q(satisfaction__in=SATISFIED)))
    return [
        Measure("suggestions", _("提出代表建议"), qs, link("suggestions:board")),
        Measure(
            "suggestions_overdue",
            _("逾期未答复"),
            scope.scoped(Suggestion).overdue(),
            link("suggestions:board", overdue=1),
        ),
        Measure("suggestions_key", _("重点建议"), qs.filter(is_key=True), link("suggestions:board", key=1)),
        Value(
            "suggestions_satisfaction",
            _("代表测评满意率"),
            rate(counts["good"], counts["all"]),
            link("suggestions:units"),
            "%",
        ),
        Breakdown(
            "suggestions_by_state",
            _("代表建议（按状态）"),
            qs,
            "state",
            dict(State.choices),
            lambda v: link("suggestions:board", state=v),
        ),
        Table(
            "suggestions_by_unit",
            _("各主办单位办理情况"),
            qs.filter(lead_unit__isnull=False),
            "lead_unit__name",
            _("主办单位"),
            [
                (_("交办"), Count("pk", distinct=True)),
                (_("已答复"), Count("pk", filter=Q(state__in=REPLIED_STATES), distinct=True)),
                (_("逾期"), Count("pk", filter=Q(state__in=HANDLING_STATES, deadline__lt=today), distinct=True)),
                (_("已测评"), Count("replies", filter=~Q(replies__satisfaction=""), distinct=True)),
                (_("满意或基本满意"), Count("replies", filter=Q(replies__satisfaction__in=SATISFIED), distinct=True)),
            ],
            rates=[(_("满意率（%）"), 4, 3)],
            link=lambda v: link("suggestions:units"),
        ),
    ]


def livelihood(scope):
    p = scope.period
    today = timezone.localdate()
    projects = scope.scoped(Project).filter(year__range=(p.start.year, p.end.year))
    due = scope.scoped(Review).filter(due_date__range=(p.start, min(p.end, today)))
    year = p.start.year if p.start.year == p.end.year else ""
    milestones = scope.scoped(Milestone).filter(project__in=projects.values("pk"))
    return [
        Measure("projects", _("民生实事项目"), projects, link("livelihood:projects", year=year)),
        Measure(
            "projects_done",
            _("已完成项目"),
            projects.filter(completed_on__isnull=False),
            link("livelihood:projects", year=year),
        ),
        Measure("milestones", _("项目节点"), milestones, link("livelihood:projects", year=year)),
        Measure(
            "milestones_reached",
            _("已完成节点"),
            milestones.filter(actual_date__isnull=False),
            link("livelihood:projects", year=year),
        ),
        Measure("reviews_due", _("应审议（三个一）"), due, link("livelihood:calendar")),
        Measure("reviews_held", _("已审议"), due.filter(held_on__isnull=False), link("livelihood:calendar")),
    ]


def stations(scope):
    p = scope.period
    today = timezone.localdate()
    duties = scope.scoped(Duty).filter(date__range=(p.start, min(p.end, today - datetime.timedelta(days=1))))
    receptions = scope.scoped(Reception).filter(**_in_period("date", p))
    return [
        Measure("places", _("站点"), scope.scoped(Place).filter(is_active=True), link("liaison_stations:places")),
        Measure("duties", _("已到期值班"), duties, link("liaison_stations:attention")),
        Measure("duties_kept", _("到岗值班"), duties.filter(attended=True), link("liaison_stations:attention")),
        Measure("receptions", _("接待记录"), receptions, link("liaison_stations:places")),
        Measure(
            "citizens_received",
            _("接待群众人次"),
            receptions,
            link("liaison_stations:places"),
            aggregate=Sum("citizens_count"),
        ),
    ]
