"""Reads for the pages: public facts of deputies, stations (when the liaison_stations app provides
them), the card data for printing and the staff statistics."""

import hashlib

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import Region, RegionKind
from core.copies import remembered
from core.files import public_file_url
from core.regions import county_of
from core.sql import CompiledQuery, from_row
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


def congress_terms(deputy_ids) -> dict[int, list[tuple[str, int]]]:
    """The (place, number) of each deputy's current term(s), highest congress first: the parts
    `deputies.models.deputy_title` composes in the visitor's language."""
    terms: dict[int, list[tuple[str, int]]] = {}
    rows = Mandate.objects.current().filter(deputy_id__in=list(deputy_ids)).select_related("term__congress")
    for m in rows.order_by("deputy_id", "-term__congress__level"):
        terms.setdefault(m.deputy_id, []).append((m.term.place, m.term.number))
    return terms


_PUBLIC_FIELDS = ("id", "token", "deputy_id", "deputy__name", "deputy__photo", "deputy__region_id", "deputy__user_id")
_FACT_FIELDS = ("cm_congress", "cm_term", "cm_mandates", "cm_station", "cm_has_station")


def _station_subquery():
    """The station's name as a subquery, or None when the stations app offers none (or fails)."""
    make = getattr(station_selectors, "station_name_subquery", None)
    try:
        return make(OuterRef("deputy_id")) if make else None
    except Exception:  # a station problem must never break the public page
        return None


def _public_token_query(token):
    """The token's row with the deputy's public facts as subqueries (congress of the current mandate,
    how many current mandates, station), as a flat values_list. Built once per process and day: the
    "current mandate" compares dates (public_token)."""
    mandates = Mandate.objects.current().filter(deputy_id=OuterRef("deputy_id")).order_by("-term__congress__level")
    station = _station_subquery()
    return (
        DeputyToken.objects.filter(token=token, is_active=True)
        .annotate(
            cm_congress=Subquery(mandates.values("term__congress__name")[:1]),
            cm_term=Subquery(mandates.values("term__number")[:1]),
            cm_mandates=Subquery(
                mandates.order_by().values("deputy_id").annotate(n=Count("id")).values("n")[:1],
                output_field=IntegerField(),
            ),
            cm_station=station if station is not None else Value(""),
            cm_has_station=Value(station is not None),
        )
        .order_by()
        .values_list(*_PUBLIC_FIELDS, *_FACT_FIELDS)[:1]
    )


_PUBLIC_TOKEN = CompiledQuery(_public_token_query, token="__cm_token__")


def public_token(token: str):
    """The active token row for the public page's GET, with the deputy's public facts read in the same
    query (`facts` attribute: the current terms' (place, number) and the station), or None.

    With the QR codes of 200,000 deputies being scanned, the facts cached per deputy were missing on
    nearly every request and cost two more queries; read as subqueries they cost nothing more in the
    database, but building those subqueries through the ORM cost more CPU than the rest of the page.
    So the SQL is compiled once per process and day (core.sql.CompiledQuery) and only the token changes
    (docs/performance.md). A deputy with several current mandates (county and city) takes one more
    query for the joined names."""
    if not token or len(token) > 64:
        return None
    found = _PUBLIC_TOKEN.fetchone((timezone.localdate(), id(station_selectors)), token=token)
    if found is None:
        return None
    pk, token, deputy_id, name, photo, region_id, user_id, congress, term, mandates, station, has_station = found
    row = from_row(DeputyToken, id=pk, token=token, deputy_id=deputy_id)
    row.deputy = from_row(Deputy, id=deputy_id, name=name, photo=photo, region_id=region_id, user_id=user_id)
    # The (place, number) of the current term(s), as congress_terms gives them (Term.place).
    if (mandates or 0) > 1:
        terms = tuple(congress_terms([deputy_id]).get(deputy_id, ()))
    else:
        terms = ((congress.removesuffix("人民代表大会"), term),) if congress else ()
    if not has_station:  # the stations app without the subquery: its own lookup (guarded)
        station = station_names_for([deputy_id]).get(deputy_id, "")
    row.facts = {"station": station or "", "terms": terms}
    return row


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
            "photo": public_file_url(t.deputy, "photo") if t.deputy.photo else "",
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


# Above this many deputies whose name contains the term, the search joins instead of listing ids.
SEARCH_NAME_IDS = 1000


def search_q(q: str) -> Q:
    """Messages whose body or deputy's name contains `q` (case-sensitive LIKE '%q%': Chinese has no case,
    and the pg_trgm GIN indexes on message body and deputy name serve LIKE, not UPPER() LIKE).

    The deputies are looked up first (≤ 1,000 ids, through deputy_name_trgm) so that PostgreSQL can
    OR two index scans on the message table (body trigrams, deputy) instead of a join it must filter
    row by row."""
    ids = list(Deputy.objects.filter(name__contains=q).order_by().values_list("id", flat=True)[: SEARCH_NAME_IDS + 1])
    by_name = Q(deputy__name__contains=q) if len(ids) > SEARCH_NAME_IDS else Q(deputy_id__in=ids)
    return Q(body__contains=q) | by_name


