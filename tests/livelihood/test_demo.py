import datetime
import zoneinfo

import pytest
import time_machine

from livelihood.models import Cadence, ChairsMeetingMember, Project, Review, VoteSitting

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_demo_seeds_the_voted_projects_and_a_year_of_reviews():
    from accounts import demo as accounts_demo
    from deputies import demo as deputies_demo
    from livelihood import demo

    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, 0, tzinfo=TZ), tick=False):
        accounts_demo.seed()
        deputies_demo.seed()
        demo.seed()
        counts = (Project.objects.count(), Review.objects.count(), VoteSitting.objects.count())
        demo.seed()  # idempotent
        assert (Project.objects.count(), Review.objects.count(), VoteSitting.objects.count()) == counts
    anyang = Project.objects.filter(region_id="410522")
    assert anyang.count() == 10
    sitting = VoteSitting.objects.get(session__term__congress__region_id="410522")
    assert sitting.session.number == 4 and sitting.session.term.number == 16
    assert sitting.candidates.filter(status="chosen").count() == 10
    assert sitting.candidates.filter(status="not_chosen").count() == 3
    assert all(p.unit_id and p.committee_id for p in anyang)
    assert Project.objects.filter(region_id="410927").count() == 5
    today = datetime.date(2026, 11, 28)
    anyang_reviews = Review.objects.filter(project__region_id="410522")
    assert anyang_reviews.filter(held_on__isnull=False).count() > 100
    overdue = anyang_reviews.filter(held_on__isnull=True, due_date__lt=today)
    assert {(r.project.number, r.cadence) for r in overdue} == {(8, Cadence.MONTHLY), (3, Cadence.QUARTERLY)}
    # The current month's hearings are due: the finance committee's user sees them.
    due_now = anyang_reviews.filter(held_on__isnull=True, period_key="2026-11", cadence=Cadence.MONTHLY)
    assert due_now.filter(project__committee__members__username="anyang_wc").exists()
    # The chair and four vice-chairs: they lead the five supervision groups too.
    assert ChairsMeetingMember.objects.filter(congress__region_id="410522").count() == 5
