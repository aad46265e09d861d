"""The suggestion table (suggestions/workflow.py), walked from the table itself: every action in
every state, every allowed and every forbidden move, and the buttons each role sees on the page."""

import re

import pytest
from django.urls import reverse
from django.utils.timezone import now

from suggestions import services
from suggestions.models import CoSignature, State, Suggestion
from suggestions.workflow import AUTHOR, INVITED, LEAD_UNIT, MACHINE, PEER, STAFF, UNIT
from tests import transitions as t
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(world):
    w = world
    draft = services.create_draft(w.author, w.author.user, title="关于修路的建议", body="x", category="rural")
    CoSignature.objects.create(suggestion=draft, deputy=w.colleague)

    def make(state):
        Suggestion.objects.filter(pk=draft.pk).update(state=state, lead_unit=w.unit, round=1, submitted_at=now())
        return Suggestion.objects.select_related("author").get(pk=draft.pk)

    users = {
        AUTHOR: w.author.user,
        STAFF: w.staff,
        LEAD_UNIT: w.unit_user,
        UNIT: w.unit_user,
        INVITED: w.colleague.user,
        PEER: w.leader.user,  # a deputy of the county with no co-signature on it
    }
    return t.Table(
        machine=MACHINE,
        make=make,
        actor=lambda a, s: users.get(a.who, w.staff),
        outsider=UserFactory(username="outsider", region_id="410927"),
        audit_rows=lambda s: s.transitions.count(),
    )


# Every action in every state, every allowed and every forbidden move (tests/transitions.py).
test_each_action_in_each_state, test_each_allowed_move_writes_its_audit_row, test_each_forbidden_move_is_refused = (
    t.table_tests(MACHINE)
)


BUTTON = re.compile(r'data-testid="action-([a-z_]+)"')


@pytest.mark.parametrize("state", State.values)
def test_the_page_shows_each_role_the_buttons_of_the_table(client, world, table, state):
    """What each role sees on the record's page is what the table lets them do, in every state."""
    s = table.make(state)
    url = reverse("suggestions:detail", args=[s.pk])
    for user in (world.author.user, world.staff, world.unit_user, world.colleague.user):
        client.force_login(user)
        r = client.get(url)
        if r.status_code == 404:  # a draft stays private to its author and invited co-signers
            assert state == State.DRAFT and user in (world.staff, world.unit_user)
            continue
        assert r.status_code == 200
        shown = set(BUTTON.findall(r.content.decode()))
        assert shown == {a.name for a in MACHINE.available(s, user)}, (state, user.username)


def test_the_act_view_dispatches_through_the_table(client, world, table):
    s = table.make(State.SUBMITTED)
    client.force_login(world.unit_user)
    r = client.post(reverse("suggestions:act", args=[s.pk, "review"]), {"decision": "accept"})
    assert r.status_code == 400 and "只有本级人大常委会工作人员可以执行此操作" in r.content.decode()
    assert client.post(reverse("suggestions:act", args=[s.pk, "edit"])).status_code == 404  # not a button
    client.force_login(world.staff)
    r = client.post(reverse("suggestions:act", args=[s.pk, "review"]), {"decision": "accept"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.state == State.ACCEPTED
    row = s.transitions.last()
    assert (row.from_state, row.to_state, row.action, row.actor) == ("submitted", "accepted", "accept", world.staff)
