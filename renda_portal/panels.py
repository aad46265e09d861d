"""Panels on the home pages (staff workbench, deputy home), contributed by the apps.

An app registers a panel in its AppConfig.ready():

    from renda_portal.panels import Panel, register
    register(Panel("my-duties", section="deputy", template="liaison_stations/panels/my_duties.html",
                   context=my_duties_context, order=10, roles=(Role.DEPUTY,)))

`context(request)` returns a dict for the template, or None to hide the panel. Keep it to a few
queries: the home page renders every panel the user may see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    key: str
    section: str  # "staff" | "deputy"
    template: str
    context: Callable
    order: int = 100
    roles: tuple[str, ...] = ()  # empty: every user who sees the section


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def render_panels(request, section: str) -> list[str]:
    user = request.user
    html = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if panel.section != section:
            continue
        if panel.roles and not (user.is_superuser or user.has_role(*panel.roles)):
            continue
        ctx = panel.context(request)
        if ctx is None:
            continue
        html.append(render_to_string(panel.template, ctx, request=request))
    return html
