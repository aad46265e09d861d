"""Browser journey of the cross-region collaboration: Taiqian staff record a joint meeting whose
decision becomes a problem item; the Yanggu liaison logs in on a phone and adds an update to it; the
board shows it moving from 待办理 to 办理中. Desktop 1366×768, phone 390×844."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts import demo as accounts_demo
from accounts.demo import DEMO_PASSWORD
from collaboration import demo
from collaboration.models import Collaboration
from tests.e2e.conftest import login

DECISION = "金堤河跨界桥梁安全隐患联合排查"


@pytest.fixture
def five(transactional_db):
    accounts_demo.seed()
    demo.seed()
    return Collaboration.objects.get(name=demo.FIVE)


def test_a_meeting_decision_becomes_an_item_the_liaison_moves(live_server, desktop, phone, shot, five):
    desktop.set_viewport_size({"width": 1366, "height": 768})
    phone.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url

    # Taiqian staff: from the header menu to the collaboration, then record the second joint meeting.
    login(desktop, base, "taiqian_staff", DEMO_PASSWORD)
    expect(desktop).to_have_url(f"{base}/workbench/")
    desktop.get_by_test_id("main-menu").click()
    desktop.get_by_role("link", name="跨区域联动").first.click()
    desktop.get_by_role("link", name=demo.FIVE).click()
    expect(desktop.get_by_test_id("fig-partners")).to_have_text("4")
    expect(desktop.get_by_test_id("partner-names")).to_have_text("阳谷、东平、梁山、郓城")
    expect(desktop.get_by_test_id("fig-items")).to_have_text("12")
    expect(desktop.get_by_test_id("fig-disputes")).to_have_text("13")
    shot(desktop, "collaboration-page-desktop")
    desktop.get_by_role("link", name="记录联席会议").click()
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    desktop.fill("input[name=date]", yesterday)
    desktop.select_option("select[name=host]", label="阳谷县")
    desktop.fill("input[name=place]", "阳谷县")
    desktop.fill("textarea[name=decisions]", DECISION)
    desktop.select_option("select[name=category]", label="基础设施")
    desktop.select_option("select[name=lead]", label="台前县")
    desktop.get_by_label("阳谷县").check()
    desktop.get_by_role("button", name="保存会议").click()
    expect(desktop.get_by_role("heading", name="第2次联席会议")).to_be_visible()
    expect(desktop.get_by_test_id("meeting-items")).to_contain_text(DECISION)
    desktop.get_by_role("link", name=demo.FIVE).click()
    expect(desktop.get_by_test_id("column-open")).to_contain_text(DECISION)
    expect(desktop.get_by_test_id("fig-items")).to_have_text("13")

    # The Yanggu liaison, on a phone: lands on their collaborations and adds an update to the new item.
    login(phone, base, "yanggu_liaison", DEMO_PASSWORD)
    expect(phone).to_have_url(f"{base}/collaboration/")
    expect(phone.get_by_test_id("collaboration-row")).to_have_count(1)
    phone.get_by_role("link", name=demo.FIVE).click()
    phone.get_by_test_id("column-open").get_by_role("link", name=DECISION).click()
    expect(phone.get_by_test_id("item-status")).to_have_text("待办理")
    expect(phone.get_by_test_id("action-resolve")).to_have_count(0)
    phone.fill("textarea[name=note]", "阳谷县交通局已派员对接，下周联合排查")
    phone.get_by_role("button", name="报送进展").click()
    expect(phone.get_by_test_id("item-status")).to_have_text("办理中")
    expect(phone.get_by_test_id("updates")).to_contain_text("阳谷县交通局已派员对接")
    shot(phone, "collaboration-item-liaison-phone")
    phone.get_by_role("link", name=demo.FIVE).click()
    expect(phone.get_by_test_id("column-in_progress")).to_contain_text(DECISION)
    expect(phone.get_by_test_id("column-open")).not_to_contain_text(DECISION)
    shot(phone, "collaboration-board-liaison-phone")

    # Back on the desktop the board shows it moved.
    desktop.reload()
    expect(desktop.get_by_test_id("column-in_progress")).to_contain_text(DECISION)
    shot(desktop, "collaboration-board-desktop")
