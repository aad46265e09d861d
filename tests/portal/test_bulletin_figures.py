"""The demo reproduces the bulletin's figures (docs/domain.md), each in the data and on the page that shows it.

The demo is seeded once for the module. Each case is one figure of the bulletin:

figure (bulletin) → query → page
finance-economy group adjusted, 2 new groups → established ProfessionalGroup (Anyang) → deputies list (group filter)
12 deputies in the service hall's supervision room → the room's Stationing rows → stations list
supervision posts in 9 township service halls → supervision-post Places, their townships → stations list (posts)
a service post in 白璧镇亚龙湾社区 → the service-post Place → stations list
20-odd research/inspection/forum (乡村振兴) → Activity titled 乡村振兴 → activities list
3 municipal deputy groups, 12 outreach events → outreach Activity → activities list (kind)
36 suggestions on rural revitalisation → rural Suggestion of the 4th session → suggestions board
78 deputies ↔ 53 key enterprises, 43 opinions → EnterpriseLink / Enterprise / opinions → admin lists (master data)
30-odd construction-industry deputies → the construction group's members → deputies list (group)
11 key suggestions, each led by a county leader → key Suggestion and its leader → key suggestions board
5 supervision groups led by chair and vice-chairs → SupervisionGroup, ChairsMeetingMember → groups page, chairs' meeting
10 projects voted at the 4th session (16th term) → Project of the session's vote sitting → projects list, public page
the “three ones”: monthly, quarterly, half-yearly → Review cadences of each project → review calendar
a QR code for every deputy → DeputyToken of each current deputy → QR codes page
20 leader deputies in the station month, 39 opinions → station-month StationActivity, Opinion → station activities page
Taiqian: the 打渔陈镇 station → Place in 打渔陈镇 → stations list (Taiqian)
Taiqian: the five-county agreement and first joint meeting (26 July) → Agreement, JointMeeting → collaboration page
Taiqian: the three-town agreement (3 August) → the town collaboration's Agreement → collaborations list
Taiqian: 13 disputes, 12 items, 10 exchanges, 6 inspections, 30 opinions, 5 areas → figures → collaboration page

Beside the figures: the demo's people carry the gender their given names suggest, each suggestion goes
to the unit that handles its matter, and each livelihood project shows its own milestones.
"""

import html
import re

import pytest
from django.urls import reverse

from accounts.models import User

ANYANG, TAIQIAN = "410522", "410927"


@pytest.fixture
def page(demo, db, client):
    """The text a user reads on a page (tags stripped), logged in as `username`."""

    def read(url, username="anyang_staff"):
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, url
        text = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", response.content.decode())
        return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))

    return read


def _anyang_groups():
    from deputies.models import GroupStatus, ProfessionalGroup

    return ProfessionalGroup.objects.filter(region_id=ANYANG, status=GroupStatus.ESTABLISHED)


def test_professional_groups(page):
    names = set(_anyang_groups().values_list("name", flat=True))
    assert names == {"财政经济专业小组", "教育专业小组", "建筑产业小组"}  # one adjusted, 2 founded
    text = page(reverse("deputies:list"))
    assert all(name in text for name in names)


def test_construction_industry_deputies(page):
    group = _anyang_groups().get(name="建筑产业小组")
    n = group.members.count()
    assert 30 <= n < 40  # “30余名”
    assert f"共 {n} 名" in page(reverse("deputies:list") + f"?group={group.pk}")


def _places():
    from liaison_stations.models import Place

    return Place.objects.filter(region__code__startswith=ANYANG)


def test_supervision_room_with_12_deputies(page):
    from liaison_stations.models import PlaceKind

    room = _places().get(kind=PlaceKind.SUPERVISION_ROOM)
    assert room.stationings.count() == 12
    text = page(reverse("liaison_stations:places") + "?kind=supervision_room")
    assert re.search(rf"{room.name} 代表监督室 .*? 12 ", text)


def test_supervision_posts_in_9_townships(page):
    from liaison_stations.models import PlaceKind

    posts = _places().filter(kind=PlaceKind.SUPERVISION_POST)
    assert posts.values("region").distinct().count() == 9
    assert all(p.region.kind == "township" for p in posts)
    text = page(reverse("liaison_stations:places") + "?kind=supervision_post")
    assert len({p.region.name for p in posts if p.name in text}) == 9