STATS_PER_PAGE = 50
# The statistics page may lag new messages by 10 minutes; it says "as of". Its first page is recomputed
# every 10 minutes for each branch's staff (tasks.warm_stats), so that one lives a little longer.
STATS_TTL = 600
WARMED_TTL = 900


class Median(Aggregate):
    """PostgreSQL's exact median of a group (an ordered-set aggregate)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _answer_time():
    return ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())


def median_hours(messages, deputy_ids) -> dict[int, float]:
    """Median hours from message to answer per deputy in `deputy_ids`, computed by the database.

    PostgreSQL: one percentile_cont per deputy. Elsewhere (SQLite): window functions rank each deputy's
    answer times and return only the one or two middle rows, so Python never sees more than two rows
    per deputy whatever the number of messages."""
    answered = messages.filter(deputy_id__in=list(deputy_ids), answered_at__isnull=False)
    if connection.vendor == "postgresql":
        seconds = Func(_answer_time(), template="EXTRACT(EPOCH FROM %(expressions)s)", output_field=FloatField())
        rows = answered.order_by().values("deputy_id").annotate(m=Median(seconds)).values_list("deputy_id", "m")
        return {d: round(m / 3600, 1) for d, m in rows}
    ranked = answered.order_by().annotate(
        t=_answer_time(),
        rn=Window(RowNumber(), partition_by=F("deputy_id"), order_by=_answer_time().asc()),
        n=Window(Count("id"), partition_by=F("deputy_id")),
    )
    middle = ranked.filter(Q(rn=(F("n") + 1) / 2) | Q(rn=(F("n") + 2) / 2)).values_list("deputy_id", "t")
    pairs: dict[int, list[float]] = {}
    for deputy_id, t in middle:
        pairs.setdefault(deputy_id, []).append(t.total_seconds() / 3600)
    return {d: round(sum(v) / len(v), 1) for d, v in pairs.items()}


def deputy_stats(messages, page: int = 1, refresh: bool = False) -> dict:
    """One page of the per-deputy statistics (received, answered, reply rate, median hours to answer;
    held/hidden excluded), most messages first, computed by aggregate queries and cached for
    STATS_TTL per scope and page: {"rows", "as_of", "has_next", "page"}.

    No count of deputies: the page has previous/next links only (one row more than a page is fetched
    to know whether there is a next one)."""
    counted = messages.exclude(status__in=[Status.HELD, Status.HIDDEN])
    key = "cm:stats:" + hashlib.sha256(f"{counted.query}|{page}".encode()).hexdigest()
    seconds = WARMED_TTL if page == 1 else STATS_TTL
    # Cached, and kept in the database for a cache that lost it (core/copies.py).
    return remembered(key, lambda: _deputy_stats(counted, page), seconds=seconds, refresh=refresh)


def _deputy_stats(counted, page: int) -> dict:
    start = (page - 1) * STATS_PER_PAGE
    # Grouped by deputy id alone (ties in id order), the names fetched for the page's deputies: a join
    # of every message to the deputies for their names doubled the time at 1,000,000 messages.
    grouped = (
        counted.order_by()
        .values("deputy_id")
        .annotate(received=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
        .order_by("-received", "deputy_id")[start : start + STATS_PER_PAGE + 1]
    )
    with transaction.atomic(), connection.cursor() as c:
        if connection.vendor == "postgresql":
            # One hash table of a province's deputies; with the default 4 MB it spilled to disk.
            c.execute("SET LOCAL work_mem = '64MB'")
        rows = list(grouped)
    has_next = len(rows) > STATS_PER_PAGE
    rows = rows[:STATS_PER_PAGE]
    names = dict(Deputy.objects.filter(pk__in=[r["deputy_id"] for r in rows]).values_list("id", "name"))
    for r in rows:
        r["deputy__name"] = names.get(r["deputy_id"], "")
    medians = median_hours(counted, [r["deputy_id"] for r in rows]) if rows else {}
    return {
        "rows": [
            {
                "deputy_id": r["deputy_id"],
                "name": r["deputy__name"],
                "received": r["received"],
                "answered": r["answered"],
                "rate": round(100 * r["answered"] / r["received"]) if r["received"] else 0,
                "median_hours": medians.get(r["deputy_id"]),
            }
            for r in rows
        ],
        "as_of": timezone.now(),
        "has_next": has_next,
        "page": page,
    }


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
