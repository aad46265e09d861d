"""The logs hold no personal data: representative requests (a citizen's message with their phone,
logins with a password, tracking lookups, a 404, a server error whose message carries a phone number)
run with every logger at DEBUG, SQL included, through the handler settings.LOGGING configures; then
the captured text is grepped for what was planted."""

import io
import json
import logging
import re
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from citizen_messages.models import Message
from renda_portal.logs import JsonFormatter, RedactFilter
from tests.citizen_messages.conftest import submit
from tests.citizen_messages.factories import make_deputy, token_of
from tests.factories import PASSWORD, login_through_pages

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
WRONG_PASSWORD = "Zq9!wrongpass"


@pytest.fixture
def captured(settings):
    """The portal's console handler (with its filter and formatter), writing into a buffer."""
    settings.DEBUG = False
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactFilter) for f in h.filters))
    buffer = io.StringIO()
    old_stream = handler.setStream(buffer)
    loggers = [logging.getLogger(), logging.getLogger("django.db.backends"), logging.getLogger("django.request")]
    old_levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True  # SQL with its parameters, as LOG_LEVEL=DEBUG would log it
    yield buffer
    connection.force_debug_cursor = False
    for lg, level in zip(loggers, old_levels, strict=True):
        lg.setLevel(level)
    handler.setStream(old_stream)


def test_requests_leave_no_phone_password_session_or_tracking_code_in_the_logs(captured, county_staff):
    deputy = make_deputy()
    token = token_of(deputy).token
    citizen = Client(raise_request_exception=False)
    r = submit(citizen, token, body="小区路灯坏了", name="张三", mobile=PHONE)
    code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', r.content.decode()).group(1)
    assert Message.objects.filter(citizen_phone=PHONE).exists()
    citizen.post("/messages/track/", {"code": code})
    citizen.get("/d/no-such-token/")  # 404, logged with its path

    staff = Client(raise_request_exception=False)
    staff.post("/accounts/login/", {"username": county_staff.username, "password": WRONG_PASSWORD})
    staff.post("/accounts/login/", {"username": PHONE, "password": WRONG_PASSWORD})  # a phone typed as login
    login_through_pages(staff, county_staff.username)  # password, then the second factor's code
    session_id = staff.cookies["sessionid"].value
    assert staff.get("/workbench/").status_code == 200

    # A server error whose exception text carries a phone number and a session id.
    with mock.patch("renda_portal.health._database", side_effect=ValueError(f"mobile={PHONE} s={session_id}")):
        assert citizen.get("/healthz/").status_code == 500
    logging.getLogger("citizen_messages").warning("lookup %s by %s", code, PHONE)

    text = captured.getvalue()
    assert "Internal Server Error" in text and "INSERT" in text  # the capture did see the requests and SQL
    for secret in (PHONE, "139 1234 5678", PASSWORD, WRONG_PASSWORD, session_id, code, code.replace("-", "")):
        assert secret not in text, f"{secret!r} leaked into the logs"
    assert "139****5678" in text  # masked, so an operator can still tell two callers apart


def test_production_lines_are_json(captured):
    # Production (DEBUG=0) picks this formatter by default; the test settings run with DEBUG on.
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactFilter) for f in h.filters))
    text_formatter = handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        logging.getLogger("renda_portal").warning("citizen %s called", PHONE)
    finally:
        handler.setFormatter(text_formatter)
    lines = [json.loads(line) for line in captured.getvalue().splitlines() if line.startswith("{")]
    assert any(e["msg"] == "citizen 139****5678 called" and e["level"] == "WARNING" for e in lines)
