"""The master data kept in the browser admin: each list searches, shows useful columns, and the
admin theme keeps inlines and autocomplete labels within a 1366-px screen."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Unit
from tests.factories import deputy_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(county_staff):
    from core.models import Holiday
    from deputies.models import Enterprise, EnterpriseLink, ProfessionalGroup, uscc_check_char
    from livelihood.models import ChairsMeetingMember
    from suggestions.models import SupervisionGroup
    from tests.deputies.factories import DeputyFactory
    from tests.livelihood.factories import committee, congress

    county_staff.is_staff = True
    county_staff.save()
    dep = DeputyFactory(name="王建军", user=deputy_user(username="wjj"))
    first = "91410522MA0000001"
    steel = Enterprise.objects.create(
        name="安阳钢铁配件有限公司", uscc=first + uscc_check_char(first), region_id="410522"
    )
    EnterpriseLink.objects.create(enterprise=steel, deputy=dep, start_date=datetime.date(2024, 1, 1))
    ProfessionalGroup.objects.create(name="现代农业产业小组", kind="industry", region_id="410522")
    SupervisionGroup.objects.create(region_id="410522", year=2026, name="第一督办组", leader_post="主任")
    Holiday.objects.create(region_id="410522", date=datetime.date(2026, 10, 1), name="国庆节")
    committee(members=[county_staff])
    c, _session = congress()
    ChairsMeetingMember.objects.create(congress=c, user=county_staff, title="主任")
    Unit.objects.create(name="安阳县交通运输局", region_id="410522")


@pytest.mark.parametrize(
    "url_name, query, shown",
    [
        ("admin:core_holiday_changelist", "国庆", "国庆节"),
        ("admin:livelihood_chairsmeetingmember_changelist", "主任", "主任"),
        ("admin:deputies_workingcommittee_changelist", "财政", "成员人数"),
        ("admin:deputies_professionalgroup_changelist", "农业", "成员人数"),
        ("admin:deputies_enterprise_changelist", "钢铁", "联系代表"),
        ("admin:suggestions_supervisiongroup_changelist", "第一", "第一督办组"),
    ],
)
def test_master_data_lists_search_and_show_columns(client, data, county_staff, url_name, query, shown):
    client.force_login(county_staff)
    response = client.get(reverse(url_name), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="searchbar"' in html and shown in html


def test_admin_theme_keeps_inlines_and_autocompletes_within_the_screen(client, data, county_staff):
    from suggestions.models import SupervisionGroup

    client.force_login(county_staff)
    group = SupervisionGroup.objects.get()
    html = client.get(reverse("admin:suggestions_supervisiongroup_change", args=[group.pk])).content.decode()
    # The theme is a stylesheet of the portal's (the CSP refuses a <style> block): linked, and holding
    # the rules.
    from django.contrib.staticfiles import finders

    assert "css/admin_theme.css" in html
    theme = open(finders.find("css/admin_theme.css"), encoding="utf-8").read()
    assert ".inline-group .tabular { overflow-x: auto; }" in theme
    assert "white-space: normal" in theme  # autocomplete labels wrap instead of being cut
    assert 'name="visits-__prefix__-suggestion"' in html  # a visit names the key suggestion


def test_no_workflow_step_in_the_docs_sends_anyone_to_the_admin():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"
    text = docs.read_text()
    workflow, master = text.split("## Master data kept in the browser admin")
    steps = workflow.split("\n## ", 1)[1]  # the sections after the introduction
    assert "/admin/" not in steps
    for item in ("holidays", "working committees", "chairs' meeting", "groups", "enterprises"):
        assert item in master
