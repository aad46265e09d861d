"""A handling unit sees the station opinions forwarded to it and answers them on its own page."""

import pytest
from django.urls import reverse

from liaison_stations.models import OpinionState
from notifications.models import Notification
from tests.factories import unit_user

from .factories import forwarded_opinion, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(county_staff):
    return forwarded_opinion(county_staff)


def test_forwarding_tells_the_unit_with_a_link_to_its_page(forwarded):
    opinion, clerk = forwarded
    note = Notification.objects.get(recipient=clerk, kind="liaison_stations.opinion_forwarded")
    assert note.link == reverse("liaison_stations:unit_opinion", args=[opinion.pk])


def test_unit_lists_and_answers_an_opinion(client, forwarded, county_staff):
    opinion, clerk = forwarded
    client.force_login(clerk)
    listing = client.get(reverse("liaison_stations:unit_opinions"))
    assert "村东生产路需要硬化" in listing.content.decode()
    assert "待答复" in listing.content.decode()
    url = reverse("liaison_stations:unit_opinion", args=[opinion.pk])
    empty = client.post(url, {"result": "  "})
    assert empty.status_code == 200
    assert "请填写办理结果" in empty.content.decode()
    done = client.post(url, {"result": "已列入今年农村道路计划，10月底前硬化。"})
    assert done.status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RESULT
    assert opinion.result.startswith("已列入今年农村道路计划")
    last = opinion.transitions.last()
    assert last.by == clerk and "安阳县交通运输局答复" in last.note
    told = Notification.objects.get(recipient=county_staff, kind="liaison_stations.opinion_answered")
    assert told.link == opinion.get_absolute_url()
    page = client.get(url).content.decode()
    assert "提交答复" not in page  # answered once; the loop goes on at the station
    assert "已列入今年农村道路计划" in page


def test_search_keeps_to_the_units_opinions(client, forwarded):
    opinion, clerk = forwarded
    client.force_login(clerk)
    assert "村东生产路" in client.get(reverse("liaison_stations:unit_opinions"), {"q": "生产路"}).content.decode()
    assert "村东生产路" not in client.get(reverse("liaison_stations:unit_opinions"), {"q": "学校"}).content.decode()


def test_another_unit_and_staff_cannot_use_the_unit_page(client, forwarded, other_county_staff):
    opinion, _clerk = forwarded
    url = reverse("liaison_stations:unit_opinion", args=[opinion.pk])
    other = unit_user(unit("安阳县教育局"), username="edu_clerk")
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(url, {"result": "不是我们的"}).status_code == 404
    assert "村东生产路" not in client.get(reverse("liaison_stations:unit_opinions")).content.decode()
    client.force_login(other_county_staff)
    assert client.get(url).status_code == 403  # not a unit's account
    assert client.get(reverse("liaison_stations:opinion", args=[opinion.pk])).status_code == 404


def test_unit_staff_cannot_open_the_staff_pages(client, forwarded):
    opinion, clerk = forwarded
    client.force_login(clerk)
    assert client.get(reverse("liaison_stations:opinion", args=[opinion.pk])).status_code == 403
