"""An opinion gathered at a liaison station, turned into a deputy's draft suggestion (issue 4 ↔ 6).

liaison_stations (to the right of suggestions) makes the draft through suggestions.services and
keeps it as `Opinion.suggestion`; a reply comes back through `suggestions.signals.replied`."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaison_stations import services as stations
from liaison_stations.models import Opinion, OpinionState, Place, PlaceKind, Stationing
from notifications.models import Notification
from suggestions import services
from suggestions.models import State, Suggestion, Transition

pytestmark = pytest.mark.django_db

KIND = "liaison_stations.opinion_to_suggestion"


@pytest.fixture
def station(world):
    p = Place.objects.create(name="白璧镇代表联络站", region_id="410522101", kind=PlaceKind.LIAISON_STATION)
    return p


@pytest.fixture
def opinion(world, station):
    reception = stations.record_reception(
        place=station,
        day=datetime.date.today() - datetime.timedelta(days=1),
        deputies=[world.author, world.colleague],
        by=world.staff,
        opinions=[
            {"category": "infrastructure", "text": "村东生产路需要硬化。\n雨天群众出行困难。", "raised_by": "王大爷"}
        ],
    )
    return reception.opinions.get()


def to_suggestion(opinion, deputy, by):
    stations.move_opinion(opinion, OpinionState.HANDLING, by=by, to_suggestion=True, deputy=deputy, note="代表同意领衔")
    opinion.refresh_from_db()
    return opinion


def reply_to(w, s, text, result_class):
    """Submit, accept, assign and sign for the draft, and the unit replies."""
    services.submit(s, w.author.user)
    services.review(s, w.staff, "accept")
    services.assign(s, w.staff, w.unit, [])
    services.sign_for(s, w.unit_user)
    services.reply(s, w.unit_user, text=text, result_class=result_class)


def test_one_draft_for_the_chosen_deputy_linked_both_ways_and_notified_once(world, opinion):
    w = world
    opinion = to_suggestion(opinion, w.author, w.staff)
    s = Suggestion.objects.get()
    assert (s.author, s.state, s.region_id, s.session) == (w.author, State.DRAFT, "410522", None)
    assert s.title == "关于村东生产路需要硬化的建议" and s.body == opinion.text
    assert s.category == "urban"  # infrastructure → 城乡建设与生态环境
    assert s.source_url == opinion.get_absolute_url() and f"#{opinion.pk}" in s.source_label
    assert list(Transition.objects.filter(suggestion=s).values_list("from_state", "to_state", "action", "actor")) == [
        ("", "draft", "create", w.staff.pk)
    ]
    assert opinion.state == OpinionState.HANDLING and opinion.suggestion_deputy == w.author
    assert opinion.suggestion == s and list(s.source_opinions.all()) == [opinion]
    assert opinion.suggestion_label.startswith(f"代表建议 #{s.pk}")
    note = opinion.transitions.last().note
    assert "王建军代表的建议草稿" in note and "代表同意领衔" in note
    sent = Notification.objects.filter(kind=KIND)
    assert [(n.recipient_id, n.link) for n in sent] == [(w.author.user_id, reverse("suggestions:detail", args=[s.pk]))]
    # A second click finds the opinion already being handled: refused, still one draft, one notice.
    with pytest.raises(ValidationError, match="不能直接变为"):
        to_suggestion(opinion, w.author, w.staff)
    assert Suggestion.objects.count() == 1 and sent.count() == 1


def test_the_deputy_edits_and_submits_it_as_any_draft(world, opinion):
    w = world
    to_suggestion(opinion, w.colleague, w.staff)
    s = Suggestion.objects.get(author=w.colleague)
    # Until submitted, a draft is the deputy's own: the staff do not see it yet.
    assert not Suggestion.objects.visible_to(w.staff).filter(pk=s.pk).exists()
    assert not Suggestion.objects.visible_to(w.author.user).filter(pk=s.pk).exists()
    services.update_draft(
        s, w.colleague.user, title="关于硬化白璧镇村东生产路的建议", body=s.body + "建议纳入计划。", category="rural"
    )
    services.submit(s, w.colleague.user)
    s.refresh_from_db()
    assert s.state == State.SUBMITTED and s.source_label  # the source stays
    assert Suggestion.objects.visible_to(w.staff).filter(pk=s.pk).exists()


def test_a_deputy_neither_present_nor_stationed_is_refused(world, opinion, station):
    w = world
    absent = Suggestion._meta.get_field("author").related_model.objects.create(
        name="缺席代表", gender="F", region_id="410522"
    )
    with pytest.raises(ValidationError) as exc:
        stations.move_opinion(opinion, OpinionState.HANDLING, by=w.staff, to_suggestion=True, deputy=absent)
    assert "未参加这次接待" in exc.value.messages[0]
    with pytest.raises(ValidationError, match="请选择接办的代表"):
        stations.move_opinion(opinion, OpinionState.HANDLING, by=w.staff, to_suggestion=True)
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.REGISTERED and not Suggestion.objects.exists()
    assert not Notification.objects.filter(kind=KIND).exists()
    # Stationed at the place today is enough.
    Stationing.objects.create(place=station, deputy=absent, start_date=datetime.date(2024, 1, 1))
    to_suggestion(opinion, absent, w.staff)
    assert Suggestion.objects.get().author == absent  # no login: no notice, still the draft


def test_a_failure_after_the_draft_leaves_neither_row(world, opinion, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(stations, "notify", broken)  # fails after the draft was written
    with pytest.raises(RuntimeError):
        to_suggestion(opinion, world.author, world.staff)
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.REGISTERED and opinion.suggestion is None
    assert opinion.transitions.count() == 1
    assert not Suggestion.objects.exists() and not Transition.objects.exists()
    assert not Notification.objects.filter(kind=KIND).exists()


def test_a_reply_to_another_suggestion_moves_no_opinion(world, opinion):
    w = world
    opinion = to_suggestion(opinion, w.author, w.staff)
    other = services.create_draft(w.author, w.author.user, title="另一件", body="x", category="other")
    reply_to(w, other, "同意。", "A")
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.HANDLING and not opinion.result


def test_the_reply_becomes_the_opinions_result(world, opinion):
    w = world
    opinion = to_suggestion(opinion, w.author, w.staff)
    s = Suggestion.objects.get()
    reply_to(w, s, "已列入2027年农村公路计划。", "B")
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RESULT
    assert opinion.result == "代表建议已答复（B类）：已列入2027年农村公路计划。"
    step = opinion.transitions.last()
    assert (step.from_state, step.to_state, step.by) == ("handling", "result", w.unit_user)
    # The loop goes on at the station as before.
    stations.move_opinion(opinion, OpinionState.FED_BACK, by=w.staff, feedback="已告知王大爷。")


def test_a_reply_to_an_opinion_already_further_is_left_alone(world, opinion):
    w = world
    opinion = to_suggestion(opinion, w.author, w.staff)
    stations.move_opinion(opinion, OpinionState.RESULT, by=w.staff, result="镇里已先行硬化。")
    s = Suggestion.objects.get()
    reply_to(w, s, "同意。", "A")
    opinion.refresh_from_db()
    assert opinion.result == "镇里已先行硬化。" and opinion.transitions.count() == 3


# --- pages ---------------------------------------------------------------------------------------
def test_staff_turn_it_into_a_suggestion_from_the_opinion_page(client, world, opinion, other_county_staff):
    w = world
    url = reverse("liaison_stations:opinion", args=[opinion.pk])
    client.force_login(w.staff)
    html = client.get(url).content.decode()
    assert "接办代表" in html and "王建军" in html and "李秀英" in html and "赵县长" not in html
    # A deputy who is not offered is refused by the form, and nothing is written.
    r = client.post(url, {"to_state": "handling", "to_suggestion": "on", "deputy": w.leader.pk})
    assert r.status_code == 200 and Opinion.objects.get().state == OpinionState.REGISTERED
    assert not Suggestion.objects.exists()
    r = client.post(url, {"to_state": "handling", "to_suggestion": "on"})
    assert "请选择接办的代表" in r.content.decode() and not Suggestion.objects.exists()
    r = client.post(
        url, {"to_state": "handling", "to_suggestion": "on", "deputy": w.author.pk, "note": "x"}, follow=True
    )
    s = Suggestion.objects.get()
    html = r.content.decode()
    assert "已在王建军代表名下生成建议草稿" in html
    assert f'href="{reverse("suggestions:detail", args=[s.pk])}"' in html and f"代表建议 #{s.pk}" in html
    assert "王建军代表接办" in html

    # The deputy opens the draft on their phone; the source is named (no link to a staff page).
    client.force_login(w.author.user)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert f"代表联络站意见建议 #{opinion.pk}" in page and f'href="{url}"' not in page
    # Another county's staff see neither the opinion nor post to it.
    client.force_login(other_county_staff)
    assert client.get(url).status_code == 404
    assert client.post(url, {"to_state": "result", "result": "x"}).status_code == 404
    # Another deputy cannot open the draft.
    client.force_login(w.colleague.user)
    assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 404
