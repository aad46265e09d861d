"""Exactly-once writes from the deputy's offline queue (core/idempotency.py, docs/offline.md): a
resend stores nothing twice and gets the first result back; a refusal says why, in Chinese."""

import datetime
import threading
import uuid

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from citizen_messages.models import Message, Status
from core.models import IdempotentRequest
from deputies.models import Activity
from liaison_stations import services as station_services
from tests.citizen_messages.factories import make_deputy, make_message
from tests.deputies.factories import DeputyFactory, image_file, seated
from tests.factories import deputy_user
from tests.liaison_stations.factories import deputy as station_deputy
from tests.liaison_stations.factories import place, station

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def _activity_form(**extra):
    return {"kind": "reception", "title": "联络站接待选民", "date": "2026-11-20", "place": "白璧镇", "summary": "",
            "opinions_count": "2", **extra}  # fmt: skip


@pytest.fixture
def me(db):
    user = deputy_user("410522", username="dep_offline", full_name="张晓梅")
    seated(DeputyFactory(name="张晓梅", user=user, region_id="410522101"))
    return user


def test_an_activity_sent_three_times_is_stored_once(client, me, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(me)
    url, key = reverse("deputies:my_activity_new"), str(uuid.uuid4())
    answers = [
        client.post(url, _activity_form(photos=image_file()), HTTP_IDEMPOTENCY_KEY=key, **JSON).json() for _ in range(3)
    ]
    assert Activity.objects.filter(title="联络站接待选民").count() == 1
    assert Activity.objects.get().photos.count() == 1
    assert answers[0]["ok"] and answers[0]["redirect"] == reverse("deputies:my_activities")
    assert "待工作人员审核" in answers[0]["messages"][0]
    assert answers[1] == {**answers[0], "replayed": True} == answers[2]
    # Another record (another key) is another activity.
    client.post(url, _activity_form(), HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), **JSON)
    assert Activity.objects.count() == 2


def test_the_plain_form_double_tapped_is_stored_once(client, me):
    client.force_login(me)
    url = reverse("deputies:my_activity_new")
    html = client.get(url).content.decode()
    assert 'name="idempotency_key"' in html
    key = str(uuid.uuid4())
    first = client.post(url, _activity_form(idempotency_key=key))
    again = client.post(url, _activity_form(idempotency_key=key), follow=True)
    assert first.status_code == 302 and again.redirect_chain[-1][0] == reverse("deputies:my_activities")
    assert "这条记录已经提交过，没有重复保存" in again.content.decode()
    assert Activity.objects.count() == 1


def test_a_refused_activity_says_why_and_stores_nothing(client, me):
    client.force_login(me)
    url, key = reverse("deputies:my_activity_new"), str(uuid.uuid4())
    refused = client.post(url, _activity_form(title=""), HTTP_IDEMPOTENCY_KEY=key, **JSON)
    assert refused.status_code == 422
    assert refused.json()["ok"] is False and "活动名称" in refused.json()["errors"][0]
    assert not IdempotentRequest.objects.exists() and not Activity.objects.exists()
    # Corrected, the same record goes through with the same key.
    assert client.post(url, _activity_form(), HTTP_IDEMPOTENCY_KEY=key, **JSON).json()["ok"]
    assert Activity.objects.count() == 1


def test_a_bad_key_is_refused_in_chinese(client, me):
    client.force_login(me)
    r = client.post(reverse("deputies:my_activity_new"), _activity_form(), HTTP_IDEMPOTENCY_KEY="x", **JSON)
    assert r.status_code == 400 and r.json()["errors"] == ["提交编号无效，请刷新页面后重试"]
    assert not Activity.objects.exists()


