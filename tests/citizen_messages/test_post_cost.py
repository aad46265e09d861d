"""What the citizen's message POST costs (issue 15): its queries, its cache round trips, and the work it
leaves to the beat (the email, the similar-items index) without losing the exactly-once guarantee.
Figures and the benchmark: docs/performance.md, tests/load/citizen_messages_post.py."""

import datetime
import os
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citizen_messages import abuse, services
from citizen_messages.models import DeputyToken, Message, Status
from notifications.models import EmailStatus, Notification
from notifications.tasks import sweep
from similar.models import Document
from similar.services import index_later, index_pending
from tests.citizen_messages.conftest import form_fields, submit
from tests.citizen_messages.factories import make_deputy, make_message, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dep(db):
    return make_deputy(name="王建国")


def _form(client, token, body):
    page = client.get(f"/d/{token}/").content.decode()
    return {"category": "problem", "consent": "on", "body": body, **form_fields(page)}


def _statements(queries) -> list[str]:
    """Each statement reduced to its verb and table ("SELECT deputytoken", "INSERT notification");
    savepoints (the test's own transaction) left out."""
    out = []
    for q in queries:
        sql = q["sql"]
        if re.match(r"(SAVEPOINT|RELEASE SAVEPOINT|BEGIN|COMMIT)\b", sql):
            continue
        if sql.startswith("WITH"):  # PostgreSQL: the INSERTs of one data-modifying WITH statement
            out += [f"INSERT {t.split('_', 1)[-1]}" for t in re.findall(r'INSERT INTO "(\w+)"', sql)]
            continue
        verb = sql.split()[0].upper()
        # A SELECT's own table is its last FROM (subqueries in the select list come before it).
        table = re.findall(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', sql)[-1 if verb == "SELECT" else 0]
        out.append(f"{verb} {table.split('_', 1)[-1] if '_' in table else table}")
    return out


def test_a_stored_message_costs_one_select_and_two_inserts(client, dep):
    """The whole successful POST: the token (with the replay check and today's count in it), the
    message and its notification. The test fails if a query is added."""
    token = token_of(dep).token
    assert submit(client, token, body="热身：敏感词表在本进程第一次加载").status_code == 200
    data = _form(client, token, "村口路灯坏了一个月")
    with CaptureQueriesContext(connection) as queries:
        r = client.post(f"/d/{token}/", data)
    assert r.status_code == 200 and "您的查询码" in r.content.decode()
    assert _statements(queries) == [
        "SELECT messages_deputytoken",
        "INSERT messages_message",
        "INSERT notification",
    ], [q["sql"][:120] for q in queries]
    # Round trips: on PostgreSQL both INSERTs are one statement (no BEGIN/COMMIT in a request either).
    sent = [q for q in queries if not re.match(r"(SAVEPOINT|RELEASE SAVEPOINT)\b", q["sql"])]
    assert len(sent) == (2 if connection.vendor == "postgresql" else 3)
    m = Message.objects.get(body="村口路灯坏了一个月")
    assert Notification.objects.filter(recipient=dep.user, dedup_key=f"cm:{m.pk}:new").count() == 1


def test_a_replay_costs_two_selects_and_writes_nothing(client, dep):
    token = token_of(dep).token
    data = _form(client, token, "同一张表单")
    assert client.post(f"/d/{token}/", data).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.post(f"/d/{token}/", data)
    assert again.status_code == 200 and "不会重复提交" in again.content.decode()
    assert _statements(queries) == ["SELECT messages_deputytoken", "SELECT messages_message"]
    assert Message.objects.count() == 1 and Notification.objects.count() == 1


def test_the_message_and_its_notification_are_one_transaction(client, dep, monkeypatch):
    """The outbox row cannot fail alone: if its insert fails, the message is not stored either."""
    real = services._new_notice

    def refused(message, pk):  # a notification row the database refuses (NOT NULL), on either path
        return {**real(message, pk), "kind": None}

    monkeypatch.setattr(services, "_new_notice", refused)
    token = token_of(dep).token
    client.raise_request_exception = False
    r = client.post(f"/d/{token}/", _form(client, token, "要么都存，要么都不存"))
    assert r.status_code == 500
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_the_post_publishes_nothing_and_the_sweep_sends_the_email(client, dep, django_capture_on_commit_callbacks):
    token = token_of(dep).token
    data = _form(client, token, "请修一修路灯")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(f"/d/{token}/", data).status_code == 200
    assert callbacks == []  # no broker publish in the citizen's request
    n = Notification.objects.get(recipient=dep.user)
    assert n.email_status == EmailStatus.PENDING
    assert sweep() == 1 and sweep() == 0  # the beat's sweep (every minute), once
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [dep.user.email]


def test_similar_index_of_a_posted_message_is_left_to_index_pending(client, dep):
    token = token_of(dep).token
    assert submit(client, token, body="东街路灯坏了半年，晚上一片漆黑").status_code == 200
    m = Message.objects.get()
    assert not Document.objects.filter(kind="message", object_id=m.pk).exists()
    assert index_pending() == 1
    assert Document.objects.filter(kind="message", object_id=m.pk).count() == 1
    assert index_pending() == 0
    # A later save (the deputy answers) indexes inline as before; a message made elsewhere is indexed
    # on save as before.
    other = make_message(dep, body="西街下水道堵了")
    assert Document.objects.filter(kind="message", object_id=other.pk).exists()


def test_index_pending_looks_back_two_days_and_index_later_refuses_other_kinds(dep):
    old = Message(deputy=dep, region_id=dep.region_id, body="三天前的留言", nonce="old", tracking_digest="d-old")
    index_later(old)
    old.save()
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    assert index_pending() == 0  # the weekly rebuild's job
    assert index_pending(since=timezone.now() - datetime.timedelta(days=4)) == 1
    from suggestions.models import Suggestion

    with pytest.raises(ValueError):
        index_later(Suggestion())


def test_the_token_query_answers_as_the_orm_does(dep, settings):
    """active_token's query, compiled once, against plain ORM reads: the same row, deputy, account,
    replay and daily cap, also after the cap is changed (the cap is part of the compiled SQL)."""
    token = token_of(dep)
    row = services.active_token(token.token)
    assert (row.pk, row.token, row.deputy_id) == (token.pk, token.token, dep.pk)
    assert (row.deputy.name, row.deputy.photo.name, row.deputy.region_id) == (dep.name, dep.photo.name, dep.region_id)
    assert (row.deputy.user.pk, row.deputy.user.email) == (dep.user.pk, dep.user.email)
    stored = make_message(dep, body="一")
    make_message(dep, body="二")
    yesterday = make_message(dep, body="昨天")
    Message.objects.filter(pk=yesterday.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    with_nonce = services.active_token(token.token, nonce=stored.nonce)
    assert with_nonce.stored_id == stored.pk
    assert services.received_today(dep.pk) == 2
    assert with_nonce.at_daily_cap is False  # 2 of 20
    settings.CITIZEN_MESSAGES_DAILY_CAP = 2
    assert services.active_token(token.token, nonce=stored.nonce).at_daily_cap is True
    settings.CITIZEN_MESSAGES_DAILY_CAP = 3
    assert services.active_token(token.token, nonce=stored.nonce).at_daily_cap is False
    assert services.active_token(token.token, nonce="no-such-form").stored_id is None
    services.rotate_token(dep)
    assert services.active_token(token.token) is None
    assert services.active_token("x" * 65) is None


def test_a_deputy_without_an_account_is_read_without_another_query(client):
    dep = make_deputy(name="李四", with_login=False)
    token = token_of(dep).token
    with CaptureQueriesContext(connection) as queries:
        row = services.active_token(token)
        assert row.deputy.user is None
    assert len(queries) == 1
    assert submit(client, token, body="没有账号的代表也收留言").status_code == 200
    assert Message.objects.get().status == Status.NEW and not Notification.objects.exists()


def test_token_rows_are_not_shared_between_requests(dep):
    """The rows are built from the query each time (nothing cached across requests)."""
    token = token_of(dep).token
    first = services.active_token(token)
    DeputyToken.objects.filter(token=token).update(is_active=False)
    assert services.active_token(token) is None and first.token == token


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no real Redis in this run")
def test_on_redis_the_post_makes_one_cache_round_trip_and_counts_exactly(client, dep, settings, monkeypatch):
    """One script call that reads the limits and the deputy's facts and counts all three limits."""
    import redis

    settings.CITIZEN_MESSAGES_RATE_LIMITS = {"ip": (2, 3600)}
    token = token_of(dep).token
    data = _form(client, token, "第一条")
    abuse.admit(token, "10.0.0.1", count=False, captcha_ok=False)  # Redis knows the script: no SCRIPT LOAD below
    commands = []
    real = redis.Redis.execute_command

    def counting(self, *args, **options):
        commands.append(args[0])
        return real(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    assert client.post(f"/d/{token}/", data).status_code == 200
    assert commands == ["EVALSHA"], commands
    monkeypatch.undo()
    key = abuse._keys(token, "127.0.0.1")["ip"]
    assert abuse.cache.get(key) == 1
    ttl = abuse._redis_client().ttl(abuse.cache.make_and_validate_key(key))
    assert 3600 < ttl <= 3605
    second, _values = abuse.admit(token, "127.0.0.1", count=True, captcha_ok=True)
    assert second.counted and not second.over and not second.exceeded  # 2 of 2
    third, _values = abuse.admit(token, "127.0.0.1", count=True, captcha_ok=True)
    assert third.exceeded and not third.counted  # refused before it is counted
    assert abuse.cache.get(key) == 2


def test_the_tracking_code_page_from_its_shell_escapes_the_name_and_differs_per_request(client):
    dep = make_deputy(name="王<b>")
    token = token_of(dep).token
    first = submit(client, token, body="一").content.decode()
    second = submit(client, token, body="二").content.decode()
    assert "王&lt;b&gt;" in first and "<b>" not in first
    codes = [re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', html).group(1) for html in (first, second)]
    assert codes[0] != codes[1] and f'name="code" value="{codes[1]}"' in second
    assert "__CM_SLOT" not in first + second


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement insert is PostgreSQL's path")
def test_the_one_statement_insert_writes_what_save_and_notify_write(client, dep):
    """The POST's data-modifying WITH against the ORM (message.save + notify): the same columns, the
    notification's key and link pointing at the new message, post_save sent for both."""
    from django.db.models.signals import post_save

    saved = []

    def seen(sender, instance, created, **kwargs):
        saved.append((sender.__name__, instance.pk, created, getattr(instance, "dedup_key", None)))

    post_save.connect(seen, dispatch_uid="test_one_statement")
    try:
        token = token_of(dep).token
        assert submit(client, token, body="经一条语句写入").status_code == 200
    finally:
        post_save.disconnect(dispatch_uid="test_one_statement")
    fast = Message.objects.get(body="经一条语句写入")
    orm = make_message(dep, body="经 ORM 写入")
    services._notify_deputy_new(orm, new=True)
    skip = {"id", "body", "nonce", "tracking_digest", "created_at", "token_id"}
    columns = [f.attname for f in Message._meta.concrete_fields if f.attname not in skip]
    assert {c: getattr(fast, c) for c in columns} == {c: getattr(orm, c) for c in columns}
    notes = {n.dedup_key: n for n in Notification.objects.filter(recipient=dep.user)}
    one, other = notes[f"cm:{fast.pk}:new"], notes[f"cm:{orm.pk}:new"]
    assert one.link == f"/messages/inbox/{fast.pk}/" and other.link == f"/messages/inbox/{orm.pk}/"
    skip = {"id", "dedup_key", "link", "created_at", "body"}
    columns = [f.attname for f in Notification._meta.concrete_fields if f.attname not in skip]
    assert {c: getattr(one, c) for c in columns} == {c: getattr(other, c) for c in columns}
    assert one.created_at >= fast.created_at
    assert ("Message", fast.pk, True, None) in saved
    assert ("Notification", one.pk, True, f"cm:{fast.pk}:new") in saved  # the receivers see the real key
