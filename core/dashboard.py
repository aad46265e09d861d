"""What an app declares for the statistics dashboard (core.registry.DashboardSection): the value
classes its provider returns, and the scope it receives. They live in core so that any app, on
either side of `reports` in the dependency order, can declare figures without importing reports;
`reports.figures` runs them as aggregate queries.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from accounts.scoping import visible


@dataclass
class Measure:
    """One number: `aggregate` (default: the count of rows) over `queryset`."""

    key: str
    label: str
    queryset: object
    url: str = ""
    aggregate: object = None
    compare: bool = True  # shown in the county comparison table

    def expression(self):
        return self.aggregate if self.aggregate is not None else Count("pk")


@dataclass
class Value:
    """A number computed by the section itself (a median, a rate), shown but not compared."""

    key: str
    label: str
    value: object
    url: str = ""
    suffix: str = ""


@dataclass
class Breakdown:
    """Rows of `queryset` counted by `field` (a field name or an expression); `labels` maps a value
    to its text, `link(value)` to the list of the records behind it. Drawn as a chart."""

    key: str
    label: str
    queryset: object
    field: object
    labels: dict = field(default_factory=dict)
    link: object = None  # callable(value) -> url
    chart: str = "bar"  # bar | line
    limit: int = 0  # keep the largest N rows (0: all, in the order of the values)
    format: object = None  # callable(value) -> label when `labels` has no entry


@dataclass
class Table:
    """Rows of `queryset` grouped by `group`, one column per (label, aggregate) of `columns`, plus
    percentage columns (label, index of the numerator, index of the denominator) in `rates`."""

    key: str
    label: str
    queryset: object
    group: str
    group_label: str
    columns: list
    rates: list = field(default_factory=list)
    link: object = None  # callable(group value) -> url
    limit: int = 30


@dataclass
class Scope:
    user: object
    region: object  # accounts.models.Region
    period: object
    counties: bool = False  # a province compares all its counties instead of its cities

    def scoped(self, model):
        """The records of `model` the user may see, inside the region looked at."""
        return visible(model, self.user).in_branch(self.region.code)


def link(url_name: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    url = reverse(url_name)
    return f"{url}?{urlencode(params)}" if params else url


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else None
