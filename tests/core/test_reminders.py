"""The reminder engine and the recipients rule, on small data: fallback, once per person, claims."""

from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from core import recipients, reminders
from core.models import ReminderLog, ReminderStatus
from core.recipients import Audience
from core.reminders import Due, run
from notifications.models import Notification
from tests.factories import PASSWORD, staff

pytestmark = pytest.mark.django_db
STAFF = (Role.COMMITTEE_STAFF.value,)


def due(n, region="410522", audience=None, **kwargs):
    return Due(
        target=f"test.thing:{n}",
        stage="due",
        period="2026-05",
        region_id=region,
        audience=audience or Audience(region, roles=STAFF),
        kind="test.due",
        subject=f"事项{n}到期",
        **kwargs,
    )


def test_branch_staff_are_told_and_province_staff_only_as_the_fallback(county_staff, province_staff):
    township = staff("410522101", username="township_staff")
    staff("410927", username="other_county")
    assert {u.username for u in recipients.staff_for("410522101")} == {"ay_staff", "township_staff"}
    # A county of the same city without any account: its city has none, the province stands in.
    assert recipients.staff_for("410526") == [province_staff]
    township.groups.clear()
    assert recipients.staff_for("410522101") == [county_staff]


def test_an_empty_body_falls_back_to_the_county_then_the_level_above(county_staff, province_staff):
    city = staff("4105", username="anyang_city")
    recipients.register_body("test_empty", lambda keys: {k: [] for k in keys})
    empty = Audience("410522", bodies=(("test_empty", 1),))
    assert recipients.people_for(empty) == [county_staff]
    assert recipients.people_for(Audience("410526", bodies=(("test_empty", 1),))) == [city]


def test_each_person_is_told_once_however_many_roles_they_hold(county_staff):
    wc_role = staff("410522", role=Role.WORKING_COMMITTEE_STAFF, username="both")
    wc_role.groups.add(*county_staff.groups.all())
    recipients.register_body("test_chairs", lambda keys: {k: [county_staff.pk, wc_role.pk] for k in keys})
    audience = Audience("410522", roles=STAFF, users=(county_staff.pk,), bodies=(("test_chairs", "410522"),))
    assert sorted(u.pk for u in recipients.people_for(audience)) == sorted([county_staff.pk, wc_role.pk])
    outcome = run([due(1, audience=audience)])
    assert outcome.notifications == 2
    assert Notification.objects.filter(recipient=county_staff).count() == 1


def test_nobody_to_tell_is_logged_and_shown_on_the_workbench(client):
    # 滑县 has only a working-committee account: no committee staff there, in the city or the province.
    wc = staff("410526", role=Role.WORKING_COMMITTEE_STAFF, username="hua_wc")
    outcome = run([due(1, region="410526", link="/somewhere/")])
    assert outcome.undeliverable == 1 and outcome.notifications == 0
    log = ReminderLog.objects.get()
    assert log.status == ReminderStatus.UNDELIVERABLE and log.recipients == 0
    client.login(username=wc.username, password=PASSWORD)
    page = client.get(reverse("workbench"))
    assert page.status_code == 200
    assert "提醒无人可送达" in page.content.decode() and "事项1到期" in page.content.decode()


def test_the_warning_stays_in_its_branch(client, other_county_staff):
    run([due(1, region="410526")])
    client.login(username=other_county_staff.username, password=PASSWORD)
    page = client.get(reverse("workbench"))
    assert page.status_code == 200 and "提醒无人可送达" not in page.content.decode()


def test_a_reminder_claimed_by_another_sweep_is_not_sent_again(county_staff):
    """Two beats at once: the other one inserted the row first (and is sending); this one skips it."""
    first = due(1)
    ReminderLog.objects.create(
        target=first.target,
        stage=first.stage,
        period=first.period,
        kind="test.due",
        region_id="410522",
        subject="x",
        claim="another-run",
    )
    outcome = run([first, due(2)])
    assert [d.target for d in outcome.claimed] == ["test.thing:2"]
    assert list(Notification.objects.values_list("subject", flat=True)) == ["事项2到期"]


def test_a_sweep_that_loses_the_insert_race_sends_nothing(county_staff):
    """The insert itself races: rows appear between this run's look-up and its insert."""
    items = [due(1), due(2)]
    real_logged = reminders._logged

    def raced(keys):
        found = real_logged(keys)  # nothing yet
        ReminderLog.objects.bulk_create(
            ReminderLog(
                target=d.target,
                stage=d.stage,
                period=d.period,
                kind=d.kind,
                region_id="410522",
                subject=d.subject,
                claim="the-other-beat",
            )
            for d in items
        )
        return found

    with mock.patch.object(reminders, "_logged", raced):
        outcome = run(items)
    assert outcome.claimed == [] and outcome.notifications == 0
    assert not Notification.objects.exists()


def test_a_worker_killed_mid_batch_leaves_nothing_and_the_next_run_sends_all_once(county_staff):
    items = [due(n, digest="", audience=Audience("410522", users=(county_staff.pk,))) for n in range(3)]
    real = reminders.notify_many
    calls = []

    def dies_on_the_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real(*args, **kwargs)

    with mock.patch.object(reminders, "notify_many", dies_on_the_second), pytest.raises(SystemExit):
        run(items)
    assert not ReminderLog.objects.exists() and not Notification.objects.exists()
    assert len(run(items).claimed) == 3
    assert run(items).claimed == []
    assert Notification.objects.filter(recipient=county_staff).count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_on_postgresql_send_once():
    import threading

    from django.db import connections

    user = staff("410522", username="race_staff")
    items = [due(n, audience=Audience("410522", users=(user.pk,))) for n in range(50)]
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        barrier.wait()
        results.append(len(run(items).claimed))
        connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 50] or sum(results) == 50
    assert Notification.objects.filter(recipient=user).count() == 50
