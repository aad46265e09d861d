"""Factories for citizen_messages tests: a county congress, deputies with a current mandate and
an active token, and messages."""

import datetime

from accounts.models import Region
from citizen_messages import services
from citizen_messages.models import Message, Status, digest
from deputies.models import Congress, Deputy, Level, Mandate, Term
from tests.factories import deputy_user

_counter = [0]


def term_of(county="410522"):
    region = Region.objects.get(code=county)
    congress, _ = Congress.objects.get_or_create(
        region=region, level=Level.COUNTY, defaults={"name": f"{region.name}人民代表大会"}
    )
    term, _ = Term.objects.get_or_create(
        congress=congress, number=16, defaults={"start_date": datetime.date(2021, 10, 1)}
    )
    return term


def make_deputy(county="410522", name="王建国", user=None, with_login=True, region=None):
    _counter[0] += 1
    if region is None:
        region = Region.objects.filter(code__startswith=county, kind="township").order_by("code").first()
    if user is None and with_login:
        user = deputy_user(county, username=f"cm_dep{_counter[0]}", full_name=name)
    deputy = Deputy.objects.create(name=name, gender="M", region=region, user=user)
    Mandate.objects.create(deputy=deputy, term=term_of(county), start_date=datetime.date(2021, 10, 1))
    services.ensure_token(deputy)
    return deputy


def token_of(deputy):
    return deputy.message_tokens.get(is_active=True)


def make_message(deputy, body="路灯坏了", status=Status.NEW, **kwargs):
    _counter[0] += 1
    nonce = f"t-{_counter[0]}"
    return Message.objects.create(
        deputy=deputy,
        region_id=deputy.region_id,
        body=body,
        status=status,
        nonce=nonce,
        tracking_digest=digest(services.tracking_code_for(nonce)),
        **kwargs,
    )
