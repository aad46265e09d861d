"""Browser journeys of the workflow steps that live beside their records (issue 19): a handling
unit answers what is assigned to it, staff edit a project's plan, a key suggestion goes under a
supervision group. Each runs at desktop (1366×768) and phone (390×844) size."""

import datetime
import io

import pytest
from playwright.sync_api import expect

from accounts.models import Unit
from tests.e2e.conftest import SHOTS, _context, login
from tests.factories import PASSWORD, unit_user

SIZES = {"desktop": ({"width": 1366, "height": 768}, False), "phone": ({"width": 390, "height": 844}, True)}


@pytest.fixture(params=list(SIZES))
def screen(request, browser):
    viewport, mobile = SIZES[request.param]
    context = _context(browser, viewport, mobile)
    page = context.new_page()
    page.size_name = request.param
    yield page
    assert not context.foreign_requests, f"requests to other hosts: {context.foreign_requests}"
    context.close()


def snap(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"workflow-{name}-{page.size_name}.png"), full_page=True)


def _photo(tmp_path):
    from PIL import Image

    path = tmp_path / "site.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), (40, 120, 200)).save(buf, "JPEG")
    path.write_bytes(buf.getvalue())
    return str(path)


def test_unit_answers_a_station_opinion(live_server, screen):
    from tests.factories import staff
    from tests.liaison_stations.factories import forwarded_opinion

    forwarded_opinion(staff("410522", username="ay_staff", full_name="李静"))
    page = screen
    login(page, live_server.url, "roads_clerk", PASSWORD)
    page.goto(f"{live_server.url}/stations/opinions/unit/")
    expect(page.get_by_test_id("unit-opinions")).to_contain_text("村东生产路需要硬化")
    snap(page, "unit-opinions")
    page.get_by_test_id("unit-opinions").get_by_role("link").first.click()
    page.get_by_test_id("unit-answer").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("请填写办理结果")
    page.fill("textarea[name=result]", "已列入今年农村道路计划，10月底前完成硬化。")
    page.get_by_test_id("unit-answer").click()
    expect(page.get_by_test_id("opinion-state")).to_have_text("已有结果")
    expect(page.get_by_test_id("transitions")).to_contain_text("安阳县交通运输局答复")
    snap(page, "unit-opinion-answered")


def test_unit_replies_to_a_citizens_message_and_the_deputy_answers_from_it(live_server, screen):
    from citizen_messages import services
    from tests.citizen_messages.factories import make_deputy, make_message

    dep = make_deputy(name="王建国")
    dep.user.username = "cm_deputy"
    dep.user.save()
    roads = Unit.objects.create(name="安阳县交通运输局", region_id="410522")
    unit_user(roads, username="roads_clerk", full_name="周伟")
    message = make_message(dep, body="村口路面坑洼，雨天积水。", citizen_phone="13912345678")
    services.forward(message, dep.user, unit=roads, note="请核实")
    page = screen
    login(page, live_server.url, "roads_clerk", PASSWORD)
    page.goto(f"{live_server.url}/messages/unit/{message.pk}/")
    expect(page.get_by_test_id("message-body")).to_contain_text("村口路面坑洼")
    expect(page.locator("body")).to_contain_text("139****5678")
    page.fill("textarea[name=reply]", "已安排维修队，本周五前修复路面。")
    page.get_by_test_id("unit_reply-submit").click()
    expect(page.get_by_test_id("unit-reply")).to_contain_text("本周五前修复路面")
    snap(page, "unit-message-replied")
    page.context.clear_cookies()
    login(page, live_server.url, "cm_deputy", PASSWORD)
    page.goto(f"{live_server.url}/messages/inbox/{message.pk}/")
    expect(page.get_by_test_id("unit-reply")).to_contain_text("安阳县交通运输局答复（群众不可见）")
    expect(page.locator("textarea[name=answer]")).to_have_value("已安排维修队，本周五前修复路面。")
    page.get_by_test_id("answer-submit").click()
    expect(page.locator("body")).to_contain_text("已回复（群众可见）")
    snap(page, "deputy-answers-from-unit-reply")


