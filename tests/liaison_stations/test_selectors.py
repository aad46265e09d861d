import datetime

import pytest

from liaison_stations.models import PlaceKind
from liaison_stations.selectors import deputy_ids_of_station, public_stations, station_names_for

from .factories import deputy, place, station

pytestmark = pytest.mark.django_db


def test_selectors_for_citizen_messages():
    a, b, c, gone = deputy("甲"), deputy("乙"), deputy("丙", "410927103"), deputy("丁")
    baibi = station(place(), [a, b])
    station(place("白璧镇便民服务中心代表监督岗", kind=PlaceKind.SUPERVISION_POST), [c])
    station(place("打渔陈镇代表联络站", "410927103"), [c])
    station(place("旧站", "410522102"), [gone], end=datetime.date(2025, 1, 1))
    assert station_names_for([a.pk, b.pk, c.pk, gone.pk]) == {
        a.pk: "白璧镇代表联络站",
        b.pk: "白璧镇代表联络站",
        c.pk: "打渔陈镇代表联络站",
    }
    assert station_names_for([gone.pk], on=datetime.date(2024, 6, 1)) == {gone.pk: "旧站"}
    stations = public_stations("410522")
    assert [s["name"] for s in stations] == ["白璧镇代表联络站", "旧站"]
    assert stations[0] == {"key": baibi.public_key, "name": "白璧镇代表联络站", "region_name": "白璧镇"}
    assert deputy_ids_of_station(baibi.public_key) == sorted([a.pk, b.pk])
    assert deputy_ids_of_station("nope") is None
