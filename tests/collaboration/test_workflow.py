"""The problem list's table: open → in progress → resolved → closed, through core/transitions.py; and
every action in every state through the shared table-driven checks (tests/transitions.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from collaboration import services
from collaboration.models import Collaboration, ItemStatus, Member, ProblemItem
from collaboration.workflow import MACHINE
from tests import transitions as t
from tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(demo):
    lead = Member.objects.get(collaboration=demo, region_id="410927")
    return services.add_item(
        demo,
        title="跨界沟渠清淤",
        lead=lead,
        sides=[Member.objects.get(collaboration=demo, region_id="371521")],
        category="flood",
        due_date=datetime.date(2026, 12, 1),
    )


def test_the_table_moves_forward_only(item):
    assert MACHINE.moves() == {
        "open": {"in_progress"},
        "in_progress": {"in_progress", "resolved"},
        "resolved": {"in_progress", "closed"},
        "closed": set(),
    }
    user = User.objects.get(username="taiqian_staff")
    with pytest.raises(ValidationError, match="不能变更为“已销号”"):
        services.close(item, user)
    services.start(item, user)
    with pytest.raises(ValidationError, match="请填写说明"):
        services.resolve(item, user, note="  ")
    services.resolve(item, user, note="两县联合清淤完成")
    assert item.status == ItemStatus.RESOLVED and item.resolved_on
    services.reopen(item, user, note="汛期复查又有积水")
    assert item.status == ItemStatus.IN_PROGRESS and item.resolved_on is None
    services.resolve(item, user, note="再次清淤")
    services.close(item, user)
    with pytest.raises(ValidationError, match="已解决或销号"):
        services.add_update(item, user, note="还有进展")
    moves = list(item.updates.order_by("id").values_list("from_status", "to_status"))
    assert moves == [("open", "in_progress"), ("in_progress", "resolved"), ("resolved", "in_progress"),
                     ("in_progress", "resolved"), ("resolved", "closed")]  # fmt: skip


def test_staff_change_status_on_the_items_page(taiqian, item):
    url = reverse("collaboration:item", args=[item.pk])
    page = taiqian.get(url).content.decode()
    assert 'data-testid="action-start"' in page and 'data-testid="action-close"' not in page
    r = taiqian.post(reverse("collaboration:item_action", args=[item.pk, "start"]), {"note": ""})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS
    # a resolution without a note is refused, and the page keeps what was typed elsewhere
    r = taiqian.post(reverse("collaboration:item_action", args=[item.pk, "resolve"]), {"note": ""})
    assert r.status_code == 200 and "请检查填写的内容" in r.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_another_region_and_a_working_committee_cannot_move_it(item):
    wc = staff("410927", role="working_committee_staff", username="tq_wc2")
    assert MACHINE.refusal(item, "start", wc) == "只有本方人大常委会工作人员可以变更问题状态"
    other = staff("410522", username="ay3")
    assert MACHINE.refusal(item, "update", other)
    assert MACHINE.refusal(item, "start", User.objects.get(username="yanggu_liaison"))
    assert MACHINE.refusal(item, "update", User.objects.get(username="yanggu_liaison")) is None


@pytest.fixture
def table():
    keeper = staff("410927", username="tq_table")
    c = Collaboration.objects.create(name="测试联动", region_id="410927", started_on=datetime.date(2026, 6, 1))
    home = Member.objects.create(collaboration=c, region_id="410927", congress_name="台前县人大常委会")
    partner = Member.objects.create(collaboration=c, region_id="371521", congress_name="阳谷县人大常委会")
    item = services.add_item(c, title="测试问题", lead=home, sides=[partner], category="other")

    def make(state):
        ProblemItem.objects.filter(pk=item.pk).update(status=state)
        return ProblemItem.objects.select_related("collaboration").get(pk=item.pk)

    return t.Table(
        machine=MACHINE,
        make=make,
        actor=lambda action, record: keeper,
        outsider=staff("410522", username="ay_table"),
        audit_rows=lambda record: record.updates.count(),
    )


# Every action in every state, every allowed and every forbidden move (tests/transitions.py).
test_each_action_in_each_state, test_each_allowed_move_writes_its_audit_row, test_each_forbidden_move_is_refused = (
    t.table_tests(MACHINE)
)