def test_answering_twice_answers_once_and_a_closed_message_is_refused(client):
    dep = make_deputy(name="王建国")
    m = make_message(dep)
    client.force_login(dep.user)
    url, key = reverse("citizen_messages:inbox_detail", args=[m.pk]), str(uuid.uuid4())
    data = {"action": "answer", "answer": "已联系村委会修路灯"}
    assert client.post(url, data, HTTP_IDEMPOTENCY_KEY=key, **JSON).json()["ok"]
    assert client.post(url, data, HTTP_IDEMPOTENCY_KEY=key, **JSON).json()["replayed"]
    m.refresh_from_db()
    assert m.status == Status.ANSWERED and m.events.filter(kind="answered").count() == 1
    empty = client.post(url, {"action": "answer", "answer": ""}, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), **JSON)
    assert empty.status_code == 422 and any("回复" in e for e in empty.json()["errors"])

    client.post(url, {"action": "handle"})
    late = client.post(url, {**data, "answer": "补充"}, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), **JSON)
    assert late.status_code == 422 and late.json()["errors"]
    assert Message.objects.get(pk=m.pk).answer == "已联系村委会修路灯"


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0), tick=False)
def test_a_duty_confirmed_twice_and_a_duty_given_to_someone_else(client):
    user = deputy_user(username="zxm")
    me = station_deputy("张晓梅本人", user=user)
    baibi = station(place(), [station_deputy("李建国")])
    duty = station_services.add_duty(baibi, me, datetime.date(2026, 12, 1))
    client.force_login(user)
    url, key = reverse("liaison_stations:duty_confirm", args=[duty.pk]), str(uuid.uuid4())
    first = client.post(url, HTTP_IDEMPOTENCY_KEY=key, **JSON).json()
    duty.refresh_from_db()
    confirmed_at = duty.confirmed_at
    assert first["ok"] and "已确认" in first["messages"][0]
    assert client.post(url, HTTP_IDEMPOTENCY_KEY=key, **JSON).json()["replayed"]
    duty.refresh_from_db()
    assert duty.confirmed_at == confirmed_at
    # Staff swapped the duty to a colleague while the phone was offline.
    duty.deputy = baibi.stationings.first().deputy
    duty.save()
    taken = client.post(url, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), **JSON)
    assert taken.status_code == 422 and "已不归您办理" in taken.json()["errors"][0]


@pytest.mark.django_db(transaction=True)
def test_two_tabs_sending_at_once_store_one_activity(me, tmp_path, settings):
    """Runs on PostgreSQL as on SQLite: the second insert of the key waits for, then yields to, the first."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is not shared between threads")
    from django.test import Client

    key, url, results = str(uuid.uuid4()), reverse("deputies:my_activity_new"), []
    start = threading.Barrier(2)

    def tab():
        c = Client()
        c.force_login(me)
        start.wait()
        results.append(c.post(url, _activity_form(), HTTP_IDEMPOTENCY_KEY=key, **JSON).json())
        connection.close()

    tabs = [threading.Thread(target=tab) for _ in range(2)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join()
    assert Activity.objects.count() == 1
    assert all(r["ok"] for r in results) and sorted(bool(r.get("replayed")) for r in results) == [False, True]


def test_replay_records_are_kept_a_week_then_pruned_by_the_nightly_job(client, me, settings):
    from accounts.roles import Role
    from core.tasks import prune_idempotent_requests
    from tests.factories import staff

    assert settings.CELERY_BEAT_SCHEDULE["core-prune-idempotent-requests"]["task"] == (
        "core.tasks.prune_idempotent_requests"
    )
    client.force_login(me)
    url, key = reverse("deputies:my_activity_new"), str(uuid.uuid4())
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert client.post(url, _activity_form(date="2026-10-30"), HTTP_IDEMPOTENCY_KEY=key, **JSON).json()["ok"]
    fresh_key = str(uuid.uuid4())
    with time_machine.travel(datetime.datetime(2026, 11, 7, 9, 0, tzinfo=datetime.UTC), tick=False):
        first = client.post(
            url, _activity_form(title="走访", date="2026-11-06"), HTTP_IDEMPOTENCY_KEY=fresh_key, **JSON
        )
        assert first.json()["ok"]
    with time_machine.travel(datetime.datetime(2026, 11, 8, 9, 1, tzinfo=datetime.UTC), tick=False):
        assert prune_idempotent_requests() == 1  # 7 days and a minute: the first one only
        assert prune_idempotent_requests() == 0
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == [uuid.UUID(fresh_key)]
    # Within the week a resend is still answered from its record, not stored again.
    with time_machine.travel(datetime.datetime(2026, 11, 8, 9, 2, tzinfo=datetime.UTC), tick=False):
        again = client.post(
            url, _activity_form(title="走访", date="2026-11-06"), HTTP_IDEMPOTENCY_KEY=fresh_key, **JSON
        ).json()
    assert again["replayed"] and Activity.objects.filter(title="走访").count() == 1

    # The system administrator reads them in the admin (their branch), and cannot change them.
    client.force_login(staff("410522", role=Role.SYSTEM_ADMIN, username="sysadmin_t"))
    record = IdempotentRequest.objects.get()
    listing = client.get(reverse("admin:core_idempotentrequest_changelist"))
    assert listing.status_code == 200 and str(record.key) in listing.content.decode()
    page = client.get(reverse("admin:core_idempotentrequest_change", args=[record.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(reverse("admin:core_idempotentrequest_delete", args=[record.pk])).status_code == 403
    client.force_login(staff("410927", role=Role.SYSTEM_ADMIN, username="sysadmin_tq"))
    assert client.get(reverse("admin:core_idempotentrequest_change", args=[record.pk])).status_code == 404