def test_unit_reports_progress_and_staff_edit_the_plan(live_server, screen, tmp_path, settings):
    from tests.factories import staff
    from tests.livelihood import factories as f

    settings.MEDIA_ROOT = str(tmp_path / "media")
    staff("410522", username="ay_staff", full_name="李静")
    project = f.project(
        name="新建实验小学",
        milestones=[
            ("完成招标", datetime.date(2026, 2, 1), datetime.date(2026, 2, 3)),
            ("主体封顶", datetime.date(2026, 5, 1), None),
        ],
    )
    unit_user(project.unit, username="edu_clerk", full_name="陈红")
    page = screen
    login(page, live_server.url, "edu_clerk", PASSWORD)
    page.goto(f"{live_server.url}/livelihood/unit/")
    expect(page.get_by_test_id("unit-projects")).to_contain_text("新建实验小学")
    page.get_by_test_id("unit-projects").get_by_role("link").first.click()
    expect(page.get_by_test_id("project-progress")).to_have_text("50%")
    page.fill("textarea[name=note]", "主体结构已封顶，开始内部装修。")
    page.select_option("select[name=milestone]", label="主体封顶")
    page.set_input_files("input[name=photo]", _photo(tmp_path))
    page.get_by_test_id("report-progress").click()
    expect(page.get_by_test_id("project-progress")).to_have_text("100%")
    expect(page.get_by_test_id("progress-updates")).to_contain_text("完成节点：主体封顶")
    expect(page.get_by_test_id("progress-updates").locator("img")).to_be_visible()
    snap(page, "unit-progress")
    page.context.clear_cookies()
    login(page, live_server.url, "ay_staff", PASSWORD)
    page.goto(f"{live_server.url}/livelihood/projects/{project.pk}/")
    expect(page.get_by_test_id("progress-updates")).to_contain_text("主体结构已封顶")
    page.get_by_test_id("edit-plan").click()
    rows = page.get_by_test_id("milestone-rows")
    rows.locator("input[name=m-2-name]").fill("竣工验收")
    rows.locator("input[name=m-2-planned_date]").fill("2026-11-30")
    page.get_by_test_id("requirement-rows").locator("input[name=r-0-description]").fill("县财政配套资金800万元")
    page.get_by_test_id("requirement-rows").locator("select[name=r-0-kind]").select_option("funds")
    snap(page, "plan-edit")
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("竣工验收")
    expect(page.locator("body")).to_contain_text("县财政配套资金800万元")
    expect(page.get_by_test_id("project-progress")).to_have_text("67%")
    snap(page, "plan-saved")


def test_staff_put_a_key_suggestion_under_a_group_and_record_a_visit(live_server, screen):
    from suggestions import services
    from suggestions.models import SupervisionGroup
    from tests.factories import staff
    from tests.suggestions import factories as sf

    county = staff("410522", username="ay_staff", full_name="李静")
    sf.session()
    author = sf.deputy("王建军", username="author")
    leader = sf.deputy("赵县长", username="leader", leader=True)
    unit = sf.unit("安阳县农业农村局", staff_username="unit_ag")
    s = services.create_draft(
        author,
        author.user,
        title="关于加快农村公路提档升级的建议",
        body="建议将通村道路纳入年度计划。",
        category="rural",
        session=None,
        cosigners=[],
    )
    services.submit(s, author.user)
    services.review(s, county, "accept")
    services.assign(s, county, unit)
    services.mark_key(s, county, leader_name="刘振宇", leader_post="县长")
    SupervisionGroup.objects.create(
        region_id="410522", year=2026, name="第一督办组", leader=leader, leader_post="县人大常委会副主任"
    )
    page = screen
    login(page, live_server.url, "ay_staff", PASSWORD)
    page.goto(f"{live_server.url}/suggestions/{s.pk}/")
    page.get_by_test_id("supervision-link").click()
    page.select_option("select[name=group]", label="2026 第一督办组")
    page.get_by_test_id("supervise-submit").click()
    expect(page.get_by_test_id("supervising-groups")).to_contain_text("第一督办组")
    page.fill("textarea[name=findings]", "道路硬化已完成六成。")
    page.fill("textarea[name=follow_up]", "十月底前全部完工。")
    page.get_by_test_id("visit-submit").click()
    expect(page.get_by_test_id("visits")).to_contain_text("道路硬化已完成六成")
    snap(page, "supervision")


