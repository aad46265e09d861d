"""Navigation by role, from the `nav` lists the apps declare on their AppConfig (core.registry).

The header menu and the workbench / deputy-home tiles are built from this one list, filtered by the
user's roles, so a later app appears in both places by declaring its entry once.
"""

from accounts.roles import WORKBENCH_ROLES, Role
from core.registry import NavItem, nav_items

# Who may open the home page of each section. A section's entries are offered only to them, so an
# entry declared without roles never puts a link to a page that answers 403 into someone's header.
SECTION_ROLES = {"staff": WORKBENCH_ROLES, "deputy": (Role.DEPUTY,), "partner": (Role.PARTNER_LIAISON,)}


def _may_open(user, section: str) -> bool:
    roles = SECTION_ROLES.get(section)
    return not roles or not user.is_authenticated or user.is_superuser or user.has_role(*roles)


def items_for(user, section: str | None = None) -> list[NavItem]:
    return [
        i
        for i in nav_items()
        if (section is None or i.section == section) and _may_open(user, i.section) and i.allowed(user)
    ]


def menu_for(user) -> list[NavItem]:
    """The header's "功能" menu: the user's staff entries, else their deputy entries, else a partner
    liaison's, without the tiles that are not menu entries (so the menu is never shown empty)."""
    items = items_for(user, "staff") or items_for(user, "deputy") or items_for(user, "partner")
    return [i for i in items if i.in_menu]
