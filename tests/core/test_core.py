"""What the core app gives every domain app: region rules, the working-day calendar and its holiday
table (edited by staff in the admin), and the one Excel writer."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import excel, regions, workdays
from core.models import Holiday
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_region_rules():
    assert regions.county_of("410522103") == "410522"
    assert regions.county_of("4105") == "4105" and regions.county_of("") == "" and regions.county_of(None) == ""
    assert regions.ancestors("410522103") == ["41", "4105", "410522", "410522103"]
    assert regions.in_branch("410522103", "410522") and not regions.in_branch("410927", "410522")
    assert not regions.in_branch("410522", "") and not regions.in_branch("", "41")


def test_governs_by_role_and_branch():
    from accounts.roles import Role

    county = staff("410522", username="ay")
    assert regions.governs(county, "410522103", Role.COMMITTEE_STAFF)
    assert not regions.governs(county, "410927", Role.COMMITTEE_STAFF)
    assert not regions.governs(county, "410522", Role.DEPUTY)


def test_calendar_uses_the_region_and_every_region_above_it():
    Holiday.objects.create(region_id="41", date=datetime.date(2026, 10, 1), name="国庆节")
    Holiday.objects.create(region_id="410522", date=datetime.date(2026, 10, 10), is_workday=True, name="调休")
    Holiday.objects.create(region_id="410927", date=datetime.date(2026, 10, 2), name="别县")
    cal = workdays.Calendar("410522103")
    assert not cal.is_workday(datetime.date(2026, 10, 1))  # province-wide day off
    assert cal.is_workday(datetime.date(2026, 10, 10))  # a Saturday worked in this county
    assert cal.is_workday(datetime.date(2026, 10, 2))  # another county's day off is not ours
    assert cal.add(datetime.date(2026, 9, 30), 1) == datetime.date(2026, 10, 2)


def test_staff_edit_the_holiday_table_in_the_admin(client):
    """The table moved from suggestions to core; county staff keep the right to edit it."""
    county = staff("410522", username="ay")
    client.force_login(county)
    url = reverse("admin:core_holiday_add")
    assert client.get(url).status_code == 200
    r = client.post(url, {"region": "410522", "date": "2026-10-08", "is_workday": "", "name": "国庆节"})
    assert r.status_code == 302
    assert Holiday.objects.get(date=datetime.date(2026, 10, 8)).region_id == "410522"
    assert client.get(reverse("admin:core_holiday_changelist")).status_code == 200


def test_excel_writer_keeps_formulas_as_text_and_values_as_values():
    data = excel.workbook_bytes("名单", ["姓名", "日期", "数"], [["=HYPERLINK(1)", datetime.date(2026, 1, 2), 3]])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.title == "名单"
    assert [c.value for c in ws[2]] == ["'=HYPERLINK(1)", datetime.datetime(2026, 1, 2), 3]
    response = excel.xlsx_response("代表名册", ["a"], [])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith(".xlsx")


def test_national_schedule_fills_the_table_and_keeps_staff_edits():
    from django.core.management import call_command

    # Staff already decided 2026-10-08 differently for the province; that row stays as it is.
    Holiday.objects.create(region_id="41", date=datetime.date(2026, 10, 8), is_workday=True, name="本省安排")
    call_command("load_holidays", "2026", "--region", "41", stdout=io.StringIO())
    rows = {h.date: h for h in Holiday.objects.filter(region_id="41")}
    assert not rows[datetime.date(2026, 10, 1)].is_workday and rows[datetime.date(2026, 10, 1)].name == "国庆节"
    assert rows[datetime.date(2026, 10, 10)].is_workday  # a Saturday worked (调休)
    assert rows[datetime.date(2026, 10, 8)].name == "本省安排" and rows[datetime.date(2026, 10, 8)].is_workday
    assert not any(d.weekday() >= 5 and not h.is_workday for d, h in rows.items())  # weekends need no row
    count = len(rows)
    call_command("load_holidays", "2026", "--region", "41", stdout=io.StringIO())  # idempotent
    assert Holiday.objects.filter(region_id="41").count() == count
    assert workdays.Calendar("410522").add(datetime.date(2026, 9, 30), 1) == datetime.date(2026, 10, 8)
