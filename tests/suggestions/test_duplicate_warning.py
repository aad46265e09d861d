"""Duplicate warning while drafting: a deputy sees the similar suggestions already submitted at the same
session of their county (never another deputy's draft, a confidential one, another county's or
another session's) and can ask to co-sign one instead; its author answers."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from suggestions import services
from suggestions.models import CoSignature, State, Suggestion
from tests.factories import logged_in
from tests.suggestions import factories as f

pytestmark = pytest.mark.django_db

LAMPS = "白璧镇东街路灯坏了半年，晚上一片漆黑，老人孩子出行不安全，希望尽快修复路灯。"
DRAFT_TITLE = "关于修复东街路灯的建议"
DRAFT_BODY = "东街的路灯已经坏了大半年，夜里一片漆黑，老人小孩出行不安全，请尽快维修。"


def make(w, author, state=State.SUBMITTED, region="410522", session="same", **kw):
    return Suggestion.objects.create(
        region_id=region,
        session=w.session if session == "same" else session,
        author=author,
        title=kw.pop("title", "关于东街路灯的建议"),
        body=kw.pop("body", LAMPS),
        state=state,
        **kw,
    )


@pytest.fixture
def peers(world):
    w = world
    w.drafter = f.deputy("赵红梅", username="drafter")
    w.submitted = make(w, w.author)
    w.others_draft = make(w, w.colleague, state=State.DRAFT, title="另一位代表尚未提交的草稿")
    w.confidential = make(w, w.colleague, is_confidential=True, title="涉密的路灯建议")
    w.other_county = make(
        w,
        f.deputy("钱多多", region_code="410927", username="tq"),
        region="410927",
        session=None,
        title="台前县路灯建议",
    )
    w.unrelated = make(w, w.colleague, title="关于增加公交班次的建议", body="建议增加县城到韩陵镇的公交班次。")
    return w


def test_only_submitted_suggestions_of_the_same_session_and_county_are_shown(peers):
    w = peers
    found = services.similar_for_draft(w.drafter, title=DRAFT_TITLE, body=DRAFT_BODY, session=w.session)
    assert [item["suggestion"].pk for item in found] == [w.submitted.pk]
    # Another session: nothing of this one.
    assert services.similar_for_draft(w.drafter, title=DRAFT_TITLE, body=DRAFT_BODY, session=None) == []


def test_the_draft_form_fetches_the_list_and_works_without_javascript(peers):
    w = peers
    c = logged_in(w.drafter.user)
    data = {"title": DRAFT_TITLE, "body": DRAFT_BODY, "session": w.session.pk, "category": "urban"}
    fragment = c.post(reverse("suggestions:similar_check"), data).content.decode()
    assert w.submitted.title in fragment and "申请附议" in fragment
    for hidden in (w.others_draft, w.confidential, w.other_county, w.unrelated):
        assert hidden.title not in fragment

    # No JavaScript: the button re-renders the form with the text kept, and saves nothing.
    before = Suggestion.objects.count()
    page = c.post(reverse("suggestions:create"), {**data, "check_similar": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert DRAFT_BODY in html and w.submitted.title in html and 'data-testid="draft-similar"' in html
    assert Suggestion.objects.count() == before
    # The script is a static file (CSP: no inline script).
    assert "suggestions/draft_similar.js" in html


def test_asking_to_co_sign_and_the_author_accepting(peers):
    w = peers
    c = logged_in(w.drafter.user)
    r = c.post(reverse("suggestions:request_cosign"), {"suggestion": w.submitted.pk})
    assert r.status_code == 302
    cs = CoSignature.objects.get(suggestion=w.submitted, deputy=w.drafter)
    assert cs.status == CoSignature.Status.REQUESTED
    assert Notification.objects.filter(recipient=w.author.user, kind="suggestions.cosign_request").exists()
    # Asking twice is refused.
    c.post(reverse("suggestions:request_cosign"), {"suggestion": w.submitted.pk})
    assert CoSignature.objects.filter(suggestion=w.submitted, deputy=w.drafter).count() == 1

    author = logged_in(w.author.user)
    page = author.get(reverse("suggestions:detail", args=[w.submitted.pk])).content.decode()
    assert 'data-testid="cosign-request"' in page
    r = author.post(reverse("suggestions:act", args=[w.submitted.pk, "answer_cosign"]), {"decision": f"{cs.pk}:1"})
    assert r.status_code == 302
    cs.refresh_from_db()
    assert cs.status == CoSignature.Status.SIGNED
    page = author.get(reverse("suggestions:detail", args=[w.submitted.pk])).content.decode()
    assert "赵红梅" in page  # shown among the co-signers
    assert Notification.objects.filter(recipient=w.drafter.user, kind="suggestions.cosign_request_answered").exists()


def test_asking_to_co_sign_what_the_warning_never_shows_is_refused(peers):
    w = peers
    c = logged_in(w.drafter.user)
    for hidden in (w.others_draft, w.confidential, w.other_county):
        assert c.post(reverse("suggestions:request_cosign"), {"suggestion": hidden.pk}).status_code == 404
    assert c.post(reverse("suggestions:request_cosign"), {"suggestion": "x"}).status_code == 404
    assert not CoSignature.objects.filter(deputy=w.drafter).exists()
    # Once assigned it is too late, and an unanswered request lapses with the assignment.
    services.request_cosign(w.submitted, w.drafter.user)
    services.review(w.submitted, w.staff, "accept")
    services.assign(w.submitted, w.staff, w.unit)
    assert not CoSignature.objects.filter(deputy=w.drafter).exists()
    c.post(reverse("suggestions:request_cosign"), {"suggestion": w.submitted.pk})
    assert not CoSignature.objects.filter(deputy=w.drafter).exists()
