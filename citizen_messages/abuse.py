"""Abuse controls of the public message form, all cheap and all failing OPEN.

- Rate limits: fixed-window counters in Django's cache, per token, per client IP and global. When
  the cache (Redis) is unreachable the limits are skipped (and skipped for a short back-off so each
  request does not wait for a dead server again): a valid message is never lost to an outage.
- A signed form stamp: the one-time nonce (its unique index in the database makes a double tap or a
  replay store one message), when the form was rendered (minimum fill time) and the token it was
  rendered for.
- An offline arithmetic captcha, shown only when a limit is near.
- Sensitive words: Aho-Corasick over NFKC-normalised, lower-cased text without spaces and
  punctuation, so "敏 感", full-width letters and the like still match.
"""

import random
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass

import ahocorasick
from django.conf import settings
from django.core import signing
from django.core.cache import cache

from core.cache import fail_open, reset_backoff  # noqa: F401 (reset_backoff: the tests reset the outage)

DEFAULT_LIMITS = {
    # name: (max requests, window in seconds)
    "token": (30, 3600),
    "ip": (10, 3600),
    "global": (600, 60),
}
NEAR_FRACTION = 0.7  # the captcha appears from 70 % of any limit


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "CITIZEN_MESSAGES_RATE_LIMITS", {})}


def min_fill_seconds() -> float:
    return getattr(settings, "CITIZEN_MESSAGES_MIN_FILL_SECONDS", 3)


def _cache_call(fn, default):
    return fail_open(fn, default, "citizen message limits skipped")


def _keys(token: str, ip: str) -> dict[str, str]:
    now = int(time.time())
    out = {}
    for name, (_limit, window) in limits().items():
        subject = {"token": token, "ip": ip, "global": "all"}[name]
        out[name] = f"cm:rl:{name}:{subject}:{now // window}"
    return out


@dataclass
class LimitState:
    exceeded: bool = False  # a limit was reached before this request
    near: bool = False  # this submission would reach NEAR_FRACTION of a limit: the captcha is asked
    counted: bool = False  # admit(): this submission was counted
    over: bool = False  # admit(): counting it went over a limit (a concurrent burst)


def peek(token: str, ip: str, extra_keys=()) -> tuple[LimitState, dict]:
    """How close the counters are to their limits (no increment), and the values of `extra_keys`
    fetched in the same round trip to the cache ({} when the cache is down)."""
    keys = _keys(token, ip)
    values = _cache_call(lambda: cache.get_many([*keys.values(), *extra_keys]), {})
    state = LimitState()
    for name, key in keys.items():
        limit = limits()[name][0]
        count = int(values.get(key) or 0)
        if count >= limit:
            state.exceeded = True
        if count + 1 >= limit * NEAR_FRACTION:  # this submission would reach 70 %
            state.near = True
    return state, values


def cache_set(key: str, value, timeout: int) -> None:
    _cache_call(lambda: cache.set(key, value, timeout), None)


def _redis_client():
    """The redis.Redis client behind the default cache, or None when the cache is not Redis."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def hit(token: str, ip: str) -> LimitState:
    """Count one submission against every limit and say whether this one went over. Counting before
    storing closes the race of many concurrent submissions all passing a check made before any of them
    was counted. For a cache other than Redis (admit() counts on Redis in its script). Cache down: not
    exceeded (fail open)."""
    keys = _keys(token, ip)
    rules = limits()

    def incr_all():
        state = LimitState()
        for name, key in keys.items():
            limit, window = rules[name]
            if cache.add(key, 1, timeout=window + 5):
                count = 1
            else:
                try:
                    count = cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, timeout=window + 5)
                    count = 1
            if count > limit:
                state.exceeded = True
        return state

    return _cache_call(incr_all, LimitState())


_ADMIT_LUA = """
local n = tonumber(ARGV[1])
local near_fraction = tonumber(ARGV[4])
local exceeded, near = 0, 0
for i = 1, n do
  local limit = tonumber(ARGV[3 + 2 * i])
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= limit then exceeded = 1 end
  if count + 1 >= limit * near_fraction then near = 1 end
end
local counted, over = 0, 0
if ARGV[2] == '1' and exceeded == 0 and (near == 0 or ARGV[3] == '1') then
  counted = 1
  for i = 1, n do
    redis.call('SET', KEYS[i], 0, 'NX', 'EX', ARGV[4 + 2 * i])
    if redis.call('INCR', KEYS[i]) > tonumber(ARGV[3 + 2 * i]) then over = 1 end
  end
