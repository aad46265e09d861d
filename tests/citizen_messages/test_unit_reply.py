"""A unit answers a message forwarded to it; the deputy (or staff, approving) answers the citizen."""

import pytest
from django.urls import reverse

from accounts.models import Unit
from citizen_messages import services
from citizen_messages.models import EventKind, Status
from notifications.models import Notification
from tests.citizen_messages.factories import make_deputy, make_message
from tests.factories import unit_user

pytestmark = pytest.mark.django_db

REPLY = "已安排维修队，本周五前修复路面。"


@pytest.fixture
def forwarded(db):
    dep = make_deputy(name="王建国")
    roads = Unit.objects.create(name="安阳县交通运输局", region_id="410522")
    clerk = unit_user(roads, username="roads_u")
    message = make_message(dep, body="路面坑洼", citizen_phone="13912345678")
    services.forward(message, dep.user, unit=roads, note="请核实")
    return dep, clerk, message


def test_unit_replies_and_the_deputy_is_told(client, forwarded):
    dep, clerk, message = forwarded
    client.force_login(clerk)
    url = reverse("citizen_messages:unit_detail", args=[message.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="unit_reply-submit"' in page and "139****5678" in page
    empty = client.post(url, {"action": "unit_reply", "reply": " "})
    assert "请填写答复内容" in empty.content.decode()
    assert client.post(url, {"action": "unit_reply", "reply": REPLY}).status_code == 302
    message.refresh_from_db()
    assert message.unit_reply == REPLY and message.unit_replied_by == clerk
    assert message.answer == ""  # the citizen does not see it yet
    assert message.events.filter(kind=EventKind.UNIT_REPLIED, actor=clerk).exists()
    note = Notification.objects.get(recipient=dep.user, kind="citizen_messages.unit_replied")
    assert note.link == reverse("citizen_messages:inbox_detail", args=[message.pk])
    # The deputy sees the unit's reply and starts their answer from it.
    client.force_login(dep.user)
    inbox = client.get(note.link).content.decode()
    assert "安阳县交通运输局答复（群众不可见）" in inbox
    assert f"{REPLY}</textarea>" in inbox  # the answer box starts from it
    client.post(note.link, {"action": "answer", "answer": REPLY})
    message.refresh_from_db()
    assert message.status == Status.ANSWERED and message.answer == REPLY


def test_staff_approve_the_units_reply_for_the_citizen(client, forwarded, county_staff):
    _dep, clerk, message = forwarded
    services.unit_reply(message, clerk, REPLY)
    client.force_login(county_staff)
    url = reverse("citizen_messages:staff_detail", args=[message.pk])
    assert "以承办单位答复回复群众" in client.get(url).content.decode()
    assert client.post(url, {"action": "publish_unit_reply"}).status_code == 302
    message.refresh_from_db()
    assert message.answer == REPLY and message.status == Status.ANSWERED and message.answered_by == county_staff


def test_other_units_and_counties_cannot_reply(client, forwarded, other_county_staff):
    _dep, _clerk, message = forwarded
    url = reverse("citizen_messages:unit_detail", args=[message.pk])
    water = unit_user(Unit.objects.create(name="安阳县水利局", region_id="410522"), username="water_u")
    client.force_login(water)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reply": "x"}).status_code == 404
    client.force_login(other_county_staff)
    assert client.get(reverse("citizen_messages:staff_detail", args=[message.pk])).status_code == 404
    with pytest.raises(Exception, match="没有转交给您的单位"):
        services.unit_reply(message, water, "x")
