"""The collaboration section of the statistics dashboard: declared by the app, shown to Taiqian's
staff, each figure equal to the count of the records behind it and linking to the list."""

import re

from django.db.models import Q

from collaboration.models import Collaboration, Dispute, ItemStatus, JointActivity, JointMeeting, Member, ProblemItem

YEAR = 2026
TAIQIAN = "410927"


def _figure(html, key):
    m = re.search(rf'data-testid="figure-{key}".*?data-value>([^<]*)<', html, re.S)
    assert m, key
    return m.group(1).strip()


def test_taiqian_staff_see_the_collaboration_figures_equal_to_direct_counts(taiqian):
    r = taiqian.get("/reports/", {"period": "year", "year": YEAR})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="section-collaboration"' in html

    year = (f"{YEAR}-01-01", f"{YEAR}-12-31")
    mine = Q(collaboration__region__code__startswith=TAIQIAN)
    expected = {
        "collab_collaborations": Collaboration.objects.filter(
            region__code__startswith=TAIQIAN, started_on__lte=year[1]
        ).count(),
        "collab_members": Member.objects.filter(mine, collaboration__started_on__lte=year[1])
        .values("region")
        .distinct()
        .count(),
        "collab_meetings": JointMeeting.objects.filter(mine, date__range=year).count(),
        "collab_activities": JointActivity.objects.filter(mine, date__range=year).count(),
        "collab_items_open": ProblemItem.objects.filter(
            mine, status__in=[ItemStatus.OPEN, ItemStatus.IN_PROGRESS]
        ).count(),
        "collab_items_resolved": ProblemItem.objects.filter(mine, resolved_on__range=year).count(),
        "collab_disputes_resolved": Dispute.objects.filter(mine, resolved_on__range=year).count(),
    }
    assert expected["collab_collaborations"] >= 2 and expected["collab_meetings"] >= 1  # the demo's
    assert expected["collab_disputes_resolved"] >= 1
    for key, n in expected.items():
        assert _figure(html, key) == str(n), key
        assert re.search(rf'href="/collaboration/"\s+data-testid="figure-{key}"', html), key
