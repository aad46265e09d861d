"""Reads other apps may use (citizen_messages imports this module defensively).

Only public facts: station names and keys, deputy ids; nothing about citizens."""

import datetime

from django.db.models import Subquery
from django.utils import timezone

from .models import Place, PlaceKind, Stationing


def station_names_for(deputy_ids, on: datetime.date | None = None) -> dict[int, str]:
    """For each deputy id, the name of the liaison station where they are currently stationed
    (deputies stationed nowhere are left out; with several stations, the head post, then the latest)."""
    rows = (
        Stationing.objects.current(on)
        .filter(deputy_id__in=list(deputy_ids), place__kind=PlaceKind.LIAISON_STATION, place__is_active=True)
        .order_by("deputy_id", "-is_head", "-start_date", "-id")
        .values_list("deputy_id", "place__name")
    )
    names: dict[int, str] = {}
    for deputy_id, name in rows:
        names.setdefault(deputy_id, name)
    return names


def station_name_subquery(deputy_ref, on: datetime.date | None = None):
    """The same name as `station_names_for` gives, as a subquery on a deputy id (`OuterRef`), so that a
    page can read it within its own query (the public message page: one query, issue 18)."""
    rows = (
        Stationing.objects.current(on)
        .filter(deputy_id=deputy_ref, place__kind=PlaceKind.LIAISON_STATION, place__is_active=True)
        .order_by("-is_head", "-start_date", "-id")
        .values("place__name")[:1]
    )
    return Subquery(rows)


def public_stations(region_code: str) -> list[dict]:
    """The active liaison stations in this branch of the region tree."""
    rows = (
        Place.objects.active()
        .filter(kind=PlaceKind.LIAISON_STATION, region__code__startswith=region_code)
        .order_by("region_id", "name")
        .values_list("public_key", "name", "region__name")
    )
    return [{"key": key, "name": name, "region_name": region_name} for key, name, region_name in rows]


def deputy_ids_of_station(key: str, on: datetime.date | None = None) -> list[int] | None:
    """Ids of the deputies currently stationed at the place with this public key; None if unknown."""
    place = Place.objects.active().filter(public_key=key).only("pk").first()
    if place is None:
        return None
    on = on or timezone.localdate()
    return sorted(set(Stationing.objects.current(on).filter(place=place).values_list("deputy_id", flat=True)))
