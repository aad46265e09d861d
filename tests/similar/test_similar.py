"""Similar items, unit routing and the hit rate, as staff and deputies meet them on the pages."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from liaison_stations.models import Opinion
from similar import services
from similar.models import Document, Proposal
from similar.text import grams, marked
from suggestions.models import State, Suggestion
from tests.citizen_messages.factories import make_message
from tests.liaison_stations.factories import place
from tests.suggestions import factories as sf

ORIGINAL = (
    "关于白璧镇东街路灯长期损坏的建议。东街三百米路段的路灯坏了半年，晚上一片漆黑，"
    "老人孩子夜间出行很不安全，希望尽快修复路灯。"
)
# Reordered clauses, synonyms, another place name: the same complaint, rewritten.
REWRITTEN = "吕村镇东街的路灯已经坏了大半年，夜里一片漆黑，老人小孩晚上出行不安全，请尽快维修东街路灯。"
UNRELATED = "建议增加县城到韩陵镇的公交班次，早晚高峰等车时间太长，学生上学很不方便。"
NOISE = [
    "关于加快农村公路提档升级的建议，通村道路坑洼不平，雨天泥泞。",
    "希望在社区增设老年人日间照料中心，解决空巢老人吃饭难的问题。",
    "小区附近的菜市场占道经营严重，早上交通拥堵。",
    "村里的自来水水压不足，高层住户经常停水。",
]


@pytest.fixture
def county(db, county_staff):
    ns = type("County", (), {})()
    ns.staff = county_staff
    ns.session = sf.session()
    ns.author = sf.deputy("王建军", username="author")
    ns.other_author = sf.deputy("李秀英", username="colleague")
    ns.roads = sf.unit("安阳县交通运输局")
    ns.power = sf.unit("安阳县供电公司")
    return ns


def suggestion(w, body, title="", author=None, **kw):
    # Submitted: staff do not see a deputy's drafts, so neither does the index's search.
    kw.setdefault("state", State.SUBMITTED)
    return Suggestion.objects.create(
        region_id="410522",
        session=w.session,
        author=author or w.author,
        title=title or body[:20],
        body=body,
        **kw,
    )


def test_grams_are_bigrams_and_trigrams_within_clauses():
    found = grams("路灯坏了，ＡＢ")
    assert {"路灯", "灯坏", "坏了", "路灯坏", "灯坏了", "ab"} == set(found)
    assert "了a" not in found  # never across punctuation


def test_marks_are_escaped_first():
    html, words = marked("<b>路灯</b>坏了", {"路灯"})
    assert html == "&lt;b&gt;<mark>路灯</mark>&lt;/b&gt;坏了"
    assert words == ["路灯"]


def test_a_rewritten_complaint_finds_its_original_first_and_an_unrelated_one_does_not(county):
    original = suggestion(county, ORIGINAL)
    for text in NOISE:
        suggestion(county, text)
    deputy = sf.deputy("张三", username="msg_dep")
    rewritten = make_message(deputy, body=REWRITTEN)
    unrelated = make_message(deputy, body=UNRELATED)

    hits = services.similar_to(rewritten, county.staff)
    assert (hits[0].kind.key, hits[0].object_id) == ("suggestion", original.pk)
    assert any("路灯" in w for w in hits[0].words)
    found = {(h.kind.key, h.object_id) for h in services.similar_to(unrelated, county.staff)}
    assert ("suggestion", original.pk) not in found


def test_staff_see_similar_items_of_all_three_kinds_on_a_suggestion_page(client, county):
    s = suggestion(county, ORIGINAL, title="东街路灯<script>坏了")
    suggestion(county, REWRITTEN, author=county.other_author)
    make_message(sf.deputy("张三", username="msg_dep"), body="东街路灯坏了半年，晚上一片漆黑，老人出行不安全。")
    Opinion.objects.create(place=place(), category="other", text="群众反映东街路灯损坏，夜间出行不安全，希望修复。")
    suggestion(county, UNRELATED)

    client.force_login(county.staff)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    section = page[page.index('data-testid="similar-section"') :]
    assert section.count("list-group-item") == 3
    assert "代表建议" in section and "群众留言" in section and "站点意见" in section
    assert "<mark>" in section and "公交班次" not in section
    assert "<script>" not in page.split('id="similar-heading"')[1]


def test_nothing_of_another_county_is_ever_proposed_or_shown(client, county, other_county_staff):
    s = suggestion(county, ORIGINAL)
    tq_deputy = sf.deputy("台前代表", region_code="410927", username="tq_dep")
    twin = make_message(tq_deputy, body=ORIGINAL)
    tq_unit = sf.unit("台前县交通运输局", region_code="410927")
    make_message(tq_deputy, body=ORIGINAL + "再次反映", forwarded_unit=tq_unit)

    assert all(h.kind.key != "message" for h in services.similar_to(s, county.staff))
    assert services.propose_units(s, county.staff) == []
    assert all(h.kind.key != "suggestion" for h in services.similar_to(twin, other_county_staff))

    client.force_login(county.staff)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "暂无相似" in page


def test_a_deputy_sees_only_their_own_similar_items(county):
    own = suggestion(county, ORIGINAL)
    suggestion(county, REWRITTEN, author=county.other_author)
    mine = suggestion(county, REWRITTEN + "再议")
    hits = services.similar_to(own, county.author.user)
    assert [(h.kind.key, h.object_id) for h in hits] == [("suggestion", mine.pk)]


def test_routing_proposes_the_unit_that_handled_the_most_similar_items_and_records_acceptance(client, county):
    suggestion(county, ORIGINAL, lead_unit=county.power)
    suggestion(county, "东街路灯不亮，晚上出行不安全，请修复路灯。", lead_unit=county.power)
    suggestion(county, "东街路面坑洼，晚上出行不安全。", lead_unit=county.roads)
    new = suggestion(county, REWRITTEN, state=State.ACCEPTED)

    client.force_login(county.staff)
    page = client.get(reverse("suggestions:detail", args=[new.pk])).content.decode()
    box = page[page.index('data-testid="unit-proposal"') :]
    assert box.index("安阳县供电公司") < box.index("安阳县交通运输局") if "安阳县交通运输局" in box else True
    assert "依据" in box
    assert Proposal.objects.get(object_id=new.pk).unit == county.power

    client.post(reverse("suggestions:act", args=[new.pk, "assign"]), {"lead_unit": county.power.pk})
    new.refresh_from_db()
    assert new.lead_unit == county.power
    assert Proposal.objects.get(object_id=new.pk).accepted is True
    home = client.get(reverse("workbench")).content.decode()
    assert 'data-testid="routing-hit-rate"' in home and "100%" in home


def test_the_index_follows_edits_and_deletes_and_the_rebuild_gives_the_same_answer(county):
    s = suggestion(county, UNRELATED)
    probe = suggestion(county, REWRITTEN)
    assert services.similar_to(probe, county.staff) == []
    s.body, s.title = ORIGINAL, "路灯"
    s.save()
    before = [(h.object_id, h.score) for h in services.similar_to(probe, county.staff)]
    assert before and before[0][0] == s.pk
    call_command("similar_rebuild")
    assert [(h.object_id, h.score) for h in services.similar_to(probe, county.staff)] == before
    s.delete()
    assert not Document.objects.filter(kind="suggestion", object_id=s.pk).exists()


def test_the_statistics_snapshot_gives_the_same_answer_and_new_grams_are_counted_live(county):
    from similar.models import GramStat

    original = suggestion(county, ORIGINAL)
    for text in NOISE:
        suggestion(county, text)
    live = [(h.object_id, h.score) for h in services.search(REWRITTEN, county.staff)]
    assert services.refresh_stats() == Document.objects.count()
    assert GramStat.objects.get(gram="路灯").df == 1
    assert [(h.object_id, h.score) for h in services.search(REWRITTEN, county.staff)] == live
    # Indexed after the snapshot: its grams (吕村) are not in it, and are counted live.
    newer = suggestion(county, REWRITTEN.replace("吕村镇", "吕村镇吕村"))
    found = [h.object_id for h in services.search(REWRITTEN, county.staff)]
    assert found[:2] == [newer.pk, original.pk]


def test_staff_candidates_are_checked_against_visible_to(county):
    # Staff search their branch's postings, then only records visible_to them are kept: another
    # deputy's draft in the same county is similar but never shown.
    original = suggestion(county, ORIGINAL)
    draft = suggestion(county, REWRITTEN, author=county.other_author, state=State.DRAFT)
    found = {h.object_id for h in services.search(REWRITTEN, county.staff, only=("suggestion",))}
    assert original.pk in found and draft.pk not in found
    # Its author sees it (their own), filtered exactly in SQL.
    mine = {h.object_id for h in services.search(ORIGINAL, county.other_author.user, only=("suggestion",))}
    assert mine == {draft.pk}
