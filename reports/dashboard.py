"""The dashboard as data: every declared section evaluated for a user, a region and a period,
with the side-by-side comparison of the region's cities or counties; cached with its "as of" time."""

from django.core.cache import cache
from django.utils import timezone, translation

from core.dashboard import Scope
from core.registry import dashboard_sections

from .figures import child_regions, compare, evaluate

# Figures are recomputed at most this often (a visible "as of" time says how old they are).
CACHE_SECONDS = 600


def _cache_key(scope: Scope) -> str:
    # visible_to depends on the user; the labels on the language.
    parts = (scope.user.pk, scope.region.code, scope.period.key, scope.counties, translation.get_language())
    return "reports:dashboard:" + ":".join(map(str, parts))


def compute(scope: Scope) -> dict:
    children = child_regions(scope.region, scope.counties)
    sections = []
    for section in dashboard_sections():
        items = section.get_figures(scope) or []
        data = evaluate(items)
        data.update(key=section.key, title=str(section.title), compare=compare(items, children))
        sections.append(data)
    return {
        "as_of": timezone.now(),
        "sections": sections,
        "children": [{"code": c.code, "name": c.name} for c in children],
    }


def dashboard(scope: Scope, refresh: bool = False) -> dict:
    key = _cache_key(scope)
    data = None if refresh else cache.get(key)
    if data is None:
        data = compute(scope)
        cache.set(key, data, CACHE_SECONDS)
    return data


def figures_by_key(data: dict) -> dict:
    """Every figure's value by its key, for the bulletin draft."""
    return {f["key"]: f["value"] for s in data["sections"] for f in s["figures"]}


def comparison_table(data: dict) -> tuple[list, list]:
    """The counties side by side: header and rows (a row per child region, a column per figure)."""
    columns = [c for s in data["sections"] for c in s["compare"]]
    header = [c["label"] for c in columns]
    rows = [[child["name"], *(c["values"][i] for c in columns)] for i, child in enumerate(data["children"])]
    return header, rows
