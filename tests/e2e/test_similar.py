"""Staff open an accepted suggestion, see its similar items (a suggestion, a citizen's message and a
station opinion), and assign it to the unit the portal proposes from past assignments."""

from playwright.sync_api import expect

from liaison_stations.models import Opinion
from suggestions.models import State
from tests.citizen_messages.factories import make_message
from tests.e2e.conftest import login
from tests.factories import PASSWORD, staff
from tests.liaison_stations.factories import place
from tests.similar.test_similar import ORIGINAL, REWRITTEN, UNRELATED, suggestion
from tests.suggestions import factories as f


def test_staff_see_similar_items_and_assign_to_the_proposed_unit(live_server, desktop, shot):
    w = type("W", (), {})()
    w.session = f.session()
    w.author = f.deputy("王建军", username="author")
    power = f.unit("安阳县供电公司")
    f.unit("安阳县交通运输局")
    staff("410522", username="ay_staff", full_name="李静")
    suggestion(w, ORIGINAL, title="关于修复白璧镇东街路灯的建议", lead_unit=power)
    make_message(f.deputy("张三", username="msg_dep"), body="东街路灯坏了半年，晚上一片漆黑，老人出行不安全。")
    Opinion.objects.create(place=place(), category="other", text="群众反映东街路灯损坏，夜间出行不安全，希望修复。")
    suggestion(w, UNRELATED)
    s = suggestion(w, REWRITTEN, title="关于维修吕村镇东街路灯的建议", state=State.ACCEPTED)

    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.goto(f"{live_server.url}/suggestions/{s.pk}/")
    section = desktop.get_by_test_id("similar-section")
    expect(section.locator("li")).to_have_count(3)
    expect(section.locator("mark").first).to_be_visible()
    proposal = desktop.get_by_test_id("unit-proposal")
    expect(proposal).to_contain_text("安阳县供电公司")
    shot(desktop, "similar-suggestion-desktop")

    card = desktop.get_by_test_id("action-assign")
    card.locator("select[name=lead_unit]").select_option(label="安阳县供电公司")
    card.get_by_role("button", name="提交").click()
    expect(desktop.get_by_test_id("transitions")).to_contain_text("安阳县供电公司")
