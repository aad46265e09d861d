"""A rota follows the working-day calendar the portal stores: no duties on public holidays (National
Day 2026-10-01 … 10-07), duties on make-up working days, unless staff choose to staff the holidays."""

import datetime

import pytest
from django.urls import reverse

from core.models import Holiday
from liaison_stations import services
from liaison_stations.models import Duty, PlaceKind

from .factories import deputy, place

pytestmark = pytest.mark.django_db

NATIONAL_DAY = [datetime.date(2026, 10, d) for d in range(1, 8)]
MAKE_UP = datetime.date(2026, 10, 10)  # a Saturday worked in exchange


@pytest.fixture
def room():
    for day in NATIONAL_DAY:
        Holiday.objects.create(region_id="41", date=day, name="国庆节", is_workday=False)  # the province's rows
    Holiday.objects.create(region_id="410522", date=MAKE_UP, name="国庆调休", is_workday=True)
    room = place("安阳县政务服务大厅代表监督室", "410522", PlaceKind.SUPERVISION_ROOM)
    room.pool = [deputy(f"代表{i:02d}") for i in range(12)]
    return room


def test_rota_skips_national_day_and_staffs_the_make_up_day(room):
    duties = services.generate_rota(room, 2026, 10, room.pool)
    days = {d.date for d in duties}
    assert not days & set(NATIONAL_DAY)
    assert MAKE_UP in days
    assert len(duties) == 22 - 5 + 1  # 22 weekdays, 5 of them National Day, one make-up Saturday


def test_staff_may_choose_to_staff_the_holidays_on_the_form(client, county_staff, room):
    client.force_login(county_staff)
    url = reverse("liaison_stations:rota_generate", args=[room.pk])
    assert "法定节假日也排班" in client.get(url).content.decode()
    form = {"year": 2026, "month": 10, "pool": [d.pk for d in room.pool], "per_day": 1, "shift": "day"}
    assert client.post(url, form).status_code == 302
    assert not Duty.objects.filter(place=room, date__in=NATIONAL_DAY).exists()
    Duty.objects.filter(place=room).delete()
    assert client.post(url, {**form, "staff_holidays": "on"}).status_code == 302
    staffed = set(Duty.objects.filter(place=room, date__in=NATIONAL_DAY).values_list("date", flat=True))
    assert staffed == {d for d in NATIONAL_DAY if d.weekday() < 5}
