"""County staff: the collaborations their branch keeps, nothing of another county's."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from collaboration.models import Collaboration, Dispute, ProblemItem
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_visible_to_follows_the_keeping_region(demo, three):
    tq = staff("410927", username="tq2")
    town = staff("410927103", username="dyc")
    other_town = staff("410927100", username="cg")
    henan = staff("41", username="hn2")
    anyang = staff("410522", username="ay2")
    assert set(Collaboration.objects.visible_to(tq)) == {demo, three}
    assert set(Collaboration.objects.visible_to(henan)) == {demo, three}
    assert list(Collaboration.objects.visible_to(town)) == [three]
    assert not Collaboration.objects.visible_to(other_town).exists()
    assert not Collaboration.objects.visible_to(anyang).exists()
    assert not ProblemItem.objects.visible_to(anyang).exists()
    assert ProblemItem.objects.visible_to(tq).count() == 12


def test_another_countys_staff_get_404_everywhere(anyang, demo):
    item = demo.items.first()
    meeting = demo.meetings.first()
    for url in (
        reverse("collaboration:detail", args=[demo.pk]),
        reverse("collaboration:items", args=[demo.pk]),
        reverse("collaboration:disputes", args=[demo.pk]),
        reverse("collaboration:export_items", args=[demo.pk]),
        reverse("collaboration:meeting_new", args=[demo.pk]),
        reverse("collaboration:meeting", args=[meeting.pk]),
        reverse("collaboration:item", args=[item.pk]),
    ):
        assert anyang.get(url).status_code == 404, url
    r = anyang.post(reverse("collaboration:item_action", args=[item.pk, "start"]), {"note": "x"})
    assert r.status_code == 404
    assert "豫鲁" not in anyang.get(reverse("collaboration:list")).content.decode()


def test_working_committee_staff_read_but_do_not_record_meetings(demo, client):
    wc = staff("410927", role=Role.WORKING_COMMITTEE_STAFF, username="tq_wc")
    client.force_login(wc)
    assert client.get(reverse("collaboration:detail", args=[demo.pk])).status_code == 200
    assert client.get(reverse("collaboration:meeting_new", args=[demo.pk])).status_code == 403
    assert Dispute.objects.visible_to(wc).count() == 13


def test_admin_keeps_to_the_branch_and_offers_partner_regions(demo, taiqian, anyang):

    changelist = taiqian.get(reverse("admin:collaboration_problemitem_changelist")).content.decode()
    assert "打渔陈镇田庄村农田积水排涝难" in changelist
    change = taiqian.get(reverse("admin:collaboration_collaboration_change", args=[demo.pk])).content.decode()
    assert "阳谷县" in change  # a partner member's region, outside the branch, is offered in the inline
    assert (
        'name="status"'
        not in taiqian.get(
            reverse("admin:collaboration_problemitem_change", args=[demo.items.first().pk])
        ).content.decode()
    )  # the status moves only through the table
    assert anyang.get(reverse("admin:collaboration_collaboration_change", args=[demo.pk])).status_code == 404
    assert "打渔陈镇" not in anyang.get(reverse("admin:collaboration_problemitem_changelist")).content.decode()
