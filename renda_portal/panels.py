"""Panels on the home pages (staff workbench, deputy home), from the `panels` lists the apps
declare on their AppConfig (core.registry)."""

from django.template.loader import render_to_string

from core.registry import panels


def render_panels(request, section: str) -> list[str]:
    user = request.user
    html = []
    for panel in panels():
        if panel.section != section:
            continue
        if panel.roles and not (user.is_superuser or user.has_role(*panel.roles)):
            continue
        ctx = panel.get_context(request)
        if ctx is None:
            continue
        html.append(render_to_string(panel.template, ctx, request=request))
    return html
