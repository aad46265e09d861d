"""Each workflow page is reachable from its role's workbench or home, never only by typing a URL."""

import pytest
from django.urls import reverse

from accounts.models import Unit
from tests.factories import deputy_user, unit_user

pytestmark = pytest.mark.django_db


def test_a_units_workbench_links_what_is_assigned_to_it(client):
    client.force_login(unit_user(Unit.objects.create(name="安阳县交通运输局", region_id="410522"), username="u1"))
    html = client.get(reverse("workbench")).content.decode()
    for name in ("liaison_stations:unit_opinions", "citizen_messages:unit_inbox", "livelihood:unit_projects"):
        assert reverse(name) in html, name


def test_staff_workbench_links_swaps_enterprises_and_groups(client, county_staff):
    client.force_login(county_staff)
    html = client.get(reverse("workbench")).content.decode()
    for name in ("liaison_stations:swaps", "deputies:enterprises", "deputies:groups"):
        assert reverse(name) in html, name


def test_deputy_home_links_their_enterprises(client):
    client.force_login(deputy_user(username="d1"))
    assert reverse("deputies:my_enterprises") in client.get(reverse("deputy_home")).content.decode()