def test_service_post_in_yalongwan(page):
    from liaison_stations.models import PlaceKind

    post = _places().get(kind=PlaceKind.SERVICE_POST)
    assert post.region_id == "410522101001" and "亚龙湾社区" in post.region.name
    assert post.name in page(reverse("liaison_stations:places"))


def test_rural_revitalisation_activities(page):
    from deputies.models import Activity, ActivityKind

    qs = Activity.objects.filter(region__code__startswith=ANYANG, title__contains="乡村振兴")
    assert set(qs.values_list("kind", flat=True)) == {
        ActivityKind.RESEARCH,
        ActivityKind.INSPECTION,
        ActivityKind.FORUM,
    }
    n = qs.count()
    assert 20 < n < 30  # “20余次”
    assert f"共 {n} 项" in page(reverse("deputies:activities") + "?title=乡村振兴")


def test_three_municipal_groups_twelve_outreach_events(page):
    from deputies.models import Activity, ActivityKind

    outreach = Activity.objects.filter(region__code__startswith=ANYANG, kind=ActivityKind.OUTREACH)
    assert outreach.count() == 12
    groups = {re.search(r"市人大代表第(.)小组", t).group(1) for t in outreach.values_list("title", flat=True)}
    assert groups == {"一", "二", "三"}
    text = page(reverse("deputies:activities") + "?kind=outreach")
    assert "共 12 项" in text and all(f"市人大代表第{g}小组" in text for g in groups)


def _session_suggestions():
    from suggestions.models import Suggestion

    return Suggestion.objects.filter(region_id=ANYANG, session__term__number=16, session__number=4)


def test_36_rural_suggestions(page):
    assert _session_suggestions().filter(category="rural").count() == 36
    numbers, n = set(), 1
    while True:  # the board shows 30 a page
        text = page(reverse("suggestions:board") + f"?category=rural&page={n}")
        numbers |= set(re.findall(r"第16届4次会议第(\d+)号", text))
        if "下一页" not in text:
            break
        n += 1
    assert len(numbers) == 36


def test_enterprises_deputies_and_opinions(page):
    from deputies.models import Enterprise, EnterpriseLink, EnterpriseOpinion

    links = EnterpriseLink.objects.filter(enterprise__region__code__startswith=ANYANG)
    assert links.values("deputy").distinct().count() == 78
    assert Enterprise.objects.filter(region__code__startswith=ANYANG).count() == 53
    assert links.values("enterprise").distinct().count() == 53
    assert EnterpriseOpinion.objects.filter(link__in=links).count() == 43
    # Enterprises and their links are master data kept in the admin, where staff read the counts.
    assert "53 重点企业" in page(reverse("admin:deputies_enterprise_changelist"))
    assert "43 企业意见" in page(reverse("admin:deputies_enterpriseopinion_changelist"))
    # Staff read the figures of the work itself on the portal's key-enterprise page.
    figures = " ".join(page(reverse("deputies:enterprises")).split())
    for shown in ("78 联系企业的代表", "53 联系的重点企业", "43 收集企业意见建议"):
        assert shown in figures


def test_11_key_suggestions_led_by_county_leaders(page):
    key = _session_suggestions().filter(is_key=True)
    assert key.count() == 11
    leaders = set(key.values_list("leader_name", flat=True))
    assert len(leaders) == 11 and "" not in leaders
    text = page(reverse("suggestions:key"))
    assert all(name in text for name in leaders)


