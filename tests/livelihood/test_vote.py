import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from livelihood import services
from livelihood.models import Candidate, Project, VoteRule
from livelihood.services import Tally, decide
from tests.factories import PASSWORD

from . import factories as f


def test_top_n_takes_the_most_votes_for():
    tallies = [Tally(1, 80, 10, 5), Tally(2, 120, 3, 1), Tally(3, 95, 0, 0), Tally(4, 10, 90, 0)]
    order, chosen = decide(tallies, VoteRule.TOP_N, 2, 130)
    assert order == [2, 3, 1, 4]
    assert chosen == {2, 3}


def test_top_n_refuses_a_tie_at_the_cut():
    tallies = [Tally(1, 80, 0, 0), Tally(2, 80, 0, 0), Tally(3, 100, 0, 0)]
    with pytest.raises(ValidationError, match="第2名与第3名赞成票相同"):
        decide(tallies, VoteRule.TOP_N, 2, 130)


def test_majority_of_votes_cast_and_of_deputies_present():
    tallies = [Tally(1, 60, 50, 5), Tally(2, 60, 40, 0), Tally(3, 40, 30, 10)]
    assert decide(tallies, VoteRule.MAJORITY_CAST, 0, 150)[1] == {1, 2}
    # 150 present: 60 is not more than half of them.
    assert decide(tallies, VoteRule.MAJORITY_PRESENT, 0, 150)[1] == set()
    assert decide(tallies, VoteRule.MAJORITY_PRESENT, 0, 110)[1] == {1, 2}


@pytest.mark.django_db
def test_record_votes_creates_the_chosen_projects(county_staff):
    sitting = f.sitting(candidates=3, top_n=2)
    c1, c2, c3 = sitting.candidates.order_by("id")
    projects = services.record_votes(
        sitting,
        deputies_present=140,
        votes={c1.pk: (90, 30, 20), c2.pk: (130, 5, 5), c3.pk: (100, 20, 10)},
        user=county_staff,
    )
    assert [p.name for p in projects] == [c2.name, c3.name]
    assert [p.number for p in projects] == [1, 2]
    c1.refresh_from_db()
    assert (c1.status, c1.rank, c1.votes_for) == ("not_chosen", 3, 90)
    p = projects[0]
    assert p.region_id == "410522" and p.year == 2026 and p.committee == c2.committee and p.unit == c2.unit
    with pytest.raises(ValidationError, match="已确定项目"):
        services.record_votes(sitting, deputies_present=140, votes={}, user=county_staff)


@pytest.mark.django_db
def test_votes_over_the_deputies_present_are_refused_and_nothing_is_written(county_staff):
    sitting = f.sitting(candidates=2, top_n=1)
    c1, c2 = sitting.candidates.order_by("id")
    with pytest.raises(ValidationError) as exc:
        services.record_votes(
            sitting, deputies_present=100, votes={c1.pk: (90, 10, 1), c2.pk: (50, 0, 0)}, user=county_staff
        )
    assert "合计101票，超过出席代表100人" in exc.value.messages[0]
    assert not Project.objects.exists()
    assert not Candidate.objects.filter(votes_for__isnull=False).exists()
    sitting.refresh_from_db()
    assert sitting.decided_at is None


@pytest.mark.django_db
def test_staff_enter_the_votes_on_the_page_and_see_the_result(client, county_staff):
    sitting = f.sitting(candidates=3, top_n=2)
    c1, c2, c3 = sitting.candidates.order_by("id")
    client.login(username="ay_staff", password=PASSWORD)
    url = reverse("livelihood:vote", args=[sitting.pk])
    bad = {"deputies_present": "100", f"for_{c1.pk}": "99", f"against_{c1.pk}": "2", f"abstain_{c1.pk}": "0"}
    bad |= {f"for_{c.pk}": "10" for c in (c2, c3)} | {f"against_{c.pk}": "0" for c in (c2, c3)}
    bad |= {f"abstain_{c.pk}": "0" for c in (c2, c3)}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "超过出席代表100人" in response.content.decode()
    assert 'value="99"' in response.content.decode()  # what was typed is kept
    good = bad | {f"for_{c1.pk}": "90", f"for_{c2.pk}": "95", f"for_{c3.pk}": "20"}
    response = client.post(url, good)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "确定的民生实事项目（2项）" in page
    assert Project.objects.filter(name__in=[c1.name, c2.name]).count() == 2


@pytest.mark.django_db
def test_candidates_are_added_and_shortlisted(client, county_staff):
    sitting = f.sitting(candidates=0)
    client.login(username="ay_staff", password=PASSWORD)
    url = reverse("livelihood:sitting", args=[sitting.pk])
    client.post(url, {"name": "新建养老院", "source": "public", "description": "", "budget": ""})
    c = Candidate.objects.get(name="新建养老院")
    assert c.status == "candidate"
    client.post(url, {"candidate": c.pk, "shortlist": "1"})
    c.refresh_from_db()
    assert c.status == "shortlisted"
    dup = client.post(url, {"name": "新建养老院", "source": "public"})
    assert "本次票决已有同名候选项目" in dup.content.decode()


@pytest.mark.django_db
def test_another_countys_sitting_is_not_found(client, other_county_staff):
    sitting = f.sitting()
    client.login(username="tq_staff", password=PASSWORD)
    for name in ("sitting", "vote", "result"):
        assert client.get(reverse(f"livelihood:{name}", args=[sitting.pk])).status_code == 404


@pytest.mark.django_db
def test_working_committee_staff_read_the_result_but_do_not_enter_votes(client):
    sitting = f.sitting()
    f.wc_user()
    client.login(username="wc_user", password=PASSWORD)
    assert client.get(reverse("livelihood:vote", args=[sitting.pk])).status_code == 403
    assert client.get(reverse("livelihood:sittings")).status_code == 403
    assert client.get(reverse("livelihood:result", args=[sitting.pk])).status_code == 200
