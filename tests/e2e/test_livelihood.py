"""Browser journeys of the livelihood projects: the vote, and the monthly review from the home page."""

import datetime
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import expect

from livelihood import services
from tests.e2e.conftest import login
from tests.factories import PASSWORD, staff
from tests.livelihood import factories as f

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def may_2026():
    with time_machine.travel(datetime.datetime(2026, 5, 24, 10, 0, tzinfo=TZ), tick=True):
        yield


def test_staff_enter_a_vote_and_see_the_chosen_projects(live_server, desktop, shot, may_2026):
    staff("410522", username="ay_staff", full_name="李静")
    sitting = f.sitting(candidates=3, top_n=2)
    names = list(sitting.candidates.order_by("id").values_list("name", flat=True))
    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    desktop.goto(f"{live_server.url}/livelihood/sittings/{sitting.pk}/")
    desktop.get_by_test_id("enter-votes").click()
    desktop.fill("input[name=deputies_present]", "148")
    rows = desktop.locator("tbody tr")
    for i, votes in enumerate([(120, 20, 8), (140, 5, 3), (60, 70, 18)]):
        for j, n in enumerate(votes):
            rows.nth(i).locator("input").nth(j).fill(str(n))
    # One typing error: more votes than deputies present.
    rows.nth(2).locator("input").nth(0).fill("80")
    desktop.get_by_role("button", name="计票并确定项目").click()
    expect(desktop.get_by_test_id("vote-errors")).to_contain_text("超过出席代表148人")
    shot(desktop, "livelihood-vote-error")
    desktop.locator("tbody tr").nth(2).locator("input").nth(0).fill("60")
    desktop.get_by_role("button", name="计票并确定项目").click()
    expect(desktop.get_by_test_id("chosen-projects").get_by_role("listitem")).to_have_text([names[1], names[0]])
    expect(desktop.locator("body")).to_contain_text("确定民生实事项目2项")
    shot(desktop, "livelihood-result-sheet")


def test_working_committee_records_the_monthly_review_from_the_home_page(live_server, phone, desktop, shot, may_2026):
    f.wc_user(username="wc_user")
    p = f.project(
        name="城区停车场建设",
        milestones=[
            ("完成选址", datetime.date(2026, 3, 1), datetime.date(2026, 3, 5)),
            ("3处建成", datetime.date(2026, 9, 1), None),
        ],
    )
    services.sweep(since=datetime.date(2026, 5, 1))
    login(phone, live_server.url, "wc_user", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/workbench/")
    panel = phone.get_by_test_id("livelihood-due-reviews")
    expect(panel).to_contain_text("城区停车场建设")
    shot(phone, "livelihood-wc-home-phone")
    panel.get_by_role("link", name="记录审议").first.click()
    phone.wait_for_url("**/livelihood/reviews/record/**")
    phone.fill("input[name=title]", "财经工委5月民生实事听取会")
    phone.fill("textarea[name=attendees]", "财经工委全体\n县城市管理局")
    entry = phone.get_by_test_id("record-entry").filter(has_text="城区停车场建设")
    expect(entry.locator("input[type=checkbox]")).to_be_checked()
    entry.locator("textarea").first.fill("两处停车场已开工，用地手续办理中")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "livelihood-record-phone")
    phone.get_by_role("button", name="保存审议记录").click()
    phone.wait_for_url(f"**/livelihood/projects/{p.pk}/")
    timeline = phone.get_by_test_id("timeline")
    expect(timeline).to_contain_text("2026年5月 每月听取")
    expect(timeline).to_contain_text("已审议")
    expect(timeline).to_contain_text("两处停车场已开工")
    shot(phone, "livelihood-timeline-phone")
    # The panel no longer lists it.
    phone.goto(f"{live_server.url}/workbench/")
    expect(phone.get_by_test_id("livelihood-due-reviews")).to_have_count(0)
    login(desktop, live_server.url, "wc_user", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    desktop.goto(f"{live_server.url}/livelihood/calendar/")
    expect(desktop.get_by_test_id("calendar-counts")).to_contain_text("已审议 1")
    shot(desktop, "livelihood-calendar-desktop")
    desktop.goto(f"{live_server.url}/livelihood/public/410522/2026/")
    expect(desktop.locator("main")).to_contain_text("城区停车场建设")
    expect(desktop.locator("main")).to_contain_text("50%")
    shot(desktop, "livelihood-public-desktop")
