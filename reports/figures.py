"""The dashboard's figures: what a section declares, and the aggregate queries that compute it.

A section (declared on an AppConfig as `core.registry.DashboardSection`) returns querysets wrapped
in `Measure` / `Breakdown`; nothing here iterates over records. Each measure is one aggregate query
for the region looked at, plus one GROUP BY query over the first digits of the region code for the
side-by-side comparison of its counties (the region code is the primary key and every branch
filter is an indexed prefix match, see docs/architecture.md). So the number of queries depends on
the number of figures, never on the number of records or of counties.
"""

from django.db.models import Count, F, Q
from django.db.models.functions import Substr

from accounts.models import Region
from core.dashboard import Breakdown, Measure, Table, Value, rate


def _number(value):
    if value is None:
        return 0
    return int(value) if float(value).is_integer() else round(float(value), 1)


def region_path(queryset) -> str:
    return queryset.region_path


def evaluate(items) -> dict:
    """The section's figures and breakdowns as plain data (cached as is)."""
    figures, breakdowns, tables = [], [], []
    for item in items:
        if isinstance(item, Measure):
            value = item.queryset.aggregate(v=item.expression())["v"]
            figures.append({"key": item.key, "label": str(item.label), "value": _number(value), "url": item.url})
        elif isinstance(item, Value):
            figures.append(
                {"key": item.key, "label": str(item.label), "value": item.value, "url": item.url, "suffix": item.suffix}
            )
        elif isinstance(item, Breakdown):
            breakdowns.append(_breakdown(item))
        elif isinstance(item, Table):
            tables.append(_table(item))
    return {"figures": figures, "breakdowns": breakdowns, "tables": tables}


def _table(item: Table) -> dict:
    aggregates = {f"c{i}": agg for i, (_label, agg) in enumerate(item.columns)}
    qs = item.queryset.order_by().values(k=F(item.group)).annotate(**aggregates).order_by("-c0", "k")[: item.limit]
    rows = []
    for row in qs:
        values = [_number(row[f"c{i}"]) for i in range(len(item.columns))]
        rates = [rate(values[num], values[den]) for _label, num, den in item.rates]
        rows.append(
            {
                "label": str(row["k"] if row["k"] not in (None, "") else "—"),
                "values": values + rates,
                "url": item.link(row["k"]) if item.link else "",
            }
        )
    header = [str(item.group_label), *(str(c[0]) for c in item.columns), *(str(r[0]) for r in item.rates)]
    return {"key": item.key, "label": str(item.label), "header": header, "rows": rows}


def _breakdown(item: Breakdown) -> dict:
    qs = item.queryset.order_by().values(k=F(item.field) if isinstance(item.field, str) else item.field)
    qs = qs.annotate(n=Count("pk"))
    qs = qs.order_by("-n", "k")[: item.limit] if item.limit else qs.order_by("k")
    rows = []
    for row in qs:
        value = row["k"]
        text = item.labels.get(value) or (item.format(value) if item.format else value)
        rows.append(
            {
                "label": str(text if text not in (None, "") else "—"),
                "value": row["n"],
                "url": item.link(value) if item.link and value not in (None, "") else "",
            }
        )
    return {"key": item.key, "label": str(item.label), "rows": rows, "chart": item.chart}


def child_regions(region: Region, counties: bool = False) -> list[Region]:
    """The regions compared side by side: a province's cities (or, with `counties`, all its
    counties), a city's counties; none below a county."""
    if len(region.code) >= 6:
        return []
    if counties:
        return list(Region.objects.filter(code__startswith=region.code, kind="county").order_by("code"))
    return list(Region.objects.filter(parent=region).order_by("code"))


def compare(items, children: list[Region]) -> list[dict]:
    """For each comparable measure, its value in each child region: one GROUP BY query per measure
    on the leading digits of the region code."""
    if not children:
        return []
    width = len(children[0].code)
    codes = [c.code for c in children]
    columns = []
    for item in items:
        if not isinstance(item, Measure) or not item.compare:
            continue
        path = region_path(item.queryset)
        grouped = (
            item.queryset.order_by()
            .annotate(_unit=Substr(path, 1, width))
            .filter(Q(_unit__in=codes))
            .values("_unit")
            .annotate(v=item.expression())
        )
        by_code = {row["_unit"]: _number(row["v"]) for row in grouped}
        columns.append({"key": item.key, "label": str(item.label), "values": [by_code.get(c, 0) for c in codes]})
    return columns
