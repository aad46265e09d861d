"""From a key suggestion's page: put it under a supervision group, record the group's visit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from suggestions import services
from suggestions.models import SupervisionGroup, SupervisionVisit

from .test_services import through_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(world):
    s = through_assign(world)
    services.mark_key(s, world.staff, leader_name="刘振宇", leader_post="县长")
    group = SupervisionGroup.objects.create(
        region_id="410522", year=2026, name="第一督办组", leader=world.leader, leader_post="县人大常委会副主任"
    )
    group.members.add(world.colleague)
    return s, group


def test_staff_put_a_key_suggestion_under_a_group_and_record_a_visit(client, world, key):
    s, group = key
    client.force_login(world.staff)
    detail = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    url = reverse("suggestions:supervision", args=[s.pk])
    assert url in detail
    assert "尚未交督办组督办" in client.get(url).content.decode()
    assert client.post(url, {"action": "supervise", "group": group.pk}).status_code == 302
    assert list(s.supervision_groups.all()) == [group]
    assert Notification.objects.filter(recipient=world.leader.user, kind="suggestions.supervise").exists()
    assert s.transitions.filter(action="supervise", note="第一督办组").exists()
    # A visit in the future and one without findings are refused in Chinese, keeping what was typed.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    bad = client.post(
        url,
        {"action": "visit", "group": group.pk, "date": tomorrow, "unit": world.unit.pk, "findings": "现场查看"},
    ).content.decode()
    assert "督办日期不能晚于今天" in bad and "现场查看" in bad
    assert "请填写督办发现" in client.post(url, {"action": "visit", "group": group.pk}).content.decode()
    today = timezone.localdate()
    ok = client.post(
        url,
        {
            "action": "visit",
            "group": group.pk,
            "date": today,
            "unit": world.unit.pk,
            "findings": "道路硬化已完成六成。",
            "follow_up": "十月底前全部完工。",
        },
    )
    assert ok.status_code == 302
    visit = SupervisionVisit.objects.get(suggestion=s)
    assert visit.group == group and visit.recorded_by == world.staff
    assert Notification.objects.filter(recipient=world.unit_user, kind="suggestions.supervision_follow_up").exists()
    page = client.get(url).content.decode()
    assert "道路硬化已完成六成" in page and "十月底前全部完工" in page
    assert "第一督办组" in client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()


def test_only_key_suggestions_and_own_county_staff(client, world, key, other_county_staff):
    s, group = key
    url = reverse("suggestions:supervision", args=[s.pk])
    client.force_login(other_county_staff)
    assert client.get(url).status_code == 404
    client.force_login(world.unit_user)
    assert client.get(url).status_code == 403
    client.force_login(world.author.user)
    assert client.get(url).status_code == 403
    services.mark_key(s, world.staff, is_key=False)
    client.force_login(world.staff)
    assert client.get(url).status_code == 404
    with pytest.raises(Exception, match="只有重点建议"):
        services.put_under_group(s, world.staff, group)
