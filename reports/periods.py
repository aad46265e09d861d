"""The period a dashboard or a bulletin covers: a month, a quarter, a year or a congress term."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("month", "quarter", "year", "term")


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date
    label: str
    params: tuple  # the query-string parameters that select it again

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start.isoformat()}:{self.end.isoformat()}"

    def query(self) -> dict:
        return dict(self.params)


def _int(value, default, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(
        "month",
        datetime.date(year, number, 1),
        datetime.date(year, number, last),
        _("%(y)d年%(m)d月") % {"y": year, "m": number},
        (("period", "month"), ("year", year), ("month", number)),
    )


def parse(data, terms=(), today=None) -> Period:
    """The period named by GET parameters (period=month|quarter|year|term, year, month, quarter,
    term); anything missing or out of range falls back to the current one. `terms` are the terms
    the user may choose (a queryset through visible_to)."""
    today = today or timezone.localdate()
    kind = data.get("period") if data.get("period") in KINDS else "year"
    year = _int(data.get("year"), today.year, 1949, 2100)
    if kind == "month":
        return month(year, _int(data.get("month"), today.month, 1, 12))
    if kind == "quarter":
        q = _int(data.get("quarter"), (today.month - 1) // 3 + 1, 1, 4)
        end_month = q * 3
        return Period(
            "quarter",
            datetime.date(year, end_month - 2, 1),
            datetime.date(year, end_month, calendar.monthrange(year, end_month)[1]),
            _("%(y)d年第%(q)d季度") % {"y": year, "q": q},
            (("period", "quarter"), ("year", year), ("quarter", q)),
        )
    if kind == "term":
        term = None
        wanted = str(data.get("term") or "")
        for t in terms:
            if term is None or str(t.pk) == wanted:
                term = t
            if str(t.pk) == wanted:
                break
        if term is not None:
            return Period(
                "term",
                term.start_date,
                term.end_date or today,
                str(term),
                (("period", "term"), ("term", term.pk)),
            )
    return Period(
        "year",
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 31),
        _("%(y)d年") % {"y": year},
        (("period", "year"), ("year", year)),
    )
