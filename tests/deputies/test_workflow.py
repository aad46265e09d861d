"""The deputies app's tables (deputies/workflow.py), walked from the tables themselves: a duty
activity, a professional group and an enterprise's opinion; their audit row is the history row."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Unit
from deputies.models import (
    Activity,
    ActivityStatus,
    Enterprise,
    EnterpriseLink,
    EnterpriseOpinion,
    ProfessionalGroup,
)
from deputies.workflow import ACTIVITY, ENTERPRISE_OPINION, GROUP, PARTICIPANT
from tests import transitions as t
from tests.factories import UserFactory, deputy_user

from .factories import DeputyFactory, activity

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 5)


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", region_id="410927")


@pytest.fixture
def activity_table(county_staff, outsider):
    d = DeputyFactory(user=deputy_user(username="participant"))
    a = activity([d], status=ActivityStatus.SUBMITTED)

    def make(state):
        Activity.objects.filter(pk=a.pk).update(status=state, return_reason="照片不清楚")
        return Activity.objects.get(pk=a.pk)

    return t.Table(
        machine=ACTIVITY,
        make=make,
        actor=lambda action, rec: d.user if action.who is PARTICIPANT else county_staff,
        outsider=outsider,
        audit_rows=lambda rec: rec.history.count(),
    )


@pytest.fixture
def group_table(county_staff, outsider):
    g = ProfessionalGroup.objects.create(name="教育专业小组", kind="professional", region_id="410522")

    def make(state):
        ProfessionalGroup.objects.filter(pk=g.pk).update(status=state, founded=DAY, dissolved=DAY)
        return ProfessionalGroup.objects.get(pk=g.pk)

    return t.Table(GROUP, make, lambda a, r: county_staff, outsider, lambda r: r.history.count())


@pytest.fixture
def enterprise_opinion_table(county_staff, outsider):
    e = Enterprise.objects.create(name="某公司", uscc="91350100M000100Y43", region_id="410522")
    link = EnterpriseLink.objects.create(enterprise=e, deputy=DeputyFactory(), start_date=DAY)
    op = EnterpriseOpinion.objects.create(link=link, text="贷款难", date=DAY)
    unit = Unit.objects.create(name="县发改委", region_id="410522")

    def make(state):
        EnterpriseOpinion.objects.filter(pk=op.pk).update(status=state, forwarded_to=unit, answer="已协调")
        return EnterpriseOpinion.objects.get(pk=op.pk)

    return t.Table(ENTERPRISE_OPINION, make, lambda a, r: county_staff, outsider, lambda r: r.history.count())


TABLES = {"activity_table": ACTIVITY, "group_table": GROUP, "enterprise_opinion_table": ENTERPRISE_OPINION}


def _each(params_of):
    return [pytest.param(name, *p.values, id=f"{name}-{p.id}") for name, m in TABLES.items() for p in params_of(m)]


@pytest.mark.parametrize("fixture,action", _each(t.actions))
def test_each_action_in_each_state(request, fixture, action):
    t.check_action_in_every_state(request.getfixturevalue(fixture), action)


@pytest.mark.parametrize("fixture,action", _each(t.actions))
def test_each_allowed_move_writes_its_history_row(request, fixture, action):
    table = request.getfixturevalue(fixture)
    t.check_moves_of(table, action)
    for to in table.machine.action(action).targets:
        assert table.make(to).history.first().history_change_reason == action


@pytest.mark.parametrize("fixture,src", _each(t.states))
def test_each_forbidden_move_is_refused(request, fixture, src):
    t.check_forbidden_from(request.getfixturevalue(fixture), src)


@pytest.mark.parametrize("state", ActivityStatus.values)
def test_the_activity_page_shows_the_buttons_of_the_table(client, activity_table, county_staff, state):
    a = activity_table.make(state)
    client.force_login(county_staff)
    html = client.get(reverse("deputies:activity", args=[a.pk])).content.decode()
    expected = {b.name for b in ACTIVITY.available(a, county_staff)}
    assert ('data-testid="verify"' in html) == ("verify" in expected)
    assert ('name="action" value="return"' in html) == ('data-testid="return"' in html) == ("return" in expected)
