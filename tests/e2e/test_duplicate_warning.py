"""A deputy drafting a suggestion on the phone sees the similar one already submitted at the session
(fetched by the static script as they type) and asks to co-sign it instead."""

from playwright.sync_api import expect

from suggestions.models import CoSignature, State, Suggestion
from tests.e2e.conftest import login
from tests.factories import PASSWORD
from tests.suggestions import factories as f


def test_a_drafting_deputy_is_warned_of_a_similar_suggestion_and_asks_to_co_sign(live_server, phone, shot):
    session = f.session()
    author = f.deputy("王建军", username="author")
    drafter = f.deputy("赵红梅", username="drafter")
    s = Suggestion.objects.create(
        region_id="410522",
        session=session,
        author=author,
        title="关于修复白璧镇东街路灯的建议",
        body="白璧镇东街路灯坏了半年，晚上一片漆黑，老人孩子出行不安全，希望尽快修复路灯。",
        state=State.SUBMITTED,
    )
    login(phone, live_server.url, "drafter", PASSWORD)
    phone.goto(f"{live_server.url}/suggestions/new/")
    phone.select_option("select[name=session]", str(session.pk))
    phone.fill("input[name=title]", "关于维修东街路灯的建议")
    phone.fill("textarea[name=body]", "东街的路灯已经坏了大半年，夜里一片漆黑，老人小孩出行不安全，请尽快维修。")
    warning = phone.get_by_test_id("draft-similar")
    expect(warning).to_contain_text("关于修复白璧镇东街路灯的建议")
    shot(phone, "draft-similar-phone")
    warning.get_by_role("button", name="申请附议").click()
    expect(phone.get_by_test_id("cosigners")).to_contain_text("赵红梅")
    assert CoSignature.objects.get(suggestion=s, deputy=drafter).status == CoSignature.Status.REQUESTED
