"""Factories for the liaison_stations tests (deputies with seats, places, stationings)."""

import datetime

from accounts.models import Region, Unit
from deputies.models import Congress, Deputy, Level, Mandate, Term
from liaison_stations.models import Place, PlaceKind, Stationing

TERM_START = datetime.date(2021, 10, 8)


def term(region_code="410522"):
    congress, _c = Congress.objects.get_or_create(
        region_id=region_code, level=Level.COUNTY, defaults={"name": f"{region_code}人民代表大会"}
    )
    t, _c = Term.objects.get_or_create(
        congress=congress, number=16, defaults={"start_date": TERM_START, "end_date": datetime.date(2030, 12, 31)}
    )
    return t


def deputy(name, region_code="410522101", user=None, ended=None, leader=False):
    county = region_code[:6]
    d = Deputy.objects.create(name=name, gender="M", region_id=region_code, user=user, is_leader=leader)
    Mandate.objects.create(
        deputy=d,
        term=term(county),
        start_date=TERM_START,
        end_date=ended,
        end_reason="resigned" if ended else "",
    )
    return d


def place(name="白璧镇代表联络站", region_code="410522101", kind=PlaceKind.LIAISON_STATION, **kw):
    return Place.objects.create(name=name, region=Region.objects.get(code=region_code), kind=kind, **kw)


def station(p, deputies, start=datetime.date(2022, 1, 1), end=None):
    for d in deputies:
        Stationing.objects.create(place=p, deputy=d, start_date=start, end_date=end)
    return p


def unit(name="安阳县交通运输局", region_code="410522"):
    return Unit.objects.create(name=name, region_id=region_code)


def forwarded_opinion(by, text="村东生产路需要硬化。", unit_name="安阳县交通运输局", clerk="roads_clerk"):
    """An opinion from a reception, forwarded to a unit that has a login; (opinion, unit's user)."""
    from liaison_stations import services
    from liaison_stations.models import OpinionCategory, OpinionState
    from tests.factories import unit_user

    station = place()
    services.record_reception(
        place=station,
        day=datetime.date.today() - datetime.timedelta(days=1),
        deputies=[deputy("张晓梅")],
        citizens_count=3,
        opinions=[{"category": OpinionCategory.INFRASTRUCTURE, "text": text}],
        by=by,
    )
    opinion = station.opinions.get()
    roads = unit(unit_name)
    user = unit_user(roads, username=clerk, full_name="周伟")
    services.move_opinion(opinion, OpinionState.HANDLING, by=by, unit=roads)
    opinion.refresh_from_db()
    return opinion, user