def test_5_supervision_groups_led_by_the_chairs_meeting_in_order(page):
    from livelihood.models import ChairsMeetingMember
    from suggestions.models import SupervisionGroup

    groups = list(SupervisionGroup.objects.filter(region_id=ANYANG, year=2026))
    assert [g.name for g in groups] == [f"第{n}督办组" for n in "一二三四五"]
    chairs = list(
        ChairsMeetingMember.objects.filter(congress__region_id=ANYANG).order_by("order").select_related("user")
    )
    assert [(g.leader_name, g.leader_post) for g in groups] == [
        (m.user.full_name, f"县人大常委会{m.title}") for m in chairs
    ]
    assert chairs[0].title == "主任" and {m.title for m in chairs[1:]} == {"副主任"}
    text = page(reverse("suggestions:groups"))
    positions = [text.index(f"{g.name} · 带队：{g.leader_name}") for g in groups]
    assert positions == sorted(positions)
    chairs_page = page(reverse("admin:livelihood_chairsmeetingmember_changelist"))
    assert all(m.user.full_name in chairs_page for m in chairs)


def _projects():
    from livelihood.models import Project

    return Project.objects.filter(region_id=ANYANG, year=2026).order_by("number")


def test_10_livelihood_projects_voted_at_the_4th_session(page):
    projects = list(_projects().select_related("candidate__sitting__session__term"))
    assert len(projects) == 10
    assert {(p.candidate.sitting.session.term.number, p.candidate.sitting.session.number) for p in projects} == {
        (16, 4)
    }
    text = page(reverse("livelihood:projects") + "?year=2026")
    assert all(f"2026-{p.number} {p.name}" in text for p in projects)
    public = page(reverse("livelihood:public", args=[ANYANG, 2026]))
    assert all(p.name in public for p in projects)


def test_three_ones_cadences(page):
    from livelihood.models import Review

    for project in _projects():
        cadences = set(Review.objects.filter(project=project).values_list("cadence", flat=True))
        assert cadences == {"monthly", "quarterly", "half_yearly"}, project.name
    text = page(reverse("livelihood:calendar"))
    assert all(label in text for label in ("每月听取", "每季度汇报", "每半年视察"))


def test_every_deputy_has_a_qr_code(page):
    from citizen_messages.models import DeputyToken
    from deputies.models import Deputy

    current = Deputy.objects.filter(region__code__startswith=ANYANG).current()
    assert not current.exclude(pk__in=DeputyToken.objects.values("deputy_id")).exists()
    text = page(reverse("citizen_messages:tokens"))
    assert "PNG · SVG" in text and "未生成" not in text


def test_20_leader_deputies_in_the_station_month_39_opinions(page):
    from deputies.models import ActivityKind, ActivityParticipant
    from liaison_stations.models import Opinion, StationActivity

    month = StationActivity.objects.filter(activity__kind=ActivityKind.STATION_MONTH)
    leaders = ActivityParticipant.objects.filter(activity__station_link__in=month, deputy__is_leader=True)
    assert leaders.values("deputy").distinct().count() == 20
    assert Opinion.objects.filter(station_activity__in=month).count() == 39
    text = page(reverse("liaison_stations:activities"))
    assert re.search(r"集中进站月 活动 \d+ 次，参加代表 \d+ 名（县级领导干部代表 20 名），收集意见建议 39 条", text)


def test_taiqian_dayuchen_station(page):
    from liaison_stations.models import Place

    station = Place.objects.get(region__code__startswith=TAIQIAN, region__name="打渔陈镇", kind="liaison_station")
    assert station.name in page(reverse("liaison_stations:places"), username="taiqian_staff")


def _five():
    from collaboration.demo import FIVE
    from collaboration.models import Collaboration

    return Collaboration.objects.get(name=FIVE)


def test_taiqian_five_county_agreement_and_first_joint_meeting(page):
    five = _five()
    agreement = five.agreements.get()
    assert (agreement.title, agreement.signed_on.isoformat(), agreement.signatories.count()) == (
        "鲁豫毗邻五县人大跨区域联动工作协议",
        "2026-07-26",
        5,
    )
    first = five.meetings.get(number=1)
    assert first.date == agreement.signed_on
    partners = sorted(m.region.name for m in five.members.exclude(region_id=TAIQIAN))
    assert partners == sorted(["阳谷县", "东平县", "梁山县", "郓城县"])
    text = page(reverse("collaboration:detail", args=[five.pk]), username="taiqian_staff")
    assert "4 协作地区 阳谷、东平、梁山、郓城" in text
    assert "鲁豫毗邻五县人大跨区域联动工作协议" in text and "2026-07-26 联席会议 第1次联席会议" in text


