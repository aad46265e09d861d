import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.admin import PortalUserChangeForm
from accounts.roles import GROUP_NAMES, Role, group_for
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())


def test_roles_have_their_permissions():
    perms = set(group_for(Role.AUDIT_ADMIN).permissions.values_list("codename", flat=True))
    assert "view_logentry" in perms and "change_user" not in perms
    assert "change_group" in set(group_for(Role.SECURITY_ADMIN).permissions.values_list("codename", flat=True))


@pytest.mark.parametrize(
    "first,second",
    [
        (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
        (Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN),
        (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN),
    ],
)
def test_no_user_holds_two_administrator_roles(first, second):
    user = staff(role=first)
    with pytest.raises(ValidationError), transaction.atomic():
        user.groups.add(group_for(second))
    with pytest.raises(ValidationError), transaction.atomic():
        group_for(second).user_set.add(user)
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_NAMES[first]]


def test_two_admin_roles_at_once_are_refused():
    user = UserFactory()
    with pytest.raises(ValidationError), transaction.atomic():
        user.groups.add(group_for(Role.SYSTEM_ADMIN), group_for(Role.AUDIT_ADMIN))
    assert not user.groups.exists()


def test_an_administrator_may_also_be_committee_staff():
    user = staff(role=Role.SYSTEM_ADMIN)
    user.groups.add(group_for(Role.COMMITTEE_STAFF))
    assert user.groups.count() == 2


def test_admin_form_shows_the_rule_in_chinese():
    user = UserFactory()
    form = PortalUserChangeForm(
        instance=user,
        data={
            "username": user.username,
            "region": "410522",
            "groups": [group_for(Role.SYSTEM_ADMIN).pk, group_for(Role.SECURITY_ADMIN).pk],
            "is_active": "on",
        },
    )
    assert not form.is_valid()
    assert "不得由同一人兼任" in str(form.errors["groups"])


def test_staff_account_must_belong_to_a_region():
    user = UserFactory(region=None)
    form = PortalUserChangeForm(
        instance=user,
        data={"username": user.username, "groups": [group_for(Role.COMMITTEE_STAFF).pk], "is_active": "on"},
    )
    assert not form.is_valid()
    assert "必须属于一个区划" in str(form.errors["region"])
