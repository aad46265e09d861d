"""The yearly per-deputy performance report (for re-nomination and reporting to voters): the
figures of every current deputy of a region, computed with one GROUP BY query per kind of record
for all deputies at once (never a query per deputy)."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.scoping import visible
from citizen_messages.models import Message
from deputies.models import (
    ActivityKind,
    ActivityParticipant,
    ActivityStatus,
    AttendanceStatus,
    Deputy,
    SessionAttendance,
)
from liaison_stations.models import Duty
from suggestions.models import State, Suggestion

# A printout of more pages than this is a request for another tool (the roster export).
MAX_DEPUTIES = 2000


def _grouped(qs, key: str, **aggregates) -> dict:
    return {row[key]: row for row in qs.order_by().values(key).annotate(**aggregates)}


def pages(user, region, year: int) -> list[dict]:
    end = min(datetime.date(year, 12, 31), datetime.date.today())
    deputies = list(
        visible(Deputy, user)
        .in_branch(region.code)
        .current(end)
        .select_related("region")
        .order_by("name_pinyin", "pk")[:MAX_DEPUTIES]
    )
    ids = [d.pk for d in deputies]
    parts = (
        visible(ActivityParticipant, user)
        .filter(deputy_id__in=ids, activity__date__year=year)
        .exclude(activity__status=ActivityStatus.RETURNED)
    )
    by_kind = defaultdict(dict)
    for row in parts.order_by().values("deputy_id", "activity__kind").annotate(n=Count("pk")):
        by_kind[row["deputy_id"]][row["activity__kind"]] = row["n"]
    duties = _grouped(
        visible(Duty, user).filter(deputy_id__in=ids, date__year=year, date__lte=end),
        "deputy_id",
        total=Count("pk"),
        kept=Count("pk", filter=Q(attended=True)),
    )
    messages = _grouped(
        visible(Message, user).filter(deputy_id__in=ids, created_at__year=year),
        "deputy_id",
        total=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
    )
    attendance = _grouped(
        visible(SessionAttendance, user).filter(deputy_id__in=ids, session__start_date__year=year),
        "deputy_id",
        total=Count("pk"),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
    )
    suggestions = _grouped(
        visible(Suggestion, user).filter(author_id__in=ids, submitted_at__year=year).exclude(state=State.DRAFT),
        "author_id",
        total=Count("pk"),
    )
    kinds = dict(ActivityKind.choices)
    out = []
    for d in deputies:
        acts = by_kind.get(d.pk, {})
        duty = duties.get(d.pk, {})
        msg = messages.get(d.pk, {})
        seat = attendance.get(d.pk, {})
        detail = "、".join(f"{kinds.get(k, k)}{n}" for k, n in sorted(acts.items(), key=lambda kv: -kv[1])) or "—"
        out.append(
            {
                "name": d.name,
                "about": [
                    (_("姓名"), d.name),
                    (_("选举单位（区划）"), d.region.name),
                    (_("工作单位及职务"), f"{d.work_unit}{d.post}" or "—"),
                ],
                "figures": [
                    (_("参加履职活动（次）"), str(sum(acts.values()))),
                    (_("其中"), detail),
                    (_("出席人代会：出席 / 应出席"), f"{seat.get('present', 0)} / {seat.get('total', 0)}"),
                    (_("联络站值班：到岗 / 安排"), f"{duty.get('kept', 0)} / {duty.get('total', 0)}"),
                    (_("群众留言：已回复 / 收到"), f"{msg.get('answered', 0)} / {msg.get('total', 0)}"),
                    (_("领衔提出建议（件）"), str(suggestions.get(d.pk, {}).get("total", 0))),
                ],
            }
        )
    return out
