"""What each app contributes to the shared pages, declared on its AppConfig and collected here.

    class DeputiesConfig(AppConfig):
        nav = [NavItem("deputies", _("代表名册"), "deputies:list", "people", roles=STAFF, order=10)]
        panels = [Panel("deputies-pending", "staff", "deputies/panels/pending.html",
                        "deputies.panels.pending", order=20, roles=STAFF)]
        record_sections = [RecordSection("…", _("…"), "citizen_messages.selectors.record_provider",
                                         "citizen_messages/record_section.html", order=40)]

- `nav`: the header menu and the workbench / deputy-home tiles (renda_portal/navigation.py);
- `panels`: boxes on the home pages (renda_portal/panels.py);
- `record_sections`: sections of a deputy's performance record (履职档案, deputies' record page and
  points), so an app to the left in the dependency order shows what an app to its right contributes
  without importing it;
- `dashboard_sections`: sections of the statistics dashboard (reports app, docs/reports.md): the
  reports app reads what each app declares and never imports a sibling's internals.

        dashboard_sections = [DashboardSection("collaboration", _("跨区域协作"),
                                               "collaboration.stats.dashboard_figures", order=80)]

Callables are named by dotted path and imported on first use, so an apps.py never imports models.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    icon: str = "circle"
    roles: tuple[str, ...] = ()  # empty: every logged-in user
    section: str = "staff"  # staff | deputy | public
    order: int = 100
    description: str = ""
    kwargs: dict = field(default_factory=dict)
    # False: a tile on the home page only (e.g. the reminders, which the header shows as a bell).
    in_menu: bool = True

    def url(self) -> str:
        try:
            return reverse(self.url_name, kwargs=self.kwargs or None)
        except NoReverseMatch:
            return ""

    def allowed(self, user) -> bool:
        if not user.is_authenticated:
            return self.section == "public"
        return not self.roles or user.is_superuser or user.has_role(*self.roles)


def _resolve(target) -> Callable:
    return import_string(target) if isinstance(target, str) else target


@dataclass(frozen=True)
class Panel:
    """`context(request)` returns a dict for the template, or None to hide the panel. Keep it to a
    few queries: the home page renders every panel the user may see."""

    key: str
    section: str  # "staff" | "deputy"
    template: str
    context: Callable | str
    order: int = 100
    roles: tuple[str, ...] = ()  # empty: every user who sees the section

    def get_context(self, request):
        return _resolve(self.context)(request)


@dataclass(frozen=True)
class RecordSection:
    """`provider(deputy, year)` returns a context dict for `template` (or None to hide the section),
    and may return "points": a list of (label, count) pairs the points computation adds up."""

    key: str
    title: str
    provider: Callable | str
    template: str
    order: int = 100

    def get_context(self, deputy, year):
        return _resolve(self.provider)(deputy, year)


@dataclass(frozen=True)
class DashboardSection:
    """`provider(scope)` returns the section's figures for the dashboard: a list of
    `core.dashboard.Measure` (a count or sum over a queryset, compared county by county),
    `Value` (a number the section computed), `Breakdown` (a count grouped by a field, drawn as a
    chart) and `Table` (rows grouped by a field, a column per aggregate). `scope` carries
    `user`, `region` (the region looked at), `period` (start, end) and `scoped(Model)`: the model's
    records visible to the user inside the region. Build querysets only; the reports app runs
    them as aggregate queries (one per figure, one per figure for the county comparison)."""

    key: str
    title: str
    provider: Callable | str
    order: int = 100

    def get_figures(self, scope):
        return _resolve(self.provider)(scope)


@cache
def declared(attribute: str) -> tuple:
    """Every app's `attribute` list, in INSTALLED_APPS order, sorted by (order, key). Computed once
    after the app registry is ready (the lists are class attributes, fixed at start-up)."""
    apps.check_apps_ready()
    found = {}
    for config in apps.get_app_configs():
        for item in getattr(config, attribute, ()):
            found[item.key] = item
    return tuple(sorted(found.values(), key=lambda i: (i.order, i.key)))


def nav_items() -> tuple[NavItem, ...]:
    return declared("nav")


def panels() -> tuple[Panel, ...]:
    return declared("panels")


def record_sections() -> tuple[RecordSection, ...]:
    return declared("record_sections")


def dashboard_sections() -> tuple[DashboardSection, ...]:
    return declared("dashboard_sections")
