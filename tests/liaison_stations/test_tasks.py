import datetime

import pytest
import time_machine
from django.conf import settings

from liaison_stations import services, tasks
from liaison_stations.models import OpinionState, PlaceKind
from notifications.models import Notification
from tests.factories import deputy_user, staff

from .factories import deputy, place, unit

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 28, 8, 0)


def test_celery_beat_runs_both_jobs():
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"liaison_stations.tasks.remind_duties", "liaison_stations.tasks.sweep_overdue_opinions"} <= tasks_scheduled
    assert settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS > 0


@time_machine.travel(NOW)
def test_day_before_reminder_is_sent_once_even_when_the_job_runs_twice(county_staff):
    room = place("安阳县政务服务大厅代表监督室", "410522", PlaceKind.SUPERVISION_ROOM, address="县政务服务中心一楼")
    users = [deputy_user(username=f"dep{i}") for i in range(3)]
    deps = [deputy(f"代表{i}", user=u) for i, u in enumerate(users)]
    no_login = deputy("无账号代表")
    tomorrow = datetime.date(2026, 11, 29)
    services.add_duty(room, deps[0], tomorrow)
    services.add_duty(room, deps[1], tomorrow)
    services.add_duty(room, no_login, tomorrow)
    services.add_duty(room, deps[2], datetime.date(2026, 11, 30))  # not tomorrow

    tasks.remind_duties.delay()
    tasks.remind_duties.delay()

    sent = Notification.objects.filter(kind="liaison_stations.duty_reminder")
    # The deputy without an account is not lost: the county's staff are asked to call them.
    assert sent.count() == 3
    assert set(sent.values_list("recipient", flat=True)) == {users[0].pk, users[1].pk, county_staff.pk}
    note = sent.get(recipient=users[0])
    assert "安阳县政务服务大厅代表监督室" in note.subject and "县政务服务中心一楼" in note.body
    assert "无账号代表" in sent.get(recipient=county_staff).subject


def test_a_missed_day_before_run_still_reminds_on_the_day(county_staff):
    room = place()
    user = deputy_user(username="late")
    services.add_duty(room, deputy("甲", user=user), datetime.date(2026, 11, 29))
    with time_machine.travel(datetime.datetime(2026, 11, 29, 8, 0)):  # the 28th's runs did not happen
        tasks.remind_duties()
        tasks.remind_duties()
    with time_machine.travel(datetime.datetime(2026, 11, 30, 8, 0)):  # the duty is over: nothing more
        tasks.remind_duties()
    assert Notification.objects.filter(recipient=user, kind="liaison_stations.duty_reminder").count() == 1


@time_machine.travel(NOW)
def test_a_swapped_duty_reminds_the_new_deputy(county_staff):
    room = place()
    a, b = deputy_user(username="a"), deputy_user(username="b")
    duty = services.add_duty(room, deputy("甲", user=a), datetime.date(2026, 11, 29))
    tasks.remind_duties()
    services.swap_duty(duty, deputy("乙", user=b), county_staff, "生病")
    tasks.remind_duties()
    tasks.remind_duties()
    assert Notification.objects.filter(recipient=b, kind="liaison_stations.duty_reminder").count() == 1
    assert Notification.objects.filter(recipient=a, kind="liaison_stations.duty_reminder").count() == 1


def test_overdue_opinions_are_reminded_once_per_stage(county_staff, other_county_staff, settings):
    settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS = 10
    township_staff = staff("410522101", username="baibi_staff")
    station = place()
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, 0)):
        reception = services.record_reception(
            place=station,
            day=datetime.date(2026, 11, 1),
            deputies=[deputy("张晓梅")],
            by=county_staff,
            opinions=[{"category": "other", "text": "路灯不亮"}, {"category": "other", "text": "垃圾清运不及时"}],
        )
    opinion, fresh = list(reception.opinions.order_by("id"))
    with time_machine.travel(datetime.datetime(2026, 11, 5, 9, 0)):
        services.move_opinion(fresh, OpinionState.HANDLING, by=county_staff, unit=unit())

    with time_machine.travel(datetime.datetime(2026, 11, 13, 9, 0)):
        tasks.sweep_overdue_opinions.delay()
        tasks.sweep_overdue_opinions.delay()

    def overdue():
        return Notification.objects.filter(kind="liaison_stations.opinion_overdue")

    # Only the opinion registered 12 days ago (the other moved 8 days ago), to the county's and
    # the township's staff, never to another county's.
    assert set(overdue().values_list("recipient", flat=True)) == {county_staff.pk, township_staff.pk}
    assert overdue().count() == 2
    assert all(n.link == opinion.get_absolute_url() for n in overdue())

    with time_machine.travel(datetime.datetime(2026, 11, 14, 9, 0)):
        services.move_opinion(
            opinion, OpinionState.HANDLING, by=county_staff, to_suggestion=True, deputy=reception.deputies.get()
        )
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0)):
        tasks.sweep_overdue_opinions()  # the second opinion is now 15 days in "handling"
    assert overdue().count() == 4
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0)):
        tasks.sweep_overdue_opinions()  # the first one is now overdue in its new stage
        tasks.sweep_overdue_opinions()
    assert overdue().count() == 6
    assert not Notification.objects.filter(recipient=other_county_staff).exists()


def test_closed_opinions_are_not_reminded(county_staff, settings):
    settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS = 1
    station = place()
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, 0)):
        reception = services.record_reception(
            place=station,
            day=datetime.date(2026, 10, 1),
            deputies=[deputy("甲")],
            by=county_staff,
            opinions=[{"category": "other", "text": "x"}],
        )
        o = reception.opinions.get()
        services.move_opinion(
            o, OpinionState.HANDLING, by=county_staff, to_suggestion=True, deputy=reception.deputies.get()
        )
        services.move_opinion(o, OpinionState.RESULT, by=county_staff, result="r")
        services.move_opinion(o, OpinionState.FED_BACK, by=county_staff, feedback="f")
        services.move_opinion(o, OpinionState.CLOSED, by=county_staff)
    assert tasks.sweep_overdue_opinions() == 0
