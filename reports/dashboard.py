"""The dashboard as data: every declared section evaluated for a user, a region and a period,
with the side-by-side comparison of the region's cities or counties; cached with its "as of" time."""

from django.conf import settings
from django.utils import timezone, translation

from accounts.models import Region
from accounts.roles import branch_viewers
from core.copies import remembered
from core.dashboard import Scope
from core.regions import place_name
from core.registry import dashboard_sections

from . import periods
from .figures import child_regions, compare, evaluate

# Figures are recomputed at most this often (a visible "as of" time says how old they are). The ones
# `warm` recomputes every 10 minutes live a little longer, so that they are never found missing.
CACHE_SECONDS = 600
WARMED_SECONDS = 900


def _viewer(user) -> str:
    """Whose figures these are. Region staff who are no deputy and belong to no unit see exactly their
    branch (accounts.models.ScopedQuerySet.visible_to), so they share one entry per region; anyone
    else (a superuser, a deputy, a unit's staff) has their own."""
    if not user.is_superuser and user.region_id and user.is_region_staff and not user.is_deputy and not user.unit_id:
        return f"branch-{user.region_id}"
    return f"user-{user.pk}"


def _cache_key(scope: Scope) -> str:
    # visible_to depends on the viewer; the labels on the language.
    parts = (_viewer(scope.user), scope.region.code, scope.period.key, scope.counties, translation.get_language())
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
        # Names in the language of the request (the key includes it): the table, the chart and the export.
        "children": [{"code": c.code, "name": place_name(c.name)} for c in children],
    }


def dashboard(scope: Scope, refresh: bool = False, seconds: int = CACHE_SECONDS) -> dict:
    """Cached, and kept in the database for a cache that lost it (core/copies.py)."""
    return remembered(_cache_key(scope), lambda: compute(scope), seconds=seconds, refresh=refresh)


def warm(today=None) -> int:
    """Recompute the dashboards staff open first, their own region for this year and this month, for
    every region that has region staff, before the cached ones expire: at 1,000,000 messages and
    activities a recomputation takes seconds, and nobody should wait for it (docs/performance.md).
    Returns the number of dashboards computed."""
    today = today or timezone.localdate()
    done = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in branch_viewers():
            region = Region.objects.get(code=user.region_id)
            for period in (periods.parse({}, today=today), periods.month(today.year, today.month)):
                dashboard(Scope(user, region, period, False), refresh=True, seconds=WARMED_SECONDS)
                done += 1
    return done


def figures_by_key(data: dict) -> dict:
    """Every figure's value by its key, for the bulletin draft."""
    return {f["key"]: f["value"] for s in data["sections"] for f in s["figures"]}


def comparison_table(data: dict) -> tuple[list, list]:
    """The counties side by side: header and rows (a row per child region, a column per figure)."""
    columns = [c for s in data["sections"] for c in s["compare"]]
    header = [c["label"] for c in columns]
    rows = [[child["name"], *(c["values"][i] for c in columns)] for i, child in enumerate(data["children"])]
    return header, rows
