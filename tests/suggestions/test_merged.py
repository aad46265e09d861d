"""Merged handling (并案办理): one assignment and one reply for several similar suggestions, each
author evaluating their own; opinions and citizens' messages attached as sources get the answer;
nothing of another county can be merged or attached."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from citizen_messages import services as cm_services
from citizen_messages.models import Status
from liaison_stations.models import Opinion, OpinionCategory, OpinionState
from notifications.models import Notification
from suggestions import services
from suggestions.models import MergedCase, Reply, Satisfaction, State, Suggestion
from tests.citizen_messages.factories import make_deputy, make_message
from tests.factories import logged_in
from tests.liaison_stations.factories import place
from tests.suggestions import factories as f

pytestmark = pytest.mark.django_db

LAMPS = "白璧镇东街路灯坏了半年，晚上一片漆黑，老人孩子出行不安全，希望尽快修复路灯。"


def accepted(w, author, body=LAMPS, region="410522", session=None):
    s = Suggestion.objects.create(
        region_id=region,
        session=session if session is not None else w.session,
        author=author,
        title="关于修复东街路灯的建议",
        body=body,
        state=State.SUBMITTED,
    )
    staff = w.staff if region == "410522" else w.foreign_staff
    services.review(s, staff, "accept")
    return s


@pytest.fixture
def case(world, other_county_staff, province_staff):
    world.province_staff = province_staff
    world.third = f.deputy("赵红梅", username="third")
    world.foreign_staff = other_county_staff
    world.lead = accepted(world, world.author)
    world.second = accepted(world, world.colleague, "吕村镇东街的路灯已经损坏大半年，夜里黑漆漆的，请尽快维修。")
    world.third_s = accepted(world, world.third, "希望尽快修好路灯！白璧镇东街路灯坏了半年。")
    return world


def refused(fn, *args, match="", **kw):
    with pytest.raises(ValidationError) as e:
        fn(*args, **kw)
    assert match in " ".join(e.value.messages)


def test_merging_sends_one_reply_to_every_author_and_each_evaluates_their_own(case):
    w = case
    merged = services.merge(w.lead, w.staff, [w.second, w.third_s])
    assert set(merged.members.values_list("pk", flat=True)) == {w.lead.pk, w.second.pk, w.third_s.pk}
    # A member is handled on its lead: it cannot be assigned on its own.
    refused(services.assign, Suggestion.objects.get(pk=w.second.pk), w.staff, w.other_unit, match="并案")

    services.assign(w.lead, w.staff, w.unit)
    for s in Suggestion.objects.filter(case=merged):
        assert (s.state, s.lead_unit_id, s.deadline) == (State.ASSIGNED, w.unit.pk, w.lead.deadline)
    # One assignment: the unit is told once, of the lead.
    assert Notification.objects.filter(recipient=w.unit_user, kind="suggestions.assigned").count() == 1
    refused(services.sign_for, Suggestion.objects.get(pk=w.second.pk), w.unit_user, match="并案")
    services.sign_for(w.lead, w.unit_user)
    assert set(Suggestion.objects.filter(case=merged).values_list("state", flat=True)) == {State.SIGNED}

    services.reply(w.lead, w.unit_user, text="已更换东街全部路灯，并纳入日常巡检。", result_class="A")
    replies = Reply.objects.filter(suggestion__case=merged)
    assert replies.count() == 3
    assert set(replies.values_list("text", flat=True)) == {"已更换东街全部路灯，并纳入日常巡检。"}
    for author in (w.author, w.colleague, w.third):
        assert Notification.objects.filter(recipient=author.user, kind="suggestions.replied").count() == 1

    # Each author evaluates the reply on their own suggestion; a "not satisfied" opens a second
    # round for that suggestion alone, handled on its own from then on.
    services.evaluate(Suggestion.objects.get(pk=w.second.pk), w.colleague.user, Satisfaction.SATISFIED)
    services.evaluate(Suggestion.objects.get(pk=w.third_s.pk), w.third.user, Satisfaction.NOT, reason="只修了一半")
    refused(services.evaluate, Suggestion.objects.get(pk=w.lead.pk), w.colleague.user, Satisfaction.SATISFIED)
    services.evaluate(Suggestion.objects.get(pk=w.lead.pk), w.author.user, Satisfaction.BASIC)
    states = dict(Suggestion.objects.filter(case=merged).values_list("pk", "state"))
    assert states == {w.lead.pk: State.EVALUATED, w.second.pk: State.EVALUATED, w.third_s.pk: State.SIGNED}
    third = Suggestion.objects.get(pk=w.third_s.pk)
    assert not third.follows_lead
    services.reply(third, w.unit_user, text="剩余路灯本月底前更换。", result_class="B")
    assert Suggestion.objects.get(pk=w.third_s.pk).state == State.REPLIED
    # Every move of every member is in its own history, through the table.
    assert list(Suggestion.objects.get(pk=w.second.pk).transitions.values_list("action", flat=True))[-5:] == [
        "merged",
        "assign",
        "sign",
        "reply",
        "evaluate",
    ]


def test_the_case_is_reminded_once_on_its_lead(case):
    import datetime

    from suggestions.reminders import deadline_sweep

    w = case
    services.merge(w.lead, w.staff, [w.second, w.third_s])
    services.assign(w.lead, w.staff, w.unit, today=datetime.date(2026, 3, 2))
    deadline = Suggestion.objects.get(pk=w.lead.pk).deadline
    assert deadline_sweep(today=deadline + datetime.timedelta(days=1))["flagged"] == 1
    overdue = Suggestion.objects.filter(transitions__action="overdue").values_list("pk", flat=True)
    assert list(overdue) == [w.lead.pk]


def test_split_while_not_assigned_and_not_after(case):
    w = case
    services.merge(w.lead, w.staff, [w.second])
    services.split(Suggestion.objects.get(pk=w.lead.pk), w.staff)
    assert not MergedCase.objects.exists()
    assert Suggestion.objects.filter(case__isnull=False).count() == 0
    services.assign(Suggestion.objects.get(pk=w.second.pk), w.staff, w.other_unit)  # on its own again

    services.merge(Suggestion.objects.get(pk=w.lead.pk), w.staff, [w.third_s])
    lead = Suggestion.objects.get(pk=w.lead.pk)
    services.assign(lead, w.staff, w.unit)
    refused(services.split, Suggestion.objects.get(pk=w.lead.pk), w.staff)


def test_one_member_leaves_the_case_on_its_page_and_the_others_stay(case):
    w = case
    services.merge(w.lead, w.staff, [w.second, w.third_s])
    client = logged_in(w.staff)
    page = client.get(reverse("suggestions:detail", args=[w.second.pk])).content.decode()
    assert "移出并案" in page  # the button on the member's own page
    assert "移出并案" not in client.get(reverse("suggestions:detail", args=[w.lead.pk])).content.decode()
    r = client.post(reverse("suggestions:act", args=[w.second.pk, "unmerge"]), follow=True)
    assert r.status_code == 200 and "已移出并案" in r.content.decode()
    second, third = Suggestion.objects.get(pk=w.second.pk), Suggestion.objects.get(pk=w.third_s.pk)
    assert second.case_id is None and third.case.lead_id == w.lead.pk
    assert Notification.objects.filter(recipient=w.colleague.user, kind="suggestions.unmerged").count() == 1
    assert second.transitions.get(action="unmerge").action_label == "移出并案"
    services.assign(second, w.staff, w.other_unit)  # handled on its own
    # The last member leaving dissolves the case; the lead is on its own too.
    services.leave_case(third, w.staff)
    assert not MergedCase.objects.exists() and Suggestion.objects.get(pk=w.lead.pk).case_id is None
    # Not the lead, not a suggestion outside a case, not another county's staff, not after assignment.
    refused(services.leave_case, Suggestion.objects.get(pk=w.lead.pk), w.staff)
    services.merge(Suggestion.objects.get(pk=w.lead.pk), w.staff, [Suggestion.objects.get(pk=w.third_s.pk)])
    refused(services.leave_case, Suggestion.objects.get(pk=w.third_s.pk), w.foreign_staff)
    services.assign(Suggestion.objects.get(pk=w.lead.pk), w.staff, w.unit)
    refused(services.leave_case, Suggestion.objects.get(pk=w.third_s.pk), w.staff)
    assert Suggestion.objects.get(pk=w.third_s.pk).case.lead_id == w.lead.pk


def test_only_accepted_unassigned_suggestions_of_the_branch_are_merged(case):
    w = case
    submitted = Suggestion.objects.create(
        region_id="410522", session=w.session, author=w.third, title="t", body=LAMPS, state=State.SUBMITTED
    )
    refused(services.merge, w.lead, w.staff, [submitted], match="已立案")
    refused(services.merge, w.lead, w.author.user, [w.second])  # a deputy is not staff
    services.merge(w.lead, w.staff, [w.second])
    # A member cannot lead another case, nor join a second one.
    refused(services.merge, Suggestion.objects.get(pk=w.second.pk), w.staff, [w.third_s])
    refused(services.merge, Suggestion.objects.get(pk=w.third_s.pk), w.staff, [w.second])


def test_another_countys_items_are_refused(case):
    w = case
    tq_author = f.deputy("钱多多", region_code="410927", username="tq_author")
    foreign = accepted(w, tq_author, region="410927", session=f.session("410927"))
    refused(services.merge, w.lead, w.staff, [foreign], match="本县")
    tq_message = make_message(make_deputy(county="410927", name="台前代表"), body=LAMPS)
    refused(cm_services.attach_to_suggestion, tq_message, w.lead, w.staff)  # not Anyang's staff's message
    # Province staff see both counties, and still cannot merge across them.
    refused(services.merge, w.lead, w.province_staff, [foreign], match="本县")
    refused(cm_services.attach_to_suggestion, tq_message, w.lead, w.province_staff, match="本县")
    assert Suggestion.objects.get(pk=foreign.pk).case_id is None

    # Through the page: the other county's item is refused, nothing changes.
    client = logged_in(w.staff)
    for item in (f"suggestion:{foreign.pk}", f"message:{tq_message.pk}"):
        r = client.post(reverse("suggestions:merge", args=[w.lead.pk]), {"items": [item], "confirm": "1"})
        assert r.status_code == 302
        assert "本县" in str(list(r.wsgi_request._messages))
    assert not MergedCase.objects.exists()
    tq_message.refresh_from_db()
    assert (tq_message.status, tq_message.suggestion_id) == (Status.NEW, None)
    # Taiqian's staff cannot open Anyang's merge page at all.
    r = logged_in(w.foreign_staff).get(
        reverse("suggestions:merge", args=[w.lead.pk]), {"items": f"suggestion:{foreign.pk}"}
    )
    assert r.status_code == 404


def test_an_attached_message_shows_the_answer_on_its_tracking_page_and_an_opinion_records_it(case):
    w = case
    citizen_deputy = make_deputy(name="孙代表")
    message = make_message(citizen_deputy, body="东街路灯坏了半年，晚上不敢出门，请代表反映。")
    opinion = Opinion.objects.create(
        place=place(), category=OpinionCategory.INFRASTRUCTURE, text="群众反映东街路灯长期不亮。"
    )
    client = logged_in(w.staff)
    page = client.get(reverse("suggestions:detail", args=[w.lead.pk]))
    assert page.status_code == 200
    offered = page.context["merge_candidates"]
    assert {(h.kind.key, h.object_id) for h in offered} >= {
        ("suggestion", w.second.pk),
        ("message", message.pk),
        ("opinion", opinion.pk),
    }
    items = [f"suggestion:{w.second.pk}", f"message:{message.pk}", f"opinion:{opinion.pk}"]
    confirm = client.get(reverse("suggestions:merge", args=[w.lead.pk]), {"items": items})
    assert confirm.status_code == 200 and "确认并案" in confirm.content.decode()
    assert not MergedCase.objects.exists()  # the GET only asks
    r = client.post(reverse("suggestions:merge", args=[w.lead.pk]), {"items": items, "confirm": "1"})
    assert r.status_code == 302
    message.refresh_from_db()
    opinion.refresh_from_db()
    assert (message.status, message.suggestion_id) == (Status.FORWARDED, w.lead.pk)
    assert (opinion.state, opinion.suggestion_id) == (OpinionState.HANDLING, w.lead.pk)
    assert Suggestion.objects.get(pk=w.second.pk).case.lead_id == w.lead.pk
    page = client.get(reverse("suggestions:detail", args=[w.lead.pk]))
    detail = page.content.decode()
    assert 'data-testid="sources"' in detail and 'data-testid="case-members"' in detail
    # The similar-items card still lists them (they are similar), marked, and offers them no more.
    notes = {(h.kind.key, h.object_id): h.note for h in page.context["similar_hits"]}
    assert notes[("suggestion", w.second.pk)] == "已并案"
    assert notes[("message", message.pk)] == notes[("opinion", opinion.pk)] == "已作为建议来源"
    assert detail.count('data-testid="similar-joined"') >= 3
    offered = {(h.kind.key, h.object_id) for h in page.context["merge_candidates"]}
    assert not offered & {("suggestion", w.second.pk), ("message", message.pk), ("opinion", opinion.pk)}

    lead = Suggestion.objects.get(pk=w.lead.pk)
    services.assign(lead, w.staff, w.unit)
    services.sign_for(lead, w.unit_user)
    services.reply(lead, w.unit_user, text="东街路灯已全部修复。", result_class="A")

    message.refresh_from_db()
    assert message.status == Status.ANSWERED and "东街路灯已全部修复。" in message.answer
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RESULT and "东街路灯已全部修复。" in opinion.result
    # The citizen reads it with the tracking code.
    code = cm_services.tracking_code_for(message.nonce)
    track = Client().post(reverse("citizen_messages:track"), {"code": code})
    assert track.status_code == 200
    assert "东街路灯已全部修复。" in track.content.decode()
