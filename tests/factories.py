"""Factories shared by every app's tests."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import Region, User
from accounts.roles import Role, group_for

PASSWORD = "Test-pass-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    region = factory.LazyFunction(lambda: Region.objects.get(code="410522"))

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(group_for(role))
            self.__dict__.pop("_role_keys", None)


def staff(region_code="410522", role=Role.COMMITTEE_STAFF, **kwargs):
    return UserFactory(region=Region.objects.get(code=region_code), roles=[role], is_staff=True, **kwargs)


def deputy_user(region_code="410522", **kwargs):
    return UserFactory(region=Region.objects.get(code=region_code), roles=[Role.DEPUTY], **kwargs)


def unit_user(unit, **kwargs):
    """A handling unit's contact staff: the unit role, linked to the unit, in the unit's region."""
    return UserFactory(region=unit.region, roles=[Role.UNIT_STAFF], unit=unit, **kwargs)


def second_factor_device(user, confirmed=True):
    """The user's TOTP device (created confirmed if missing), ready for a fresh code: its last used
    time step and its throttle cleared, so a test may log the same user in twice within 30 seconds."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=confirmed)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0, drift=0)
    device.refresh_from_db()
    return device


def totp_code(device, steps=0) -> str:
    """The code the user's authenticator app shows now (or `steps` time steps later), computed from
    the device's key as RFC 6238 does."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def login_through_pages(client, username, password=PASSWORD):
    """Log in as a person does, through the login page and, for an account with a second factor,
    the code page (the code computed from the device's key). Returns the last response."""
    from accounts import second_factor
    from accounts.backends import find_user

    user = find_user(username)
    device = None
    if user is not None and (second_factor.required(user) or second_factor.totp_device(user)):
        device = second_factor_device(user)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    if device is not None and response.status_code == 302 and "/accounts/2fa/verify/" in response.url:
        response = client.post(response.url, {"code": totp_code(device)})
    return response


def pass_second_factor(client):
    """Mark the test client's session as past the second factor, after force_login()/login(): what
    tests/conftest.py does for every test, and the benchmarks in tests/load (run outside pytest) do
    after their force_login(), so they time the pages and not the redirect to the code page."""
    from accounts.second_factor import SESSION_KEY, VERIFIED

    session = client.session
    session[SESSION_KEY] = VERIFIED
    session.save()


def logged_in(user):
    """A test client logged in as `user` (force_login; tests/conftest.py passes the second factor)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
