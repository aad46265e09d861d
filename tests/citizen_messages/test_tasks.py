"""The daily sweep (reminders once per stage) and retention."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from citizen_messages import services, tasks
from citizen_messages.models import EventKind, Message, MessageEvent, Status
from notifications.models import Notification
from tests.citizen_messages.factories import make_deputy, make_message

pytestmark = pytest.mark.django_db


def test_reminder_after_n_days_flag_after_2n_once_each(county_staff, settings):
    settings.CITIZEN_MESSAGES_REMIND_DAYS = 7
    dep = make_deputy(name="王建国")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        m = make_message(dep)
        answered = make_message(dep)
        services.answer(answered, dep.user, "好")
    with time_machine.travel(start + datetime.timedelta(days=6)):
        assert tasks.daily_sweep.delay().get() == {"reminded": 0, "flagged": 0}
    with time_machine.travel(start + datetime.timedelta(days=7, hours=1)):
        assert tasks.daily_sweep.delay().get() == {"reminded": 1, "flagged": 0}
        assert tasks.daily_sweep.delay().get() == {"reminded": 0, "flagged": 0}
    reminders = Notification.objects.filter(recipient=dep.user, kind="citizen_messages.remind")
    assert reminders.count() == 1
    with time_machine.travel(start + datetime.timedelta(days=14, hours=1)):
        tasks.daily_sweep.delay()
        tasks.daily_sweep.delay()
    assert Notification.objects.filter(recipient=county_staff, kind="citizen_messages.flag").count() == 1
    assert reminders.count() == 1
    assert MessageEvent.objects.filter(message=m, kind=EventKind.FLAGGED).count() == 1
    assert not MessageEvent.objects.filter(message=answered, kind=EventKind.REMINDED).exists()


def test_retention_removes_name_and_phone_of_old_closed_messages(settings):
    settings.CITIZEN_MESSAGES_RETENTION_DAYS = 30
    dep = make_deputy(name="王建国")
    old = make_message(dep, citizen_name="李四", citizen_phone="13912345678", body="旧留言")
    services.answer(old, dep.user, "已办")
    services.mark_handled(old, dep.user)
    recent = make_message(dep, citizen_name="王五", citizen_phone="13912345679")
    services.answer(recent, dep.user, "已办")
    services.mark_handled(recent, dep.user)
    open_msg = make_message(dep, citizen_name="赵六", citizen_phone="13912345670")
    Message.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    assert tasks.retention.delay().get() == 1
    assert tasks.retention.delay().get() == 0
    old.refresh_from_db()
    assert old.citizen_name == "" and old.citizen_phone == "" and old.anonymised_at
    assert old.body == "旧留言" and old.answer == "已办" and old.status == Status.CLOSED
    for m in (recent, open_msg):
        m.refresh_from_db()
        assert m.citizen_phone


def test_forwarded_but_unanswered_is_reminded_too(settings):
    settings.CITIZEN_MESSAGES_REMIND_DAYS = 7
    dep = make_deputy(name="王建国")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        m = make_message(dep)
        services.forward(m, dep.user, to_staff=True)
    with time_machine.travel(start + datetime.timedelta(days=8)):
        assert tasks.daily_sweep.delay().get() == {"reminded": 1, "flagged": 0}
