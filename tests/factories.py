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
