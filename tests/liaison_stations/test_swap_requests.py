"""A deputy asks for a rota swap from the phone; committee staff approve or decline it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison_stations import services
from liaison_stations.models import Duty, SwapRequest, SwapStatus
from notifications.models import Notification
from tests.factories import deputy_user, staff

from .factories import deputy, place, station

pytestmark = pytest.mark.django_db


@pytest.fixture
def rota(county_staff):
    room = place()
    asker = deputy("张晓梅", user=deputy_user(username="zxm"))
    colleague = deputy("李建国", user=deputy_user(username="ljg"))
    station(room, [asker, colleague])
    day = timezone.localdate() + datetime.timedelta(days=3)
    duty = services.add_duty(room, asker, day)
    return duty, asker, colleague


def test_deputy_asks_staff_approve_and_the_duty_moves(client, rota, county_staff):
    duty, asker, colleague = rota
    client.force_login(asker.user)
    mine = client.get(reverse("liaison_stations:my_duties")).content.decode()
    url = reverse("liaison_stations:request_swap", args=[duty.pk])
    assert url in mine
    form = client.get(url).content.decode()
    assert "李建国" in form and "张晓梅</option>" not in form  # colleagues at the place, not oneself
    empty = client.post(url, {"proposed_deputy": colleague.pk, "reason": ""}).content.decode()
    assert "请填写调班原因" in empty
    assert client.post(url, {"proposed_deputy": colleague.pk, "reason": "外出开会"}).status_code == 302
    swap = SwapRequest.objects.get(duty=duty)
    assert swap.status == SwapStatus.PENDING and swap.requested_by == asker.user
    assert Notification.objects.filter(recipient=county_staff, kind="liaison_stations.swap_requested").exists()
    assert "已于" in client.get(url).content.decode()  # one pending request at a time
    assert "调班审批中" in client.get(reverse("liaison_stations:my_duties")).content.decode()

    client.force_login(county_staff)
    listing = client.get(reverse("liaison_stations:swaps")).content.decode()
    assert "外出开会" in listing and "张晓梅" in listing
    decide = reverse("liaison_stations:swap_decide", args=[swap.pk])
    assert client.post(decide, {"approve": "1", "new_deputy": colleague.pk}).status_code == 302
    duty.refresh_from_db()
    swap.refresh_from_db()
    assert duty.deputy == colleague and duty.swapped_from == asker and duty.requested_by == asker.user
    assert swap.status == SwapStatus.APPROVED and swap.decided_by == county_staff
    assert Notification.objects.filter(recipient=asker.user, kind="liaison_stations.swap_decided").exists()
    assert Notification.objects.filter(recipient=colleague.user, kind="liaison_stations.swap_assigned").exists()


def test_declining_needs_a_reason_and_tells_the_deputy(client, rota, county_staff):
    duty, asker, _colleague = rota
    swap = services.request_swap(duty, asker.user, reason="家中有事")
    client.force_login(county_staff)
    decide = reverse("liaison_stations:swap_decide", args=[swap.pk])
    client.post(decide, {"approve": "0", "note": ""})
    swap.refresh_from_db()
    assert swap.status == SwapStatus.PENDING
    client.post(decide, {"approve": "0", "note": "当天无人可替，请按时到岗"})
    swap.refresh_from_db()
    assert swap.status == SwapStatus.DECLINED
    assert Duty.objects.get(pk=duty.pk).deputy == asker
    note = Notification.objects.get(recipient=asker.user, kind="liaison_stations.swap_decided")
    assert "未同意" in note.subject


def test_only_the_own_deputy_asks_and_only_own_county_staff_decide(client, rota, other_county_staff):
    duty, asker, colleague = rota
    client.force_login(colleague.user)
    assert client.get(reverse("liaison_stations:request_swap", args=[duty.pk])).status_code == 404
    swap = services.request_swap(duty, asker.user, reason="外出开会", proposed_deputy=colleague)
    client.force_login(other_county_staff)
    assert "外出开会" not in client.get(reverse("liaison_stations:swaps")).content.decode()
    decide = reverse("liaison_stations:swap_decide", args=[swap.pk])
    assert client.post(decide, {"approve": "1", "new_deputy": colleague.pk}).status_code == 404
    wc = staff("410522", role="working_committee_staff", username="wc_reader")
    client.force_login(wc)
    assert client.get(reverse("liaison_stations:swaps")).status_code == 200
    assert client.post(decide, {"approve": "1"}).status_code == 403
    client.force_login(asker.user)
    assert client.get(reverse("liaison_stations:swaps")).status_code == 403