end
local out = {exceeded, near, counted, over}
for i = n + 1, #KEYS do out[#out + 1] = redis.call('GET', KEYS[i]) or false end
return out
"""
_admit_script = None


def admit(token: str, ip: str, *, count: bool, captcha_ok: bool, extra_keys=()) -> tuple[LimitState, dict]:
    """peek() and then, when `count` (the caller found the submission otherwise acceptable), no limit
    was reached and the captcha is not asked or `captcha_ok`, hit(): on Redis in one script call, so the
    citizen's POST makes one cache round trip instead of two, and no concurrent request can slip in
    between the look and the count. Also returns the values of `extra_keys`, as peek() does. Cache
    down: nothing reached, nothing counted (fail open)."""
    client = _redis_client()
    if client is None:
        state, values = peek(token, ip, extra_keys)
        if count and not state.exceeded and (not state.near or captcha_ok):
            state.counted, state.over = True, hit(token, ip).exceeded
        return state, values
    keys, rules = _keys(token, ip), limits()
    names, extra_keys = list(keys), list(extra_keys)

    def run():
        global _admit_script
        if _admit_script is None:
            _admit_script = client.register_script(_ADMIT_LUA)
        args = [len(names), int(bool(count)), int(bool(captcha_ok)), NEAR_FRACTION]
        for name in names:
            args += [rules[name][0], rules[name][1] + 5]
        made = [cache.make_and_validate_key(key) for key in [*keys.values(), *extra_keys]]
        reply = _admit_script(keys=made, args=args, client=client)
        loads = cache._cache._serializer.loads
        values = {key: loads(raw) for key, raw in zip(extra_keys, reply[4:], strict=True) if raw is not None}
        return LimitState(*(bool(flag) for flag in reply[:4])), values

    return _cache_call(run, (LimitState(), {}))


def tracking_lookup_allowed(ip: str) -> bool:
    """Slow down guessing of tracking codes: 30 lookups per IP per 10 minutes."""
    key = f"cm:rl:track:{ip}:{int(time.time()) // 600}"

    def count():
        if cache.add(key, 1, timeout=605):
            return 1
        return cache.incr(key)

    return _cache_call(count, 0) <= 30


# --- the signed form stamp ------------------------------------------------------------------
STAMP_SALT = "citizen_messages.form"
STAMP_MAX_AGE = 6 * 3600


def make_stamp(token: str) -> str:
    return signing.dumps({"n": secrets.token_urlsafe(16), "t": int(time.time() * 10) / 10, "k": token}, salt=STAMP_SALT)


def read_stamp(stamp: str, token: str) -> dict | None:
    try:
        data = signing.loads(stamp, salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") != token or not data.get("n"):
        return None
    return data


# --- captcha --------------------------------------------------------------------------------
CAPTCHA_SALT = "citizen_messages.captcha"
NUMERALS = "零一二三四五六七八九十"


def make_captcha() -> tuple[str, str]:
    """(question, signed answer): e.g. 「七加五等于几？」 with the answer 12 signed in the form."""
    a, b = random.randint(1, 9), random.randint(1, 9)
    question = f"{NUMERALS[a]}加{NUMERALS[b]}等于几？（请填阿拉伯数字）"
    return question, signing.dumps({"a": a + b, "r": secrets.token_hex(4)}, salt=CAPTCHA_SALT)


def check_captcha(signed: str, answer: str) -> bool:
    try:
        data = signing.loads(signed or "", salt=CAPTCHA_SALT, max_age=STAMP_MAX_AGE)
    except signing.BadSignature:
        return False
    return str(data.get("a")) == (answer or "").strip()


# --- sensitive words ------------------------------------------------------------------------
def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("Z", "P", "C", "S")))


_automaton = None
_automaton_built = 0.0
_lock = threading.Lock()
AUTOMATON_TTL = 60  # seconds; an edit in this process invalidates at once (signals)


def invalidate_words(**kwargs) -> None:
    global _automaton
    _automaton = None


def _build():
    from .models import SensitiveWord

    automaton = ahocorasick.Automaton()
    for word, region_id in SensitiveWord.objects.values_list("word", "region_id"):
        key = normalise(word)
        if not key:
            continue
        if key in automaton:
            word_regions = automaton.get(key)
            word_regions[1].append(region_id)
        else:
            automaton.add_word(key, (word, [region_id]))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def sensitive_words_in(text: str, region_code: str) -> list[str]:
    """The sensitive words (as staff wrote them) in `text` that apply to `region_code`."""
    global _automaton, _automaton_built
    with _lock:
        if _automaton is None or time.monotonic() - _automaton_built > AUTOMATON_TTL:
            _automaton, _automaton_built = _build(), time.monotonic()
        automaton = _automaton
    if not len(automaton):
        return []
    found = []
    for _end, (word, regions) in automaton.iter(normalise(text)):
        if any(region_code.startswith(r) for r in regions) and word not in found:
            found.append(word)
    return found
