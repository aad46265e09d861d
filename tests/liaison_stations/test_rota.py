import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from liaison_stations import services
from liaison_stations.models import Duty, PlaceKind, Shift
from tests.factories import deputy_user

from .factories import deputy, place, station

pytestmark = pytest.mark.django_db

DEC = (2026, 12)


@pytest.fixture
def room():
    return place("安阳县政务服务大厅代表监督室", "410522", PlaceKind.SUPERVISION_ROOM)


@pytest.fixture
def pool():
    return [deputy(f"代表{i:02d}") for i in range(12)]


def test_generate_rota_takes_the_pool_in_turn(room, pool):
    duties = services.generate_rota(room, *DEC, pool)
    workdays = services.month_days(*DEC)
    assert len(duties) == len(workdays) == 23
    stored = list(Duty.objects.filter(place=room).order_by("date"))
    assert [d.date for d in stored] == workdays
    # In turn: the first twelve working days go to the twelve deputies in order, then again.
    assert [d.deputy for d in stored[:12]] == pool
    assert [d.deputy for d in stored[12:]] == pool[:11]
    assert all(d.shift == Shift.DAY for d in stored)


def test_generate_rota_with_two_half_day_deputies_and_weekends(room, pool):
    services.generate_rota(room, *DEC, pool[:4], per_day=2, shift=Shift.AM, weekdays=tuple(range(7)))
    assert Duty.objects.filter(place=room).count() == 31 * 2
    assert Duty.objects.filter(place=room, date=datetime.date(2026, 12, 1)).count() == 2
    assert set(Duty.objects.values_list("shift", flat=True)) == {Shift.AM}


def test_a_deputy_already_on_duty_elsewhere_is_skipped_and_keeps_the_turn(room, pool):
    other = place("白璧镇便民服务中心代表监督岗", "410522101", PlaceKind.SUPERVISION_POST)
    services.add_duty(other, pool[0], datetime.date(2026, 12, 1))
    services.generate_rota(room, *DEC, pool)
    first_days = {d.date: d.deputy for d in Duty.objects.filter(place=room, date__lte=datetime.date(2026, 12, 2))}
    assert first_days[datetime.date(2026, 12, 1)] == pool[1]
    assert first_days[datetime.date(2026, 12, 2)] == pool[0]
    assert Duty.objects.filter(deputy=pool[0], date=datetime.date(2026, 12, 1)).count() == 1


def test_generation_refuses_a_deputy_whose_mandate_has_ended(room, pool):
    gone = deputy("王离任", ended=datetime.date(2026, 6, 30))
    with pytest.raises(ValidationError) as exc:
        services.generate_rota(room, *DEC, [*pool[:3], gone])
    assert "王离任" in exc.value.messages[0] and "代表资格已终止" in exc.value.messages[0]
    assert not Duty.objects.exists()


def test_a_mandate_ending_mid_month_drops_the_deputy_from_later_days(room):
    a = deputy("甲代表")
    b = deputy("乙代表", ended=datetime.date(2026, 12, 10))
    services.generate_rota(room, *DEC, [a, b], per_day=1)
    assert not Duty.objects.filter(deputy=b, date__gt=datetime.date(2026, 12, 10)).exists()
    assert Duty.objects.filter(deputy=b).exists()


def test_generation_refuses_when_too_few_are_free(room):
    a, b = deputy("甲代表"), deputy("乙代表")
    elsewhere = place("崔家桥镇代表联络站", "410522102")
    services.add_duty(elsewhere, b, datetime.date(2026, 12, 3))
    with pytest.raises(ValidationError, match="可值班的代表不足"):
        services.generate_rota(room, *DEC, [a, b], per_day=2)
    assert Duty.objects.filter(place=room).count() == 0  # nothing half-written


def test_generation_refuses_a_month_already_on_the_rota(room, pool):
    services.generate_rota(room, *DEC, pool)
    with pytest.raises(ValidationError, match="已有排班"):
        services.generate_rota(room, *DEC, pool)


def test_generation_refuses_bad_sizes(room, pool):
    with pytest.raises(ValidationError, match="请选择"):
        services.generate_rota(room, *DEC, [])
    with pytest.raises(ValidationError, match="每天值班人数"):
        services.generate_rota(room, *DEC, pool[:2], per_day=3)


def test_add_duty_refuses_a_deputy_twice_on_one_day(room, pool):
    day = datetime.date(2026, 12, 7)
    services.add_duty(room, pool[0], day)
    other = place("韩陵镇代表联络站", "410522104")
    with pytest.raises(ValidationError) as exc:
        services.add_duty(other, pool[0], day, Shift.PM)
    assert "同一代表一天只能值一个班" in exc.value.messages[0]
    assert "安阳县政务服务大厅代表监督室" in exc.value.messages[0]


def test_database_refuses_a_deputy_twice_on_one_day(room, pool):
    day = datetime.date(2026, 12, 7)
    Duty.objects.create(place=room, deputy=pool[0], date=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        Duty.objects.create(place=room, deputy=pool[0], date=day, shift=Shift.PM)


def test_add_duty_refuses_an_ended_mandate(room):
    gone = deputy("王离任", ended=datetime.date(2026, 6, 30))
    with pytest.raises(ValidationError, match="代表资格已终止"):
        services.add_duty(room, gone, datetime.date(2026, 12, 7))


@time_machine.travel(datetime.datetime(2026, 11, 28, 10, 0))
def test_swap_records_who_asked_and_refuses_conflicts(room, pool, county_staff):
    day = datetime.date(2026, 12, 7)
    duty = services.add_duty(room, pool[0], day)
    services.add_duty(room, pool[2], day)
    with pytest.raises(ValidationError, match="同一代表一天只能值一个班"):
        services.swap_duty(duty, pool[2], county_staff)
    swapped = services.swap_duty(duty, pool[1], county_staff, "外出开会")
    assert swapped.deputy == pool[1] and swapped.swapped_from == pool[0]
    assert swapped.requested_by == county_staff and swapped.swap_reason == "外出开会"
    # Swapping again keeps the first deputy as the one it came from.
    again = services.swap_duty(swapped, pool[3], county_staff)
    assert again.swapped_from == pool[0]
    with pytest.raises(ValidationError, match="相同"):
        services.swap_duty(again, pool[3], county_staff)


@time_machine.travel(datetime.datetime(2026, 11, 28, 10, 0))
def test_confirm_only_your_own_upcoming_duty(room):
    user = deputy_user(username="dep_a")
    mine = deputy("张晓梅", user=user)
    other = deputy("李四")
    duty = services.add_duty(room, mine, datetime.date(2026, 12, 1))
    services.confirm_duty(duty, user)
    assert Duty.objects.get(pk=duty.pk).confirmed_at is not None
    theirs = services.add_duty(room, other, datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="本人"):
        services.confirm_duty(theirs, user)
    past = Duty.objects.create(place=room, deputy=mine, date=datetime.date(2026, 11, 2))
    with pytest.raises(ValidationError, match="已过去"):
        services.confirm_duty(past, user)


@time_machine.travel(datetime.datetime(2026, 11, 28, 10, 0))
def test_attendance_only_once_the_day_has_come(room, pool):
    future = services.add_duty(room, pool[0], datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="值班日期未到"):
        services.mark_attendance(future, True)
    past = Duty.objects.create(place=room, deputy=pool[1], date=datetime.date(2026, 11, 20))
    services.mark_attendance(past, False)
    assert Duty.objects.get(pk=past.pk).attended is False


def test_stationed_pool_is_the_default(room, pool):
    station(room, pool[:3])
    assert room.stationings.count() == 3
