"""Reads for the pages: public facts of deputies, stations (when the liaison_stations app provides
them), the card data for printing and the staff statistics."""

import statistics

from django.db.models import Count, Q

from accounts.models import Region, RegionKind
from core.regions import county_of
from deputies.models import Deputy, Mandate

from .models import DeputyToken, Message, Status

try:  # the liaison_stations app provides stations; without it the pages offer townships only
    from liaison_stations import selectors as station_selectors
except ImportError:  # pragma: no cover - depends on the merge
    station_selectors = None


def station_names_for(deputy_ids, on=None) -> dict[int, str]:
    if station_selectors is None or not deputy_ids:
        return {}
    try:
        return station_selectors.station_names_for(list(deputy_ids), on=on)
    except Exception:  # a station problem must never break the public page
        return {}


def public_stations(region_code: str) -> list[dict]:
    if station_selectors is None:
        return []
    try:
        return station_selectors.public_stations(region_code)
    except Exception:
        return []


def deputy_ids_of_station(key: str):
    if station_selectors is None or not key:
        return None
    try:
        return station_selectors.deputy_ids_of_station(key)
    except Exception:
        return None


def congress_names(deputy_ids) -> dict[int, str]:
    """The congress of each deputy's current mandate(s), e.g. 安阳县第十六届人民代表大会代表."""
    names: dict[int, list[str]] = {}
    rows = Mandate.objects.current().filter(deputy_id__in=list(deputy_ids)).select_related("term__congress")
    for m in rows.order_by("deputy_id", "-term__congress__level"):
        names.setdefault(m.deputy_id, []).append(str(m.term))
    return {k: "、".join(v) for k, v in names.items()}


def counties_with_deputies() -> list[Region]:
    codes = set(
        DeputyToken.objects.active()
        .filter(deputy__in=Deputy.objects.current())
        .values_list("deputy__region_id", flat=True)
    )
    counties = {county_of(c) for c in codes}
    return list(Region.objects.filter(code__in=counties))


def townships_of(county_code: str) -> list[Region]:
    codes = set(
        DeputyToken.objects.active()
        .filter(deputy__in=Deputy.objects.current(), deputy__region__code__startswith=county_code)
        .values_list("deputy__region_id", flat=True)
    )
    return list(Region.objects.filter(code__in={c[:9] for c in codes if len(c) >= 9}, kind=RegionKind.TOWNSHIP))


def public_deputies(*, region_code: str | None = None, deputy_ids=None) -> list[dict]:
    """Public facts of current deputies with an active token: name, photo, station, token."""
    tokens = DeputyToken.objects.active().filter(deputy__in=Deputy.objects.current()).select_related("deputy")
    if deputy_ids is not None:
        tokens = tokens.filter(deputy_id__in=list(deputy_ids))
    elif region_code:
        tokens = tokens.filter(deputy__region__code__startswith=region_code)
    else:
        return []
    tokens = list(tokens.order_by("deputy__name_pinyin")[:300])
    stations = station_names_for([t.deputy_id for t in tokens])
    return [
        {
            "name": t.deputy.name,
            "photo": t.deputy.photo.url if t.deputy.photo else "",
            "station": stations.get(t.deputy_id, ""),
            "token": t.token,
        }
        for t in tokens
    ]


def card_data(tokens) -> list[dict]:
    tokens = list(tokens)
    ids = [t.deputy_id for t in tokens]
    stations = station_names_for(ids)
    congresses = congress_names(ids)
    cards = []
    for t in tokens:
        d = t.deputy
        photo = ""
        if d.photo:
            try:
                photo = d.photo.path
            except Exception:
                photo = ""
        cards.append(
            {
                "name": d.name,
                "photo": photo,
                "station": stations.get(d.pk) or (d.region.name if d.region_id else ""),
                "congress": congresses.get(d.pk, ""),
                "url": t.full_url,
            }
        )
    return cards


def deputy_stats(messages) -> list[dict]:
    """Per deputy: received, answered, reply rate and median hours to answer (held/hidden excluded)."""
    counted = messages.exclude(status__in=[Status.HELD, Status.HIDDEN])
    rows = counted.values("deputy_id", "deputy__name").annotate(
        received=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False))
    )
    durations: dict[int, list[float]] = {}
    for deputy_id, created, answered in counted.filter(answered_at__isnull=False).values_list(
        "deputy_id", "created_at", "answered_at"
    ):
        durations.setdefault(deputy_id, []).append((answered - created).total_seconds() / 3600)
    out = []
    for r in rows:
        hours = durations.get(r["deputy_id"])
        out.append(
            {
                "deputy_id": r["deputy_id"],
                "name": r["deputy__name"],
                "received": r["received"],
                "answered": r["answered"],
                "rate": round(100 * r["answered"] / r["received"]) if r["received"] else 0,
                "median_hours": round(statistics.median(hours), 1) if hours else None,
            }
        )
    return sorted(out, key=lambda r: (-r["received"], r["name"]))


def record_provider(deputy, year):
    qs = Message.objects.filter(deputy=deputy, created_at__year=year).exclude(status__in=[Status.HELD, Status.HIDDEN])
    received = qs.count()
    if not received:
        return None
    answered = qs.filter(answered_at__isnull=False).count()
    satisfied = qs.filter(rating__in=["satisfied", "basic"]).count()
    return {
        "received": received,
        "answered": answered,
        "satisfied": satisfied,
        "points": [("答复群众留言", answered)],
    }
