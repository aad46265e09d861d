"""The citizen message's table (citizen_messages/workflow.py), walked from the table itself, and
the cards each role sees on the inbox and staff pages."""

import pytest
from django.urls import reverse

from accounts.models import Unit
from accounts.roles import Role
from citizen_messages.models import Message, Status
from citizen_messages.workflow import DEPUTY, MACHINE, UNIT
from tests import transitions as t
from tests.factories import UserFactory

from .factories import make_deputy, make_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(county_staff):
    deputy = make_deputy()
    message = make_message(deputy)
    unit = Unit.objects.create(name="安阳县住建局", region_id="410522")
    unit_user = UserFactory(username="unit_cm", unit=unit, roles=[Role.UNIT_STAFF])

    def make(state):
        Message.objects.filter(pk=message.pk).update(
            status=state, answer="已联系", rating="", forwarded_unit=unit, unit_reply="已安排维修"
        )
        return Message.objects.select_related("deputy").get(pk=message.pk)

    who = {DEPUTY: deputy.user, UNIT: unit_user}

    return t.Table(
        machine=MACHINE,
        make=make,
        actor=lambda a, m: who.get(a.who, county_staff),
        outsider=UserFactory(username="outsider", region_id="410927"),
        audit_rows=lambda m: m.events.count(),
    )


# Every action in every state, every allowed and every forbidden move (tests/transitions.py).
test_each_action_in_each_state, test_each_allowed_move_writes_its_audit_row, test_each_forbidden_move_is_refused = (
    t.table_tests(MACHINE)
)


# The action each card posts: the table's own names.
POSTED = {a.name: a.name for a in MACHINE.actions if a.button}


@pytest.mark.parametrize("state", t.states(MACHINE))
def test_the_pages_show_each_role_the_cards_of_the_table(client, table, county_staff, state):
    m = table.make(state)
    deputy_user = m.deputy.user
    for user, url in (
        (deputy_user, reverse("citizen_messages:inbox_detail", args=[m.pk])),
        (county_staff, reverse("citizen_messages:staff_detail", args=[m.pk])),
    ):
        client.force_login(user)
        r = client.get(url)
        if r.status_code == 404:  # a deputy never sees a message staff held or hid
            assert user == deputy_user and state in (Status.HELD, Status.HIDDEN)
            continue
        assert r.status_code == 200
        html = r.content.decode()
        shown = {name for name, posted in POSTED.items() if f'name="action" value="{posted}"' in html}
        assert shown == {a.name for a in MACHINE.available(m, user)}, (state, user.username)


def test_a_posted_action_the_table_refuses_is_refused_with_its_chinese_message(client, table, county_staff):
    closed = table.make(Status.CLOSED)
    client.force_login(closed.deputy.user)
    r = client.post(reverse("citizen_messages:inbox_detail", args=[closed.pk]), {"action": "forward", "to_staff": "on"})
    assert r.status_code == 400
    assert "该留言当前状态不能转办" in r.content.decode()
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED

    # a deputy posting a staff action to the inbox page
    r = client.post(reverse("citizen_messages:inbox_detail", args=[closed.pk]), {"action": "release"})
    assert r.status_code == 400 and "只有本级人大常委会工作人员可以执行此操作" in r.content.decode()

    held = table.make(Status.HELD)
    client.force_login(county_staff)
    r = client.post(reverse("citizen_messages:staff_detail", args=[held.pk]), {"action": "handle"})
    assert r.status_code == 400 and "只有收到留言的代表本人可以办理" in r.content.decode()
    held.refresh_from_db()
    assert held.status == Status.HELD
