"""Overdue items remind the owner on each side and the collaboration's liaisons, once per agreed date,
through the portal's one reminder engine and recipients rule."""

import datetime

import pytest

from accounts.models import User
from notifications.models import Notification

pytest.importorskip("core.reminders")

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)


def test_overdue_items_remind_owners_and_liaisons_once(demo):
    from collaboration.reminders import KIND, sweep

    overdue = demo.items.overdue(TODAY)
    # demo: the Taiqian–Yanggu road (due 15 Nov, in progress) and the Liangshan bus line (due 20 Nov, open)
    assert sorted(overdue.values_list("title", flat=True)) == ["台前至阳谷省际断头路连通", "省际边界农村客运班线衔接"]
    sweep(TODAY)
    told = Notification.objects.filter(kind=KIND)
    staff, liaison = User.objects.get(username="taiqian_staff"), User.objects.get(username="yanggu_liaison")
    assert told.filter(recipient=staff).count() == 2  # the Taiqian owner of both items
    assert told.filter(recipient=liaison).count() == 2  # a liaison of the collaboration
    assert not told.filter(recipient__username="anyang_staff").exists()
    sent = told.count()
    sweep(TODAY)
    assert told.count() == sent
    # a new agreed date is a new reminder; a resolved item reminds no more
    item = overdue.get(title="台前至阳谷省际断头路连通")
    item.due_date = datetime.date(2026, 11, 25)
    item.save()
    sweep(TODAY)
    assert told.count() == sent + 2
