"""A deputy hears when staff verify or return an activity they took part in, with a link to it."""

import pytest
from django.urls import reverse

from deputies.models import ActivityStatus
from notifications.models import Notification

from .factories import DeputyFactory, activity, seated

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(deputy):
    return seated(DeputyFactory(name="张晓梅", user=deputy, region_id="410522101"))


def test_verified_activity_is_announced_with_a_link_to_it(client, county_staff, deputy, me):
    a = activity([me], status=ActivityStatus.SUBMITTED, title="走访白璧镇企业")
    client.force_login(county_staff)
    client.post(reverse("deputies:activity", args=[a.pk]), {"action": "verify"})
    note = Notification.objects.get(recipient=deputy, kind="deputies.activity_verified")
    assert "走访白璧镇企业" in note.subject and "审核通过" in note.subject
    client.force_login(deputy)
    path, anchor = note.link.split("#")
    page = client.get(path).content.decode()
    assert f'id="{anchor}"' in page and "走访白璧镇企业" in page
    assert "走访白璧镇企业" in client.get(reverse("notifications:list")).content.decode()


def test_returned_activity_is_announced_with_a_link_to_correct_it(client, county_staff, deputy, me):
    a = activity([me], status=ActivityStatus.SUBMITTED, title="走访选民")
    client.force_login(county_staff)
    client.post(reverse("deputies:activity", args=[a.pk]), {"action": "return", "reason": "请补充照片"})
    note = Notification.objects.get(recipient=deputy, kind="deputies.activity_returned")
    assert note.body == "请补充照片"
    client.force_login(deputy)
    page = client.get(note.link)
    assert page.status_code == 200 and 'value="走访选民"' in page.content.decode()
