"""A database that is down answers a Chinese "try again" page (503), and the next request works
without restarting anything. The real restart of PostgreSQL under load is tests/load/faults.py."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from citizen_messages.models import Message
from tests.citizen_messages.conftest import submit
from tests.citizen_messages.factories import make_deputy, token_of

pytestmark = pytest.mark.django_db(transaction=True)

CONNECT = "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection"


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_citizen_gets_a_chinese_retry_page_then_the_service_recovers(error, settings):
    settings.DEBUG = False
    deputy = make_deputy()
    token = token_of(deputy).token
    client = Client(raise_request_exception=False)
    from django.db import connection

    connection.close()  # the next query must open a connection: it is refused
    with mock.patch(CONNECT, side_effect=error):
        down = client.get(f"/d/{token}/")
    assert down.status_code == 503
    assert down["Retry-After"] == "10"
    assert "请稍后再试" in down.content.decode() and "没有保存" in down.content.decode()

    # The database is back: the same process answers and stores, nothing restarted.
    r = submit(client, token, body="路灯坏了，请修理")
    assert r.status_code in (200, 302)
    assert Message.objects.filter(body="路灯坏了，请修理").count() == 1


def test_other_errors_stay_500(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with mock.patch("renda_portal.health._database", side_effect=ValueError("bug")):
        r = client.get("/healthz/")
    assert r.status_code == 500 and "系统繁忙" in r.content.decode()
