"""Merged handling (并案办理) in the browser, at desktop size: staff open an accepted suggestion, see
three similar items, merge the two similar suggestions into it (with a confirmation), see them marked
已并案, take one out again on its own page, and assign the case to the unit the portal proposes from
past assignments."""

from playwright.sync_api import expect

from suggestions.models import State, Suggestion
from tests.e2e.conftest import login
from tests.factories import PASSWORD, staff
from tests.similar.test_similar import ORIGINAL, REWRITTEN, UNRELATED, suggestion
from tests.suggestions import factories as f


def test_staff_merge_two_similar_suggestions_and_assign_the_case_to_the_proposed_unit(live_server, desktop, shot):
    w = type("W", (), {})()
    w.session = f.session()
    w.author = f.deputy("王建军", username="author")
    power = f.unit("安阳县供电公司")
    f.unit("安阳县交通运输局")
    staff("410522", username="ay_staff", full_name="李静")
    # The past item: handled by the power company (the reason of the proposal).
    suggestion(w, ORIGINAL, title="关于修复白璧镇东街路灯的建议", state=State.CLOSED, lead_unit=power)
    suggestion(w, UNRELATED)
    colleague = f.deputy("李秀英", username="colleague")
    third = f.deputy("赵红梅", username="third")
    second = suggestion(
        w, "东街路灯坏了半年，晚上一片漆黑，老人孩子出行不安全，希望尽快修复东街路灯。", title="关于东街路灯的建议",
        author=colleague, state=State.ACCEPTED,
    )  # fmt: skip
    other = suggestion(
        w, "希望尽快修好东街路灯！老人小孩晚上出门不安全，东街路灯已经坏了半年。", title="关于尽快修好东街路灯的建议",
        author=third, state=State.ACCEPTED,
    )  # fmt: skip
    s = suggestion(w, REWRITTEN, title="关于维修吕村镇东街路灯的建议", state=State.ACCEPTED)

    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.goto(f"{live_server.url}/suggestions/{s.pk}/")
    expect(desktop.get_by_test_id("similar-section").locator("li")).to_have_count(3)
    merge = desktop.get_by_test_id("merge")
    expect(merge.locator("input[type=checkbox]")).to_have_count(2)  # the accepted ones, not the closed one
    shot(desktop, "merged-suggestion-desktop")
    merge.locator(f"input[value='suggestion:{second.pk}']").check()
    merge.locator(f"input[value='suggestion:{other.pk}']").check()
    merge.get_by_role("button", name="并案 / 关联…").click()

    expect(desktop.get_by_test_id("merge-chosen").locator("li")).to_have_count(2)
    shot(desktop, "merged-confirm-desktop")
    desktop.get_by_role("button", name="确认并案").click()

    members = desktop.get_by_test_id("case-members")
    expect(members.locator("li")).to_have_count(3)
    # The similar items are still listed (they are similar), marked as merged, and offered no more.
    expect(desktop.get_by_test_id("similar-joined")).to_have_count(2)
    expect(desktop.get_by_test_id("merge")).to_have_count(0)
    shot(desktop, "merged-joined-desktop")

    # One of them is taken out on its own page (移出并案) and handled on its own; the other stays.
    desktop.goto(f"{live_server.url}/suggestions/{other.pk}/")
    desktop.get_by_test_id("action-unmerge").get_by_role("button", name="移出并案").click()
    expect(desktop.get_by_text("已移出并案，这件建议单独办理")).to_be_visible()
    expect(desktop.get_by_test_id("case")).to_have_count(0)
    shot(desktop, "merged-unmerged-member-desktop")
    desktop.goto(f"{live_server.url}/suggestions/{s.pk}/")
    expect(members.locator("li")).to_have_count(2)
    expect(desktop.get_by_test_id("unit-proposal")).to_contain_text("安阳县供电公司")
    card = desktop.get_by_test_id("action-assign")
    card.locator("select[name=lead_unit]").select_option(label="安阳县供电公司")
    card.get_by_role("button", name="提交").click()
    expect(desktop.get_by_test_id("transitions")).to_contain_text("安阳县供电公司")
    expect(members).to_contain_text("已交办")
    shot(desktop, "merged-assigned-desktop")
    # Each member went the same way, with the same unit; the one taken out waits on its own.
    assert set(Suggestion.objects.filter(case__lead=s).values_list("state", "lead_unit")) == {
        (State.ASSIGNED, power.pk)
    }
    assert Suggestion.objects.get(pk=other.pk).state == State.ACCEPTED
