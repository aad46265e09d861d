"""Who is told: one rule for every reminder and alert of the portal.

An event names its primary audience as an `Audience`: the record's region, plus any of
- `roles`: holders of these roles in the record's branch, from its county down to its own region
  (a township's opinion reaches the county's and that township's staff, never another county's);
- `users`: named accounts (the deputy on duty, the deputy a message was written to);
- `units`: the contact staff (承办单位工作人员) of handling units;
- `bodies`: members of a body an app registers with `register_body` (the chairs' meeting of a
  county, the members of a working committee).

`resolve` turns audiences into people, set-based (a handful of queries for a whole sweep):
1. the primary audience, each person once however many roles or bodies they are in;
2. if nobody is there, the committee staff of the record's county, then of its city, then of its
   province: the level above stands in for a body that has no accounts;
3. if still nobody, the reminder is undeliverable (the engine records it and warns on the staff
   workbench).

Province and city staff are told only as that fallback, for every kind of event: they oversee the
counties through their workbench (visible_to shows them the whole branch), and would drown if told
of every county's overdue item. Roles are looked up by `accounts.roles` keys, never by a group's
Chinese name.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role

from .regions import COUNTY_DIGITS, ancestors


@dataclass(frozen=True)
class Audience:
    region_id: str
    roles: tuple[str, ...] = ()
    users: tuple[int, ...] = ()
    units: tuple[int, ...] = ()
    bodies: tuple[tuple[str, object], ...] = ()


# name -> loader(keys) -> {key: iterable of user ids}; registered by the app that owns the body.
_bodies: dict[str, Callable[[set], dict]] = {}


def register_body(name: str, loader: Callable[[set], dict]) -> None:
    _bodies[name] = loader


def branch(region_id: str) -> list[str]:
    """The codes from the record's county down to its own region (or the region itself above county)."""
    return [c for c in ancestors(region_id) if len(c) >= COUNTY_DIGITS] or [region_id]


def fallback_codes(region_id: str) -> list[str]:
    """The county, then the city, then the province of the record's region."""
    return [c for c in reversed(ancestors(region_id)) if len(c) <= COUNTY_DIGITS]


def _role_holders(roles: set[str], codes: set[str]) -> dict[tuple[str, str], list[int]]:
    """(role, region code) -> active users holding the role with an account in that region."""
    found = defaultdict(list)
    if not roles or not codes:
        return found
    names = {GROUP_NAMES[Role(r)]: Role(r).value for r in roles}
    rows = (
        User.objects.filter(is_active=True, region_id__in=codes, groups__name__in=list(names))
        .values_list("groups__name", "region_id", "pk")
        .order_by("pk")
    )
    for group_name, code, pk in rows:
        found[(names[group_name], code)].append(pk)
    return found


def resolve(audiences: Iterable[Audience]) -> dict[Audience, list[User]]:
    """Each audience's people (primary, else the fallback chain; [] when nobody can be reached)."""
    audiences = set(audiences)
    if not audiences:
        return {}
    roles = {r for a in audiences for r in a.roles} | {Role.COMMITTEE_STAFF.value}
    codes = {c for a in audiences for c in branch(a.region_id) + fallback_codes(a.region_id)}
    holders = _role_holders(roles, codes)
    by_unit = defaultdict(list)
    unit_ids = {u for a in audiences for u in a.units}
    if unit_ids:
        unit_staff = User.objects.filter(
            is_active=True, unit_id__in=unit_ids, groups__name=GROUP_NAMES[Role.UNIT_STAFF]
        ).values_list("unit_id", "pk")
        for unit_id, pk in unit_staff:
            by_unit[unit_id].append(pk)
    members = {}
    keys_by_body = defaultdict(set)
    for a in audiences:
        for name, key in a.bodies:
            keys_by_body[name].add(key)
    for name, keys in keys_by_body.items():
        for key, ids in _bodies[name](keys).items():
            members[(name, key)] = list(ids)

    chosen = {}
    for a in audiences:
        ids = list(a.users)
        ids += [pk for r in a.roles for c in branch(a.region_id) for pk in holders.get((Role(r).value, c), [])]
        ids += [pk for u in a.units for pk in by_unit.get(u, [])]
        ids += [pk for body in a.bodies for pk in members.get(body, [])]
        chosen[a] = list(dict.fromkeys(i for i in ids if i))
    wanted = {i for ids in chosen.values() for i in ids} | {i for ids in holders.values() for i in ids}
    users = User.objects.filter(is_active=True, pk__in=wanted).in_bulk()
    result = {}
    for a, ids in chosen.items():
        people = [users[i] for i in ids if i in users]
        if not people:
            for code in fallback_codes(a.region_id):
                people = [users[pk] for pk in holders.get((Role.COMMITTEE_STAFF.value, code), []) if pk in users]
                if people:
                    break
        result[a] = people
    return result


def people_for(audience: Audience) -> list[User]:
    """One audience's people: for a single event outside a sweep (a forward, a reopened message)."""
    return resolve([audience])[audience]


def staff_for(region_id: str, roles: tuple[str, ...] = (Role.COMMITTEE_STAFF,)) -> list[User]:
    """The staff told about a record in `region_id`: holders of `roles` in its branch (county and
    below), else the committee staff of the county, city, province."""
    return people_for(Audience(region_id, roles=tuple(roles)))