def test_deputy_requests_a_rota_swap_and_staff_approve_it(live_server, screen):
    from django.utils import timezone

    from liaison_stations import services
    from tests.factories import deputy_user, staff
    from tests.liaison_stations.factories import deputy, place, station

    staff("410522", username="ay_staff", full_name="李静")
    room = place()
    asker = deputy("张晓梅", user=deputy_user(username="zxm"))
    colleague = deputy("李建国", user=deputy_user(username="ljg"))
    station(room, [asker, colleague])
    services.add_duty(room, asker, timezone.localdate() + datetime.timedelta(days=3))
    page = screen
    login(page, live_server.url, "zxm", PASSWORD)
    page.goto(f"{live_server.url}/stations/duties/mine/")
    page.get_by_test_id("request-swap").click()
    page.get_by_test_id("swap-request-submit").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("请填写调班原因")
    page.select_option("select[name=proposed_deputy]", label="李建国")
    page.fill("input[name=reason]", "外出开会")
    snap(page, "swap-request")
    page.get_by_test_id("swap-request-submit").click()
    expect(page.get_by_test_id("request-swap")).to_have_text("调班审批中")
    page.context.clear_cookies()
    login(page, live_server.url, "ay_staff", PASSWORD)
    page.goto(f"{live_server.url}/stations/swaps/")
    expect(page.get_by_test_id("swap-requests")).to_contain_text("外出开会")
    snap(page, "swap-list")
    page.get_by_test_id("swap-approve").click()
    expect(page.locator(".alert-success")).to_contain_text("已同意调班")


def test_deputy_records_an_enterprise_opinion_and_staff_see_the_figures(live_server, screen):
    from deputies.models import Enterprise, EnterpriseLink, GroupMembership, ProfessionalGroup, uscc_check_char
    from tests.deputies.factories import DeputyFactory
    from tests.factories import deputy_user, staff

    staff("410522", username="ay_staff", full_name="李静")
    dep = DeputyFactory(name="王建军", user=deputy_user(username="wjj"))
    first = "91410522MA0000001"
    steel = Enterprise.objects.create(
        name="安阳钢铁配件有限公司", uscc=first + uscc_check_char(first), region_id="410522"
    )
    EnterpriseLink.objects.create(enterprise=steel, deputy=dep, start_date=datetime.date(2024, 1, 1))
    group = ProfessionalGroup.objects.create(name="现代农业产业小组", kind="industry", region_id="410522")
    GroupMembership.objects.create(group=group, deputy=dep, joined=datetime.date(2024, 3, 1))
    Unit.objects.create(name="安阳县工业和信息化局", region_id="410522")
    page = screen
    login(page, live_server.url, "wjj", PASSWORD)
    page.goto(f"{live_server.url}/deputies/me/enterprises/")
    page.get_by_test_id("new-enterprise-opinion").click()
    page.select_option("select[name=category]", "finance")
    page.fill("textarea[name=text]", "流动资金贷款审批慢。")
    snap(page, "enterprise-opinion-new")
    page.get_by_test_id("enterprise-opinion-submit").click()
    expect(page.get_by_test_id("enterprise-opinion-status")).to_have_text("已收集")
    page.select_option("select[name=unit]", label="安阳县工业和信息化局")
    page.get_by_test_id("step-forwarded").click()
    expect(page.get_by_test_id("enterprise-opinion-status")).to_have_text("已转交")
    page.fill("textarea[name=answer]", "已协调银行开通绿色通道。")
    page.get_by_test_id("step-answered").click()
    expect(page.get_by_test_id("enterprise-opinion-answer")).to_contain_text("绿色通道")
    snap(page, "enterprise-opinion-followed")
    page.context.clear_cookies()
    login(page, live_server.url, "ay_staff", PASSWORD)
    page.goto(f"{live_server.url}/deputies/enterprises/")
    expect(page.get_by_test_id("enterprise-figures")).to_contain_text("联系企业的代表")
    expect(page.get_by_test_id("enterprise-table")).to_contain_text("安阳钢铁配件有限公司")
    snap(page, "enterprises")
    page.goto(f"{live_server.url}/deputies/groups/")
    expect(page.get_by_test_id("groups")).to_contain_text("成员 1 人")
    page.get_by_role("link", name="现代农业产业小组").click()
    expect(page.get_by_test_id("group-members")).to_contain_text("王建军")
    snap(page, "group")
