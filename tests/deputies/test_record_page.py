"""The performance record (一人一档) as a deputy reads it: other apps' sections show their figures,
the points table names every item in Chinese, and attending the congress session earns its points."""

import datetime

import pytest
from django.urls import reverse

from deputies import services
from deputies.models import AttendanceStatus, PointRule, Session, SessionAttendance

from .factories import DeputyFactory, seated, term_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(deputy):
    return seated(DeputyFactory(name="张晓梅", user=deputy, region_id="410522101"))


@pytest.fixture
def station_section(monkeypatch):
    # A section shaped like the stations' one, with figures no other part of the page shows,
    # declared on an AppConfig as the apps declare theirs.
    from django.apps import apps

    from core.registry import RecordSection, declared

    figures = {"total": 917, "attended": 913, "absent": 4, "receptions": 29, "opinions": 31}
    section = RecordSection(
        "test_station",
        "驻站测试栏目",
        lambda d, y: {**figures, "points": [("驻站值班到岗", 3)]},
        "liaison_stations/record_section.html",
    )
    monkeypatch.setattr(apps.get_app_config("livelihood"), "record_sections", [section], raising=False)
    declared.cache_clear()
    yield
    monkeypatch.undo()
    declared.cache_clear()


def test_section_figures_are_shown_on_the_record_page(client, deputy, me, station_section):
    client.force_login(deputy)
    page = client.get(reverse("deputies:my_record") + "?year=2026").content.decode()
    for figure in ("917", "913", ">4<", "29", "31"):
        assert figure in page, figure


def test_points_table_names_sections_in_chinese(client, deputy, me, station_section):
    PointRule.objects.create(region_id="410522", kind="test_station", points_participant=2)
    client.force_login(deputy)
    page = client.get(reverse("deputies:my_record") + "?year=2026").content.decode()
    table = page[page.index("积分构成") :]
    assert "<td>驻站测试栏目</td>" in table and "test_station" not in table
    for key in ("liaison_stations", "citizen_messages", "suggestions"):
        assert f"<td>{key}</td>" not in table


def test_attending_the_session_earns_its_points(client, deputy, me):
    PointRule.objects.create(region_id="410522", kind="session_attendance", points_participant=5)
    session = Session.objects.create(
        term=term_for(), number=4, start_date=datetime.date(2026, 1, 10), end_date=datetime.date(2026, 1, 13)
    )
    SessionAttendance.objects.create(session=session, deputy=me, status=AttendanceStatus.PRESENT)
    absent = seated(DeputyFactory(name="李四"))
    SessionAttendance.objects.create(session=session, deputy=absent, status=AttendanceStatus.LEAVE)
    assert services.points_for(me, 2026)[0] == 5
    assert services.points_for(me, 2025)[0] == 0
    assert services.points_for(absent, 2026)[0] == 0
    assert [(d.name, int(p)) for d, p in services.ranking(term_for(), 2026)] == [("张晓梅", 5), ("李四", 0)]
    client.force_login(deputy)
    page = client.get(reverse("deputies:my_record") + "?year=2026").content.decode()
    assert 'data-testid="points-total">5<' in page
    assert "<td>出席人代会</td><td>1</td><td>5</td>" in page
