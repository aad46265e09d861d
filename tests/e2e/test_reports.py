"""Browser journey of the statistics dashboard: a province's staff compare the cities, drill down
to a city's counties and a county, and open the records behind a figure."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from tests.deputies import factories as df
from tests.e2e.conftest import login
from tests.factories import PASSWORD, staff


def test_province_staff_drill_down_to_a_county_and_its_records(live_server, desktop, shot):
    staff("41", username="prov_staff")
    today = timezone.localdate()
    anyang = [df.seated(df.DeputyFactory(name=n)) for n in ("张晓梅", "王建国")]
    taiqian = df.seated(df.DeputyFactory(name="刘春风", region_id="410927"))
    df.activity(anyang, title="乡村道路调研", date=today - datetime.timedelta(days=1))
    df.activity(anyang[:1], title="小组视察", kind="inspection", date=today - datetime.timedelta(days=2))
    df.activity([taiqian], title="台前调研", date=today - datetime.timedelta(days=1))

    login(desktop, live_server.url, "prov_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    desktop.goto(f"{live_server.url}/reports/")
    comparison = desktop.get_by_test_id("comparison")
    expect(comparison.locator("canvas")).to_have_attribute("data-drawn", "true")
    expect(desktop.get_by_test_id("as-of")).to_contain_text("数据截至")
    shot(desktop, "reports-dashboard-province")

    comparison.get_by_role("link", name="安阳市").click()
    expect(desktop.get_by_test_id("region-name")).to_have_text("安阳市")
    row = desktop.get_by_test_id("compare-row").filter(has_text="安阳县")
    expect(row).to_contain_text("2")
    expect(desktop.get_by_test_id("compare-row").filter(has_text="台前县")).to_have_count(0)
    row.get_by_role("link", name="安阳县").click()

    expect(desktop.get_by_test_id("region-name")).to_have_text("安阳县")
    expect(desktop.get_by_test_id("comparison")).to_have_count(0)
    expect(desktop.get_by_test_id("figure-activities").locator("[data-value]")).to_have_text("2")
    expect(desktop.locator("canvas[data-chart=activities_by_kind]")).to_have_attribute("data-drawn", "true")
    shot(desktop, "reports-dashboard-county")
    desktop.get_by_test_id("figure-activities").click()
    expect(desktop.get_by_text("乡村道路调研")).to_be_visible()
    expect(desktop.get_by_text("小组视察")).to_be_visible()
    expect(desktop.get_by_text("台前调研")).to_have_count(0)
