import os

import pytest
from django.core.management import call_command

from deputies.models import ActivityKind, ActivityParticipant, Deputy
from liaison_stations.models import Duty, Opinion, OpinionState, Place, PlaceKind, StationActivity

pytestmark = pytest.mark.django_db


def test_demo_places_rota_opinions_and_the_station_month():
    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))
    anyang = Place.objects.filter(region__code__startswith="410522")
    assert anyang.filter(kind=PlaceKind.LIAISON_STATION, name="白璧镇代表联络站").exists()
    assert anyang.filter(kind=PlaceKind.LIAISON_STATION).count() == 10  # one per township
    room = anyang.get(kind=PlaceKind.SUPERVISION_ROOM)
    assert room.stationings.count() == 12
    assert Duty.objects.filter(place=room).values("deputy").distinct().count() == 12
    assert anyang.filter(kind=PlaceKind.SUPERVISION_POST).values("region").distinct().count() == 9
    post = Place.objects.get(kind=PlaceKind.SERVICE_POST)
    assert post.region_id == "410522101001" and post.name == "亚龙湾社区代表服务岗"
    assert Place.objects.filter(region__code__startswith="410927", kind=PlaceKind.LIAISON_STATION).exists()
    assert set(Opinion.objects.values_list("state", flat=True)) == set(OpinionState.values)

    month = StationActivity.objects.filter(activity__kind=ActivityKind.STATION_MONTH)
    leaders = ActivityParticipant.objects.filter(activity__station_link__in=month, deputy__is_leader=True)
    expected_leaders = min(20, Deputy.objects.filter(is_leader=True, region__code__startswith="410522").count())
    assert leaders.values("deputy").distinct().count() == expected_leaders
    assert Opinion.objects.filter(station_activity__in=month).count() == 39
