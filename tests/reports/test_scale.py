"""Issue 18: the dashboard at a province's scale. Its period filters compare the stored datetimes with
the bounds of the period's days (an index serves them), and the staff's default dashboards are kept
warm by a task, shared by the staff of one region."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Region
from citizen_messages.models import Message
from core.dashboard import Scope
from reports import dashboard, periods
from tests.citizen_messages.factories import make_deputy, make_message
from tests.factories import deputy_user, staff

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _figure(user, period):
    data = dashboard.compute(Scope(user, Region.objects.get(code="410522"), period))
    return dashboard.figures_by_key(data)["messages"]


def test_period_bounds_are_the_local_days_and_the_filter_is_a_plain_range():
    user = staff("410522")
    deputy = make_deputy()
    # 00:30 on 1 January in Beijing is still 31 December in UTC: it belongs to the new year.
    for when in (datetime.datetime(2026, 1, 1, 0, 30), datetime.datetime(2025, 12, 31, 23, 30)):
        m = make_message(deputy)
        Message.objects.filter(pk=m.pk).update(created_at=when.replace(tzinfo=SHANGHAI))
    assert _figure(user, periods.parse({"period": "year", "year": 2026})) == 1
    assert _figure(user, periods.parse({"period": "year", "year": 2025})) == 1
    assert _figure(user, periods.month(2026, 1)) == 1
    with CaptureQueriesContext(connection) as ctx:
        _figure(user, periods.month(2026, 1))
    sqls = [q["sql"] for q in ctx.captured_queries if "citizen_messages_message" in q["sql"]]
    assert sqls and not [s for s in sqls if "AT TIME ZONE" in s.upper() or "django_datetime_cast_date" in s]


def test_warm_keeps_the_staff_dashboards_and_the_staff_of_a_region_share_them():
    first, second = staff("410522", username="dash_a"), staff("410522", username="dash_b")
    deputy = deputy_user("410522", username="dash_dep")
    make_message(make_deputy())
    cache.clear()
    assert dashboard.warm() == 2  # 410522: this year and this month
    for user in (first, second):
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:dashboard")).status_code == 200
        assert not [q for q in ctx.captured_queries if "citizen_messages_message" in q["sql"]]
    # Anyone who may own records (a deputy) has dashboards of their own.
    scope = Scope(deputy, Region.objects.get(code="410522"), periods.parse({}))
    assert dashboard._cache_key(scope) != dashboard._cache_key(Scope(first, scope.region, scope.period))


def test_after_a_cache_loss_the_dashboard_comes_from_its_database_copy():
    """Redis keeps nothing on disk: after a restart the warmed dashboards are served from the copies the
    warm-up wrote (core/copies.py), with their own "as of", instead of being recomputed in a request."""
    from core.models import ComputedCopy

    user = staff("410522", username="dash_copy")
    make_message(make_deputy())
    assert dashboard.warm() == 2
    assert ComputedCopy.objects.filter(key__startswith="reports:dashboard:branch-410522:").count() == 2
    client = Client()
    client.force_login(user)
    first = client.get(reverse("reports:dashboard"))
    cache.clear()  # the restart
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(reverse("reports:dashboard"))
    assert again.status_code == 200
    assert not [q for q in ctx.captured_queries if "citizen_messages_message" in q["sql"]]
    assert again.context["data"]["as_of"] == first.context["data"]["as_of"]
    stamp = f"数据截至 {timezone.localtime(first.context['data']['as_of']):%Y-%m-%d %H:%M}"
    assert stamp in first.content.decode() and stamp in again.content.decode()
