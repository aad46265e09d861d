"""Costly figures (a dashboard, a statistics page) from the cache, and from the database when the cache
has lost them.

Redis keeps nothing on disk: after a restart every cached dashboard is gone, and at province scale
recomputing one takes seconds (statistics 2.2 s, a dashboard 4–15 s at 1,000,000 messages,
docs/performance.md), which the first staff member to open it would wait for until the beat's next
warm-up. So each computation also writes its result to `ComputedCopy`, and a cache miss serves that
copy (it carries its own "as of" time) while it is younger than MAX_AGE.
"""

import datetime
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .cache import fail_open

# Older copies are recomputed: the beat refreshes the ones staff open first every 10 minutes, so a copy
# this old means the beat was not running, and the figures should not be served as they are.
MAX_AGE = datetime.timedelta(hours=1)
RETENTION = datetime.timedelta(days=2)


class CopyEncoder(DjangoJSONEncoder):
    """JSON with dates and times tagged, so that they come back as dates and times (the pages format
    "as of" with the date filter); lazy strings as text."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return {"__datetime__": o.isoformat()}
        if isinstance(o, datetime.date):
            return {"__date__": o.isoformat()}
        return super().default(o)


class CopyDecoder(json.JSONDecoder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, object_hook=self._hook, **kwargs)

    @staticmethod
    def _hook(d):
        if len(d) == 1:
            if "__datetime__" in d:
                return parse_datetime(d["__datetime__"])
            if "__date__" in d:
                return parse_date(d["__date__"])
        return d


def _cache_get(key):
    # Redis away: the database copy, else a computation, answers.
    return fail_open(lambda: cache.get(key), None, f"{key} read from its database copy")


def _cache_set(key, data, seconds):
    fail_open(lambda: cache.set(key, data, seconds), None, f"{key} not cached")


def remembered(key: str, compute, *, seconds: int, refresh: bool = False):
    """`compute()`'s result: from the cache (kept `seconds`); on a miss, from the database copy younger
    than MAX_AGE (put back in the cache); else computed, and then written to both. `refresh`: compute
    now (the beat's warm-up)."""
    from .models import ComputedCopy

    if not refresh:
        data = _cache_get(key)
        if data is not None:
            return data
        copy = ComputedCopy.objects.filter(key=key, computed_at__gte=timezone.now() - MAX_AGE).first()
        if copy is not None:
            _cache_set(key, copy.data, seconds)
            return copy.data
    data = compute()
    _cache_set(key, data, seconds)
    ComputedCopy.objects.update_or_create(key=key, defaults={"data": data, "computed_at": timezone.now()})
    return data


def prune() -> int:
    """Copies nobody asked for in RETENTION (a user's own dashboard of last week)."""
    from .models import ComputedCopy

    deleted, _detail = ComputedCopy.objects.filter(computed_at__lt=timezone.now() - RETENTION).delete()
    return deleted