def test_taiqian_three_town_agreement(page):
    from collaboration.demo import THREE
    from collaboration.models import Collaboration

    three = Collaboration.objects.get(name=THREE)
    assert sorted(three.members.values_list("region__name", flat=True)) == sorted(
        ["打渔陈镇", "十五里园镇", "小路口镇"]
    )
    text = page(reverse("collaboration:list"), username="taiqian_staff")
    assert "«豫鲁三镇人大跨区域联动工作协议» · 2026-08-03 签署" in text


def test_taiqian_collaboration_figures(page):
    from collaboration.services import figures

    five = _five()
    f = figures(five)
    assert (f["items"], f["disputes_resolved"], f["opinions"]) == (12, 13, 30)
    assert (f["activities_by_kind"]["exchange"], f["activities_by_kind"]["enforcement"]) == (10, 6)
    assert len(five.work_area_list()) == 5 and "联动监督" in five.work_areas
    assert five.items.filter(title__contains="田庄村", status__in=["resolved", "closed"]).exists()
    text = page(reverse("collaboration:detail", args=[five.pk]), username="taiqian_staff")
    assert "/ 12 问题已解决 / 清单" in text and "13 化解纠纷" in text
    assert "联合执法检查 6 · 学习交流 10" in text and "征集意见建议 30 条" in text
    assert "联动工作内容（5个方面）" in text


# --- the demo's people, units and milestones ------------------------------------------------------

FEMALE_HINTS = set("秀英丽娟红梅桂兰晓燕春花淑珍玉静敏芳霞艳娜颖婷雪琳萍芬")


def test_names_carry_their_gender(demo, db):
    from deputies.models import Deputy

    wrong = [
        (d.name, d.gender) for d in Deputy.objects.all() if (d.gender == "F") != bool(FEMALE_HINTS & set(d.name[1:]))
    ]
    assert not wrong


# Keywords of a suggestion's title → the units that plausibly handle it.
HANDLERS = {
    "公路": "交通运输局",
    "冷链物流": "交通运输局",
    "农田": "农业农村局|水利局",
    "饮水": "水利局",
    "人居环境": "农业农村局",
    "集体经济": "农业农村局",
    "农业经营主体": "农业农村局",
    "人才": "人力资源和社会保障局",
    "电网": "供电公司",
    "污水": "住房和城乡建设局|生态环境",
    "养老": "民政局",
    "种植": "农业农村局",
    "厕所": "农业农村局",
    "农技": "农业农村局",
    "电商": "商务局",
    "卫生院": "卫生健康委员会",
    "宅基地": "自然资源局|农业农村局",
    "营商环境": "发展和改革委员会|市场监督管理局",
    "产业集聚区": "发展和改革委员会",
    "幼儿园": "教育局",
    "物业": "住房和城乡建设局",
    "学校": "教育局",
    "医院": "卫生健康委员会",
    "停车场": "住房和城乡建设局|交通运输局",
    "路灯": "住房和城乡建设局",
    "交通秩序": "公安局",
    "纠纷": "司法局",
    "医保": "医疗保障局",
    "河道": "水利局",
}


def test_suggestions_go_to_plausible_units(demo, db):
    implausible = []
    for s in _session_suggestions().select_related("lead_unit"):
        units = [u for k, u in HANDLERS.items() if k in s.title]
        assert units, f"no handler known for {s.title}"
        if not any(re.search(u, s.lead_unit.name) for u in units):
            implausible.append((s.title, s.lead_unit.name))
    assert not implausible


def test_each_project_shows_its_own_milestones(page):
    from livelihood.demo import ANYANG as ROWS

    planned = {row[0]: row[7] for row in ROWS}
    for project in _projects():
        assert list(project.milestones.values_list("name", flat=True)) == planned[project.name], project.name
    text = page(reverse("livelihood:public", args=[ANYANG, 2026]))
    for project in _projects():
        start = text.index(project.name)
        others = [text.index(p.name) for p in _projects() if text.index(p.name) > start]
        card = text[start : min(others, default=len(text))]
        for name in planned[project.name]:
            assert name in card, (project.name, name)
