"""Navigation by role. Each app registers its entries in its AppConfig.ready():

    from renda_portal.navigation import NavItem, register
    register(NavItem("deputies", _("代表名册"), "deputies:list", "people", roles=STAFF))

The header menu and the workbench cards are built from this one list, filtered by the user's
roles, so a later app appears in both places by registering once.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


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

    def url(self) -> str:
        try:
            return reverse(self.url_name, kwargs=self.kwargs or None)
        except NoReverseMatch:
            return ""

    def allowed(self, user) -> bool:
        if not user.is_authenticated:
            return self.section == "public"
        return not self.roles or user.is_superuser or user.has_role(*self.roles)


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.key] = item


def items_for(user, section: str | None = None) -> list[NavItem]:
    chosen = [i for i in _items.values() if (section is None or i.section == section) and i.allowed(user)]
    return sorted(chosen, key=lambda i: (i.order, i.key))
