"""The 500s found with bad input (issue 14), each fixed at its root, and the one helper for ids."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from accounts.http import parse_id
from accounts.roles import Role
from deputies.models import Deputy, GroupKind, ProfessionalGroup
from tests.citizen_messages.conftest import form_fields
from tests.citizen_messages.factories import make_deputy, token_of
from tests.factories import staff

pytestmark = pytest.mark.django_db

HUGE = "1" * 20  # beyond 64 bits


@pytest.mark.parametrize(
    "raw,expected",
    [("7", 7), ("000012", 12), ("", None), ("0", None), ("-3", None), ("+3", None), (" 3", None), ("3.0", None),
     ("²", None), ("١٢", None), ("１２", None), (HUGE, None), ("9" * 18, 10**18 - 1), (None, None), ("1e3", None)],
)  # fmt: skip
def test_parse_id_accepts_ascii_ids_that_fit_64_bits_only(raw, expected):
    assert parse_id(raw) == expected


@pytest.fixture
def staff_client(db):
    c = Client()
    c.force_login(staff("410522", role=Role.COMMITTEE_STAFF, username="sec_staff"))
    return c


@pytest.mark.parametrize("value", [HUGE, "²", "abc", "-1", "1" * 19])
@pytest.mark.parametrize(
    "url,param",
    [("/stations/duties/attention/", "place"), ("/stations/opinions/", "place"), ("/messages/staff/", "deputy"),
     ("/livelihood/", "year")],
)  # fmt: skip
def test_integer_query_parameters_never_answer_500(staff_client, url, param, value):
    response = staff_client.get(f"{url}?{urlencode({param: value})}")
    assert response.status_code in (200, 302, 403, 404), (url, response.status_code)


def test_qr_image_url_with_a_20_digit_id_is_not_found(staff_client):
    assert staff_client.get(f"/messages/staff/qr/{HUGE}.png").status_code == 404


@pytest.mark.parametrize("param", ["group", "term"])
@pytest.mark.parametrize("value", ["abc", HUGE, "²"])
def test_deputies_changelist_filters_refuse_a_non_number(staff_client, param, value):
    # The filters are shown (and read) only when there is something to choose.
    deputy = make_deputy(name="李四")
    ProfessionalGroup.objects.create(name="农业组", kind=GroupKind.values[0], region=deputy.region)
    response = staff_client.get(f"/admin/deputies/deputy/?{param}={value}")
    # The admin's answer to a bad filter: back to the list with ?e=1, never a 500.
    assert response.status_code == 302 and "e=1" in response["Location"]


def test_public_message_post_declaring_gb18030_is_answered_without_500(db):
    deputy = make_deputy(name="王建国")
    token = token_of(deputy).token
    client = Client()
    fields = form_fields(client.get(f"/d/{token}/").content.decode())
    body = urlencode(
        {"category": "problem", "consent": "on", "content": "路灯坏了", "name": "张三", **fields}, encoding="gb18030"
    )
    response = client.post(f"/d/{token}/", body, content_type="application/x-www-form-urlencoded; charset=gb18030")
    assert response.status_code < 500
    assert Deputy.objects.filter(pk=deputy.pk).exists()


def test_a_nul_in_the_query_string_is_refused_before_any_search(staff_client):
    # PostgreSQL refuses NUL in a string literal: ?q=a%00b used to answer 500 on every search.
    response = staff_client.get("/messages/staff/?q=a%00b")
    assert response.status_code == 400 and "不允许的字符" in response.content.decode()


def test_a_multiple_choice_of_records_refuses_a_20_digit_id(db):
    from django import forms

    from accounts.models import Unit

    class Pick(forms.Form):
        units = forms.ModelMultipleChoiceField(queryset=Unit.objects.all())

    form = Pick({"units": [HUGE]})
    assert not form.is_valid() and "units" in form.errors
