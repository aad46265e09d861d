"""Limits, captcha, the cache outage (fail open), sensitive words and the daily cap."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from accounts.models import Region
from citizen_messages import abuse
from citizen_messages.models import HoldReason, Message, SensitiveWord, Status
from notifications.models import Notification
from tests.citizen_messages.conftest import submit
from tests.citizen_messages.factories import make_deputy, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dep(db):
    return make_deputy(name="王建国")


def test_per_ip_limit_asks_captcha_when_near_then_refuses(client, dep, settings):
    settings.CITIZEN_MESSAGES_RATE_LIMITS = {"ip": (3, 3600)}
    token = token_of(dep).token
    assert submit(client, token, body="一").status_code == 200
    assert submit(client, token, body="二").status_code == 200
    # 2 of 3 ≥ 70 %: the captcha appears and a wrong answer is refused.
    page = client.get(f"/d/{token}/").content.decode()
    assert "验证问题" in page
    wrong = submit(client, token, body="三", captcha="999")
    assert wrong.status_code == 400 and "请正确回答验证问题" in wrong.content.decode()
    # The right answer passes.
    assert submit(client, token, body="三").status_code == 200
    assert Message.objects.count() == 3
    # Over the limit: refused with 429 even with the right answer, nothing stored.
    over = submit(client, token, body="四")
    assert over.status_code == 429 and "留言过于频繁" in over.content.decode()
    assert Message.objects.count() == 3


@time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, 1, tzinfo=datetime.UTC))
def test_per_token_and_global_limits(client, dep, settings):
    # The limits are fixed windows (a minute, an hour): start the clock just after a window opens,
    # so a slow machine never carries the test across a boundary that resets the counters.
    settings.CITIZEN_MESSAGES_RATE_LIMITS = {"token": (1, 3600), "ip": (100, 3600)}
    token = token_of(dep).token
    assert submit(client, token, body="一").status_code == 200
    assert submit(client, token, body="二").status_code == 429
    other = make_deputy(name="赵六")
    assert submit(client, token_of(other).token, body="三").status_code == 200  # another token is fine
    settings.CITIZEN_MESSAGES_RATE_LIMITS = {"global": (2, 60), "ip": (100, 3600)}
    assert submit(client, token_of(other).token, body="四").status_code == 429


def test_cache_unreachable_still_accepts_a_valid_message(client, dep, settings):
    """Point the cache at a closed port: limits fail open, the message is stored, no 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    from django.core.cache import caches

    caches._settings = None
    if hasattr(caches, "_connections"):
        caches._connections.__dict__.pop("default", None)
    try:
        import redis

        with pytest.raises(redis.exceptions.ConnectionError):
            caches["default"].get("probe")
        abuse.reset_backoff()
        page = client.get(f"/d/{token_of(dep).token}/")
        assert page.status_code == 200 and "个人信息处理说明" in page.content.decode()
        r = submit(client, token_of(dep).token, body="Redis 停了也要收到")
        assert r.status_code == 200
        assert Message.objects.filter(body="Redis 停了也要收到").count() == 1
        track = client.post("/messages/track/", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})
        assert track.status_code == 404  # no 500
    finally:
        caches._connections.__dict__.pop("default", None)


def test_sensitive_word_holds_the_message_for_review(client, dep, county_staff):
    SensitiveWord.objects.create(word="赌博", region=Region.objects.get(code="410522"))
    r = submit(client, token_of(dep).token, body="村里有人聚众 赌 博！")
    assert r.status_code == 200  # the citizen still gets a code
    m = Message.objects.get()
    assert m.status == Status.HELD and m.hold_reason == HoldReason.SENSITIVE and m.matched_words == "赌博"
    assert not Notification.objects.filter(recipient=dep.user).exists()  # the deputy waits for staff
    client.force_login(county_staff)
    assert client.post(f"/messages/staff/{m.pk}/", {"action": "release"}).status_code == 302
    m.refresh_from_db()
    assert m.status == Status.NEW
    assert Notification.objects.filter(recipient=dep.user, kind="citizen_messages.new").count() == 1


def test_sensitive_words_are_normalised_and_kept_to_their_branch(dep):
    SensitiveWord.objects.create(word="ＡＢＣ传销", region=Region.objects.get(code="410927"))
    abuse.invalidate_words()
    assert abuse.sensitive_words_in("abc 传-销", "410927001") == ["ＡＢＣ传销"]
    assert abuse.sensitive_words_in("abc 传-销", "410522001") == []  # another county's list
    assert abuse.sensitive_words_in("没有问题", "410927001") == []


def test_daily_cap_sends_the_rest_to_review(client, dep, settings):
    settings.CITIZEN_MESSAGES_DAILY_CAP = 2
    token = token_of(dep).token
    for body in ("一", "二", "三"):
        assert submit(client, token, body=body).status_code == 200
    statuses = list(Message.objects.order_by("id").values_list("status", "hold_reason"))
    assert statuses == [("new", ""), ("new", ""), ("held", "daily_cap")]


def test_counters_live_in_the_cache(client, dep):
    submit(client, token_of(dep).token, body="一")
    assert abuse.peek(token_of(dep).token, "127.0.0.1")[0].exceeded is False
    assert cache.get(abuse._keys(token_of(dep).token, "127.0.0.1")["ip"]) == 1
