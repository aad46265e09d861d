"""core/copies.py: costly figures from the cache, else from their database copy, else computed."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from core import cache as core_cache
from core.copies import remembered
from core.models import ComputedCopy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    core_cache.reset_backoff()
    yield
    core_cache.reset_backoff()


def test_a_cache_that_raises_is_skipped_and_the_database_copy_answers(monkeypatch):
    calls = []

    def compute():
        calls.append(1)
        return {"as_of": timezone.now(), "n": len(calls)}

    first = remembered("test:copy", compute, seconds=60)
    assert isinstance(first["as_of"], datetime.datetime)  # dates come back as dates from the copy too

    def down(*args, **kwargs):
        raise ConnectionError("redis away")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    again = remembered("test:copy", compute, seconds=60)
    assert again == first and len(calls) == 1  # served from the database, not recomputed
    # The outage is remembered: the next call does not wait for the cache again.
    assert core_cache._down_until > 0
    ComputedCopy.objects.update(computed_at=timezone.now() - datetime.timedelta(hours=2))
    assert remembered("test:copy", compute, seconds=60)["n"] == 2  # too old: computed, copy rewritten
    assert ComputedCopy.objects.get(key="test:copy").data["n"] == 2
