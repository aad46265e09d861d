"""A suggestion's whole loop in the browser: a deputy drafts and submits on a phone, a colleague
co-signs, staff accept it and assign it as a key suggestion led by a county leader, the unit signs
for it and replies, the deputy evaluates "not satisfied" and a second handling round opens."""

import datetime

from playwright.sync_api import expect

from accounts.models import User
from suggestions.models import AssignmentMeeting, State, Suggestion
from tests.e2e.conftest import login
from tests.factories import PASSWORD, staff
from tests.suggestions import factories as f


def _as(page, base, username):
    page.context.clear_cookies()
    login(page, base, username, PASSWORD)
    page.wait_for_load_state()


def test_suggestion_loop_with_a_second_round(live_server, phone, desktop, shot):
    base = live_server.url
    f.session()
    f.deputy("王建军", username="author")
    f.deputy("李秀英", username="colleague")
    f.deputy("赵振国", username="leader", leader=True)
    f.unit("安阳县农业农村局", staff_username="unit_ag")
    f.unit("安阳县财政局")
    staff("410522", username="ay_staff", full_name="李静")
    AssignmentMeeting.objects.create(
        region_id="410522", title="重点建议面对面交办会", date=datetime.date(2026, 2, 10), place="县政府第一会议室"
    )

    # The deputy drafts on a phone and invites a colleague.
    _as(phone, base, "author")
    phone.goto(f"{base}/suggestions/my/")
    phone.get_by_role("link", name="写建议").click()
    phone.fill("input[name=title]", "关于加快农村公路提档升级的建议")
    phone.select_option("select[name=category]", "rural")
    phone.select_option("select[name=session]", label="第十六届四次会议")
    phone.fill("textarea[name=body]", "建议将通村道路纳入年度计划。")
    phone.select_option("select[name=cosigners]", label="李秀英")
    shot(phone, "suggestions-draft-phone")
    phone.get_by_role("button", name="保存草稿").click()
    phone.wait_for_url("**/suggestions/*/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    s = Suggestion.objects.get()
    assert s.state == State.DRAFT

    # The colleague co-signs from the invitation.
    _as(phone, base, "colleague")
    phone.goto(f"{base}/suggestions/my/")
    phone.get_by_test_id("invitation").click()
    phone.get_by_role("button", name="附议", exact=True).click()
    phone.wait_for_load_state()
    expect(phone.get_by_test_id("cosigners")).to_contain_text("已附议")

    # The author submits: text and co-signers are frozen.
    _as(phone, base, "author")
    phone.goto(f"{base}/suggestions/{s.pk}/")
    phone.get_by_role("button", name="提交建议").click()
    phone.wait_for_load_state()
    expect(phone.get_by_test_id("state").first).to_have_text("待审查")
    expect(phone.get_by_role("link", name="修改")).to_have_count(0)
    shot(phone, "suggestions-submitted-phone")

    # Staff accept it, assign it, and mark it key with the leader and the meeting.
    _as(desktop, base, "ay_staff")
    desktop.goto(f"{base}/suggestions/board/")
    desktop.get_by_role("link", name="关于加快农村公路提档升级的建议").click()
    desktop.check("[data-testid=action-review] input[value=accept]")
    desktop.locator("[data-testid=action-review] button[type=submit]").click()
    desktop.wait_for_load_state()
    expect(desktop.get_by_test_id("number")).to_contain_text("第16届4次会议第1号")
    desktop.select_option("[data-testid=action-assign] select[name=lead_unit]", label="安阳县农业农村局")
    desktop.select_option("[data-testid=action-assign] select[name=assisting_units]", label="安阳县财政局")
    desktop.locator("[data-testid=action-assign] button[type=submit]").click()
    desktop.wait_for_load_state()
    desktop.select_option("[data-testid=action-key] select[name=leader]", label="赵振国")
    desktop.fill("[data-testid=action-key] input[name=leader_post]", "副县长")
    desktop.select_option("[data-testid=action-key] select[name=meeting]", index=1)
    desktop.locator("[data-testid=action-key] button[type=submit]").click()
    desktop.wait_for_load_state()
    expect(desktop.get_by_test_id("leader")).to_have_text("赵振国（副县长）")
    shot(desktop, "suggestions-staff-detail")
    desktop.goto(f"{base}/suggestions/key/")
    expect(desktop.locator("main")).to_contain_text("赵振国（副县长）")
    shot(desktop, "suggestions-key-board")

    # The unit signs for it and replies.
    _as(desktop, base, "unit_ag")
    desktop.goto(f"{base}/suggestions/unit/")
    desktop.get_by_role("link", name="关于加快农村公路提档升级的建议").click()
    desktop.get_by_role("button", name="签收").click()
    desktop.wait_for_load_state()
    desktop.select_option("[data-testid=action-reply] select[name=result_class]", "C")
    desktop.fill("[data-testid=action-reply] textarea[name=text]", "受资金限制，暂时难以全部实施。")
    desktop.locator("[data-testid=action-reply] button[type=submit]").click()
    desktop.wait_for_load_state()
    expect(desktop.get_by_test_id("reply")).to_have_count(1)
    shot(desktop, "suggestions-unit-replied")

    # The deputy evaluates "not satisfied": a second round opens, the first reply is kept.
    _as(phone, base, "author")
    phone.goto(f"{base}/suggestions/my/?tab=evaluate")
    phone.get_by_role("link", name="关于加快农村公路提档升级的建议").click()
    phone.check("[data-testid=action-evaluate] input[value=not]")
    phone.fill("[data-testid=action-evaluate] textarea[name=reason]", "没有提出具体时间表")
    phone.locator("[data-testid=action-evaluate] button[type=submit]").click()
    phone.wait_for_load_state()
    expect(phone.get_by_test_id("deadline")).to_contain_text("第2轮办理")
    expect(phone.get_by_test_id("reply")).to_contain_text("不满意")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "suggestions-second-round-phone")
    s.refresh_from_db()
    assert s.state == State.SIGNED and s.round == 2 and s.replies.count() == 1
    assert User.objects.get(username="unit_ag").notifications.filter(kind="suggestions.reround").exists()
