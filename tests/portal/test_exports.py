"""The exports through the one neutralised Excel writer: livelihood projects and reviews, station
opinions, citizens' messages (masked) and the performance ranking. Each keeps to the branch."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_livelihood_projects_and_reviews(client, county_staff, other_county_staff):
    from livelihood import services
    from tests.livelihood import factories as f

    f.project(name="=新建实验小学", milestones=[("完成招标", datetime.date(2026, 2, 1), datetime.date(2026, 2, 3))])
    f.project(region="410927", name="台前县项目", unit=f.unit("410927"), wc=f.committee("410927"))
    services.create_due_reviews(datetime.date(2026, 3, 31), since=datetime.date(2026, 1, 1))
    client.force_login(county_staff)
    page = client.get(reverse("livelihood:projects")).content.decode()
    assert "format=xlsx" in page and reverse("livelihood:reviews_export") in page
    rows = sheet(client.get(reverse("livelihood:projects"), {"format": "xlsx"}))
    assert rows[0][:3] == ["年度", "序号", "项目名称"]
    assert [r[2] for r in rows[1:]] == ["'=新建实验小学"]  # a formula stays text; Taiqian's is not there
    assert rows[1][-1] == 100
    reviews = sheet(client.get(reverse("livelihood:reviews_export"), {"year": 2026}))
    assert reviews[0][0] == "项目" and len(reviews) > 1
    assert {r[0] for r in reviews[1:]} == {"'=新建实验小学"}
    client.force_login(other_county_staff)
    assert all("新建实验小学" not in str(r) for r in sheet(client.get(reverse("livelihood:reviews_export"))))


def test_station_opinions(client, county_staff, other_county_staff):
    from tests.liaison_stations.factories import forwarded_opinion

    forwarded_opinion(county_staff)
    client.force_login(county_staff)
    rows = sheet(client.get(reverse("liaison_stations:opinions"), {"format": "xlsx", "q": "生产路"}))
    assert rows[0][1] == "站点" and rows[1][3] == "村东生产路需要硬化。" and rows[1][5] == "安阳县交通运输局"
    client.force_login(other_county_staff)
    assert len(sheet(client.get(reverse("liaison_stations:opinions"), {"format": "xlsx"}))) == 1


def test_citizens_messages_are_masked(client, county_staff, other_county_staff):
    from tests.citizen_messages.factories import make_deputy, make_message

    dep = make_deputy(name="王建国")
    make_message(dep, body="路灯坏了", citizen_name="张三丰", citizen_phone="13912345678")
    client.force_login(county_staff)
    assert "format=xlsx" in client.get(reverse("citizen_messages:staff_list")).content.decode()
    rows = sheet(client.get(reverse("citizen_messages:staff_list"), {"format": "xlsx"}))
    assert rows[1][1:4] == ["王建国", "反映问题", "路灯坏了"]
    assert rows[1][5:7] == ["张**", "139****5678"]
    assert "13912345678" not in str(rows) and "张三丰" not in str(rows)
    client.force_login(other_county_staff)
    assert len(sheet(client.get(reverse("citizen_messages:staff_list"), {"format": "xlsx"}))) == 1


def test_performance_ranking(client, county_staff):
    from deputies.models import PointRule
    from tests.deputies.factories import DeputyFactory, activity, seated, term_for

    PointRule.objects.create(region_id="410522", kind="research", points_lead=3, points_participant=2)
    term = term_for()
    top = seated(DeputyFactory(name="王建军"), term)
    seated(DeputyFactory(name="李秀英"), term)
    activity([top], date=datetime.date(2026, 5, 1))
    client.force_login(county_staff)
    assert "format=xlsx" in client.get(reverse("deputies:ranking"), {"term": term.pk, "year": 2026}).content.decode()
    rows = sheet(client.get(reverse("deputies:ranking"), {"term": term.pk, "year": 2026, "format": "xlsx"}))
    assert rows[0] == ["名次", "代表", "届", "年度", "积分"]
    assert [r[1] for r in rows[1:]] == ["王建军", "李秀英"] and rows[1][0] == 1
