"""The opinion loop's table (liaison_stations/workflow.py), walked from the table itself."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from liaison_stations.models import Opinion, OpinionState
from liaison_stations.workflow import MACHINE
from tests import transitions as t
from tests.factories import UserFactory, staff

from .factories import place, unit

pytestmark = pytest.mark.django_db

# What the database requires of each state (the check constraints of Opinion).
FILLED = {"result": "已列入计划。", "feedback": "已告知反映人。"}


@pytest.fixture
def table(county_staff):
    opinion = Opinion.objects.create(place=place(), category="other", text="路灯不亮")
    county_unit = unit()

    def make(state):
        Opinion.objects.filter(pk=opinion.pk).update(state=state, unit=county_unit, **FILLED)
        return Opinion.objects.select_related("place").get(pk=opinion.pk)

    return t.Table(
        machine=MACHINE,
        make=make,
        actor=lambda a, o: county_staff,
        outsider=UserFactory(username="outsider", region_id="410927"),
        audit_rows=lambda o: o.transitions.count(),
    )


# Every action in every state, every allowed and every forbidden move (tests/transitions.py).
test_each_action_in_each_state, test_each_allowed_move_writes_its_audit_row, test_each_forbidden_move_is_refused = (
    t.table_tests(MACHINE)
)


MOVE = re.compile(r'data-testid="move-([a-z_]+)"')


@pytest.mark.parametrize("state", OpinionState.values)
def test_the_page_shows_each_role_the_buttons_of_the_table(client, table, county_staff, state):
    opinion = table.make(state)
    reader = staff("410522", username="wc_reader", role=Role.WORKING_COMMITTEE_STAFF)
    for user in (county_staff, reader):
        client.force_login(user)
        r = client.get(reverse("liaison_stations:opinion", args=[opinion.pk]))
        assert r.status_code == 200
        shown = set(MOVE.findall(r.content.decode()))
        assert shown == {a.targets[0] for a in MACHINE.available(opinion, user)}, (state, user.username)
    assert not MACHINE.available(opinion, reader)  # working-committee staff read, they do not move
