"""Builders for the suggestions tests: a county congress with a session, deputies with logins,
handling units with a staff login."""

import datetime

from accounts.models import Region, Unit
from accounts.roles import Role
from deputies.models import Congress, Deputy, Level, Mandate, Session, Term
from tests.factories import UserFactory


def session(region_code="410522"):
    congress, _c = Congress.objects.get_or_create(
        region_id=region_code, level=Level.COUNTY, defaults={"name": "安阳县人民代表大会"}
    )
    term, _c = Term.objects.get_or_create(
        congress=congress, number=16, defaults={"start_date": datetime.date(2021, 10, 8)}
    )
    s, _c = Session.objects.get_or_create(
        term=term,
        number=4,
        defaults={"start_date": datetime.date(2026, 1, 7), "end_date": datetime.date(2026, 1, 10)},
    )
    return s


def deputy(name, region_code="410522", username=None, leader=False, with_login=True):
    user = None
    if with_login:
        user = UserFactory(
            username=username or f"d_{name}",
            full_name=name,
            region=Region.objects.get(code=region_code),
            roles=[Role.DEPUTY],
        )
    d = Deputy.objects.create(name=name, gender="M", region_id=region_code, user=user, is_leader=leader)
    term = session(region_code[:6]).term if region_code.startswith("410522") else None
    if term:
        Mandate.objects.create(deputy=d, term=term, start_date=term.start_date)
    return d


def unit(name, region_code="410522", staff_username=None):
    u, _c = Unit.objects.get_or_create(region_id=region_code, name=name)
    if staff_username:
        UserFactory(
            username=staff_username,
            full_name=f"{name}联络员",
            region=Region.objects.get(code=region_code),
            roles=[Role.UNIT_STAFF],
            unit=u,
        )
    return u
