"""What Taiqian staff see of the demo: the figures of the bulletin, computed from the records."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from collaboration.models import Dispute, DisputeKind, ItemStatus
from collaboration.services import figures

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_taiqian_staff_see_the_bulletins_figures(taiqian, demo, three):
    page = text(taiqian.get(reverse("collaboration:detail", args=[demo.pk])))
    assert 'data-testid="fig-partners">4<' in page
    assert "阳谷、东平、梁山、郓城" in page
    assert 'data-testid="fig-items">12<' in page
    assert 'data-testid="fig-disputes">13<' in page
    assert "鲁豫毗邻五县人大跨区域联动工作协议" in page
    assert "定期会商" in page and "专题协商" in page and "信息共享" in page
    assert page.count('data-testid="board-item"') == 12
    assert "学习交流 10" in page and "联合执法检查 6" in page and "征集意见建议 30 条" in page
    assert "联动工作内容（5个方面）" in page and "联动监督" in page
    assert "打渔陈镇田庄村农田积水排涝难" in page
    # the three-town agreement, on the list and on its page
    listing = text(taiqian.get(reverse("collaboration:list")))
    assert "豫鲁三镇人大跨区域联动工作协议" in listing and "2026-08-03" in listing
    town = text(taiqian.get(reverse("collaboration:detail", args=[three.pk])))
    for name in ("打渔陈镇", "十五里园镇", "小路口镇"):
        assert name in town


def test_figures_follow_the_records(demo):
    before = figures(demo)
    assert before["items"] == 12 and before["disputes_resolved"] == 13 and before["meetings"] == 1
    assert before["activities_by_kind"] == {"exchange": 10, "enforcement": 6, "research": 1}
    assert before["opinions"] == 30
    d = Dispute.objects.create(collaboration=demo, title="新纠纷", kind=DisputeKind.LAND, parties="甲、乙")
    assert figures(demo)["disputes"] == 14 and figures(demo)["disputes_resolved"] == 13
    d.resolved_on = d.collaboration.started_on
    d.save()
    assert figures(demo)["disputes_resolved"] == 14
    resolved = demo.items.filter(status__in=[ItemStatus.RESOLVED, ItemStatus.CLOSED]).count()
    assert before["items_resolved"] == resolved == 4


def test_lists_search_and_filter(taiqian, demo):
    items = taiqian.get(reverse("collaboration:items", args=[demo.pk]), {"q": "田庄村"})
    assert text(items).count('data-testid="item-row"') == 1
    opened = taiqian.get(reverse("collaboration:items", args=[demo.pk]), {"status": "open"})
    assert text(opened).count('data-testid="item-row"') == 3
    disputes = text(taiqian.get(reverse("collaboration:disputes", args=[demo.pk])))
    assert disputes.count('data-testid="dispute-row"') == 13
    land = text(taiqian.get(reverse("collaboration:disputes", args=[demo.pk]), {"q": "宅基地"}))
    assert land.count('data-testid="dispute-row"') == 1
    acts = text(taiqian.get(reverse("collaboration:activities", args=[demo.pk]), {"kind": "enforcement"}))
    assert acts.count('data-testid="activity-row"') == 6
    paged = text(taiqian.get(reverse("collaboration:activities", args=[demo.pk])))
    assert paged.count('data-testid="activity-row"') == 17


@pytest.mark.parametrize(
    ("name", "rows", "first"), [("items", 12, "编号"), ("disputes", 13, "纠纷"), ("activities", 17, "日期")]
)
def test_exports_through_the_one_writer(taiqian, demo, name, rows, first):
    r = taiqian.get(reverse(f"collaboration:export_{name}", args=[demo.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.max_row == rows + 1 and ws.cell(1, 1).value == first


def test_nav_entry_for_taiqian_staff_and_the_liaison(taiqian, liaison, demo):
    url = reverse("collaboration:list")
    assert url in taiqian.get(reverse("workbench")).content.decode()
    home = liaison.get("/", follow=True)
    assert home.redirect_chain[-1][0] == url
    assert f'href="{url}"' in home.content.decode()
