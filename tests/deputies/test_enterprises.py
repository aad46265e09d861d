"""Key enterprises in the portal: a deputy records an enterprise's opinion from the phone and follows
it to a result; staff see the enterprises, the opinions and the figures; the groups' read page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit
from deputies.models import (
    Enterprise,
    EnterpriseLink,
    EnterpriseOpinion,
    GroupMembership,
    GroupStatus,
    OpinionStatus,
    ProfessionalGroup,
    uscc_check_char,
)
from tests.factories import deputy_user

from .factories import DeputyFactory, activity

pytestmark = pytest.mark.django_db


def uscc(n: int) -> str:
    first = f"91410522MA{n:07d}"
    return first + uscc_check_char(first)


def enterprise(name, n, region="410522"):
    return Enterprise.objects.create(name=name, uscc=uscc(n), sector="装备制造", region_id=region)


@pytest.fixture
def linked():
    dep = DeputyFactory(name="王建军", user=deputy_user(username="wjj"))
    steel = enterprise("安阳钢铁配件有限公司", 1)
    link = EnterpriseLink.objects.create(enterprise=steel, deputy=dep, start_date=datetime.date(2024, 1, 1))
    return dep, link


def test_deputy_records_an_opinion_and_follows_it_to_a_result(client, linked):
    dep, link = linked
    unit = Unit.objects.create(name="安阳县工业和信息化局", region_id="410522")
    client.force_login(dep.user)
    mine = client.get(reverse("deputies:my_enterprises")).content.decode()
    assert "安阳钢铁配件有限公司" in mine and "尚未记录意见" in mine
    url = reverse("deputies:enterprise_opinion_new")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    bad = client.post(url, {"link": link.pk, "date": tomorrow, "category": "finance", "text": "贷款难"})
    assert "收集日期不能晚于今天" in bad.content.decode() and "贷款难" in bad.content.decode()
    assert "请填写意见内容" in client.post(url, {"link": link.pk, "date": timezone.localdate()}).content.decode()
    ok = client.post(
        url, {"link": link.pk, "date": timezone.localdate(), "category": "finance", "text": "流动资金贷款审批慢。"}
    )
    opinion = EnterpriseOpinion.objects.get(link=link)
    assert ok.status_code == 302 and ok.url == reverse("deputies:enterprise_opinion", args=[opinion.pk])
    page = reverse("deputies:enterprise_opinion", args=[opinion.pk])
    assert "转交时请选择承办单位" in client.post(page, {"status": "forwarded"}).content.decode()
    client.post(page, {"status": "forwarded", "unit": unit.pk})
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.FORWARDED and opinion.forwarded_to == unit
    assert "请填写答复内容" in client.post(page, {"status": "answered", "answer": ""}).content.decode()
    client.post(page, {"status": "answered", "answer": "已协调银行开通绿色通道。"})
    client.post(page, {"status": "closed"})
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.CLOSED and opinion.answer == "已协调银行开通绿色通道。"
    assert "已办结" in client.get(reverse("deputies:my_enterprises")).content.decode()


def test_another_deputy_and_another_county_cannot_see_or_follow(client, linked, other_county_staff):
    dep, link = linked
    opinion = EnterpriseOpinion.objects.create(link=link, text="用工难", date=timezone.localdate())
    page = reverse("deputies:enterprise_opinion", args=[opinion.pk])
    other = DeputyFactory(name="李秀英", user=deputy_user(username="lxy"))
    client.force_login(other.user)
    assert client.get(page).status_code == 404
    bad = client.post(
        reverse("deputies:enterprise_opinion_new"), {"link": link.pk, "date": timezone.localdate(), "text": "x"}
    )
    assert "选择一个有效的选项" in bad.content.decode()  # not one of their links
    client.force_login(other_county_staff)
    assert client.get(page).status_code == 404
    assert "安阳钢铁" not in client.get(reverse("deputies:enterprises")).content.decode()


def test_staff_see_the_list_and_the_figures(client, linked, county_staff):
    dep, link = linked
    second = DeputyFactory(name="赵丽", user=deputy_user(username="zl"))
    chem = enterprise("安阳化工新材料有限公司", 2)
    EnterpriseLink.objects.create(enterprise=chem, deputy=second, start_date=datetime.date(2024, 1, 1))
    EnterpriseLink.objects.create(enterprise=chem, deputy=dep, start_date=datetime.date(2024, 1, 1))
    ended = EnterpriseLink.objects.create(
        enterprise=enterprise("已停止联系的企业", 3),
        deputy=DeputyFactory(name="孙强"),
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2023, 1, 1),
    )
    EnterpriseOpinion.objects.create(link=link, text="融资难", date=timezone.localdate())
    EnterpriseOpinion.objects.create(link=link, text="用地指标", date=timezone.localdate(), status="answered")
    EnterpriseOpinion.objects.create(link=ended, text="旧意见", date=datetime.date(2022, 6, 1), status="closed")
    client.force_login(county_staff)
    html = client.get(reverse("deputies:enterprises")).content.decode()
    figures = html.split('data-testid="enterprise-figures"')[1].split("</div>\n</div>")[0]
    numbers = [int(x) for x in __import__("re").findall(r'fs-4 fw-bold">(\d+)<', figures)]
    assert numbers == [2, 2, 3, 2]  # current deputies, current enterprises, opinions, answered or closed
    assert "安阳化工新材料有限公司" in html
    search = client.get(reverse("deputies:enterprises"), {"q": "化工"}).content.decode()
    assert "安阳化工新材料有限公司" in search and "安阳钢铁配件有限公司" not in search
    opinions = client.get(reverse("deputies:enterprise_opinions"), {"status": "received"}).content.decode()
    assert "融资难" in opinions and "用地指标" not in opinions
    # Staff follow it too; working-committee staff read it only.
    opinion = EnterpriseOpinion.objects.get(text="融资难")
    assert "转交办理" in client.get(reverse("deputies:enterprise_opinion", args=[opinion.pk])).content.decode()


def test_groups_show_members_and_activities(client, county_staff, other_county_staff):
    dep = DeputyFactory(name="王建军", user=deputy_user(username="wjj"))
    group = ProfessionalGroup.objects.create(
        name="现代农业产业小组",
        kind="industry",
        region_id="410522",
        status=GroupStatus.ESTABLISHED,
        founded=datetime.date(2024, 3, 1),
        leader=dep,
    )
    GroupMembership.objects.create(group=group, deputy=dep, joined=datetime.date(2024, 3, 1))
    activity([dep], title="调研高标准农田建设", group=group)
    client.force_login(county_staff)
    listing = client.get(reverse("deputies:groups")).content.decode()
    assert "现代农业产业小组" in listing and "成员 1 人 · 活动 1 次" in listing
    detail = client.get(reverse("deputies:group", args=[group.pk])).content.decode()
    assert "王建军" in detail and "调研高标准农田建设" in detail
    client.force_login(dep.user)  # a member sees their group
    assert client.get(reverse("deputies:group", args=[group.pk])).status_code == 200
    client.force_login(other_county_staff)
    assert client.get(reverse("deputies:group", args=[group.pk])).status_code == 404
