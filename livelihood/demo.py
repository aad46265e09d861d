"""Demo: the 10 livelihood projects voted at the 4th session of the 16th Anyang county congress,
with their votes, milestones, inputs and a year (2026) of "three ones" reviews (most held, some
overdue); and Taiqian county's projects. Idempotent: a second run changes nothing."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import Region, Unit, User
from accounts.roles import Role, group_for
from deputies.demo import CHAIRS
from deputies.models import Congress, Level, Session, WorkingCommittee

from . import periods, services
from .models import (
    Cadence,
    Candidate,
    CandidateSource,
    ChairsMeetingMember,
    Milestone,
    Requirement,
    RequirementKind,
    RequirementStatus,
    Review,
    ReviewMeeting,
    VoteRule,
    VoteSitting,
)

DEMO_LOGINS = [
    ("anyang_chair", "安阳县人大常委会主任（主任会议，季度汇报提醒）"),
]


# name, description, source, unit, committee, budget (万元), funding, [milestones], [(kind, what, status)]
ANYANG = [
    (
        "新建县第三实验小学",
        "在县城东区新建36个教学班的小学一所，新增学位1620个，缓解城区“大班额”。",
        CandidateSource.PUBLIC,
        "安阳县教育局",
        "教育科学文化卫生工作委员会",
        12800,
        "县财政8000万元，地方政府专项债券4800万元",
        ["完成立项与可研批复", "主体结构封顶", "室内外装修完成", "竣工验收并秋季招生"],
        [
            (RequirementKind.FUNDS, "专项债券4800万元", RequirementStatus.SECURED),
            (RequirementKind.LAND, "东区教育用地62亩", RequirementStatus.SECURED),
        ],
    ),
    (
        "农村公路提质改造120公里",
        "对全县12个乡镇的县乡道和村道实施路面加宽、罩面和安全设施完善。",
        CandidateSource.DEPUTIES,
        "安阳县交通运输局",
        "城乡建设环境保护工作委员会",
        9600,
        "省级补助4200万元，县财政5400万元",
        ["完成设计与招标", "完成60公里", "完成120公里", "交工验收"],
        [(RequirementKind.FUNDS, "县级配套资金5400万元", RequirementStatus.IN_PROGRESS)],
    ),
    (
        "城乡供水一体化（二期）",
        "新建加压泵站2座、铺设主管网46公里，覆盖白璧镇等5个乡镇8.6万人。",
        CandidateSource.GOVERNMENT,
        "安阳县水利局",
        "农业农村工作委员会",
        15600,
        "中央水利发展资金6000万元，县财政与社会资本9600万元",
        ["泵站开工", "主管网铺设过半", "管网全线贯通", "通水运行"],
        [
            (RequirementKind.FUNDS, "社会资本3500万元", RequirementStatus.PENDING),
            (RequirementKind.LAND, "泵站用地12亩", RequirementStatus.IN_PROGRESS),
            (RequirementKind.OTHER, "穿越京港澳高速施工许可", RequirementStatus.PENDING),
        ],
    ),
    (
        "乡镇敬老院改造提升与农村幸福院建设",
        "改造提升6所乡镇敬老院，新建农村幸福院20个，新增养老床位300张。",
        CandidateSource.PUBLIC,
        "安阳县民政局",
        "社会建设工作委员会",
        4300,
        "福彩公益金1200万元，县财政3100万元",
        ["完成选址和设计", "敬老院改造完工3所", "全部完工", "投入运营"],
        [(RequirementKind.FUNDS, "福彩公益金1200万元", RequirementStatus.SECURED)],
    ),
    (
        "县人民医院急诊急救能力提升",
        "改扩建急诊楼，配置CT、DSA等设备，建设胸痛、卒中、创伤三大中心。",
        CandidateSource.DEPUTIES,
        "安阳县卫生健康委员会",
        "教育科学文化卫生工作委员会",
        7200,
        "县财政4200万元，医院自筹3000万元",
        ["设备招标完成", "急诊楼改造完成", "三大中心通过验收"],
        [(RequirementKind.FUNDS, "医院自筹3000万元", RequirementStatus.IN_PROGRESS)],
    ),
    (
        "老旧小区改造28个",
        "改造2000年前建成的老旧小区28个，涉及居民3100户，加装电梯12部。",
        CandidateSource.PUBLIC,
        "安阳县住房和城乡建设局",
        "城乡建设环境保护工作委员会",
        6800,
        "中央补助3200万元，县财政2600万元，居民出资1000万元",
        ["完成入户征求意见", "开工改造", "完成18个小区", "全部完工验收"],
        [(RequirementKind.OTHER, "电梯加装居民签字同意", RequirementStatus.IN_PROGRESS)],
    ),
    (
        "农村生活污水治理",
        "在45个行政村建设污水处理设施，农村生活污水治理率提高到45%。",
        CandidateSource.GOVERNMENT,
        "安阳县生态环境分局",
        "城乡建设环境保护工作委员会",
        5200,
        "县财政",
        ["完成方案编制", "完成25个村", "完成45个村并运行"],
        [(RequirementKind.LAND, "45处设施用地", RequirementStatus.IN_PROGRESS)],
    ),
    (
        "城区停车场与公共充电设施建设",
        "新建公共停车场5处、停车泊位1200个，建设公共充电桩300个。",
        CandidateSource.PUBLIC,
        "安阳县城市管理局",
        "财政经济工作委员会",
        3900,
        "社会资本2400万元，县财政1500万元",
        ["完成选址", "3处停车场建成", "全部建成投用"],
        [
            (RequirementKind.LAND, "停车场用地5宗", RequirementStatus.PENDING),
            (RequirementKind.FUNDS, "社会资本2400万元", RequirementStatus.PENDING),
        ],
    ),
    (
        "就业技能培训5000人次",
        "围绕建筑、家政、电商开展职业技能培训5000人次，新增城镇就业3500人。",
        CandidateSource.DEPUTIES,
        "安阳县人力资源和社会保障局",
        "财政经济工作委员会",
        800,
        "就业补助资金",
        [],
        [(RequirementKind.FUNDS, "就业补助资金800万元", RequirementStatus.SECURED)],
    ),
    (
        "城乡居民“两癌”免费筛查",
        "为35-64岁农村和城镇低保妇女免费开展宫颈癌、乳腺癌筛查2万人。",
        CandidateSource.DEPUTIES,
        "安阳县卫生健康委员会",
        "社会建设工作委员会",
        420,
        "县财政",
        ["完成采购", "筛查1万人", "筛查2万人"],
        [],
    ),
]
# Candidates that the vote did not choose.
ANYANG_OTHERS = [
    ("县城体育公园建设", CandidateSource.PUBLIC, "安阳县文化广电和旅游局"),
    ("农贸市场标准化改造", CandidateSource.GOVERNMENT, "安阳县商务局"),
    ("智慧校园建设", CandidateSource.DEPUTIES, "安阳县教育局"),
]
TAIQIAN = [
    (
        "黄河滩区道路硬化",
        "硬化打渔陈镇等滩区村道路38公里。",
        CandidateSource.PUBLIC,
        "台前县交通运输局",
        "农业农村工作委员会",
        3100,
        "县财政",
        ["开工", "完成20公里", "完成38公里"],
        [],
    ),
    (
        "县中医院门诊楼建设",
        "新建门诊医技楼1.8万平方米。",
        CandidateSource.GOVERNMENT,
        "台前县卫生健康委员会",
        "财政经济工作委员会",
        9800,
        "专项债券",
        ["主体封顶", "竣工验收"],
        [(RequirementKind.FUNDS, "专项债券6000万元", RequirementStatus.IN_PROGRESS)],
    ),
    (
        "田庄村安全饮水提升",
        "新打深井2眼，更换管网9公里。",
        CandidateSource.DEPUTIES,
        "台前县水利局",
        "农业农村工作委员会",
        650,
        "县财政",
        ["深井完工", "通水"],
        [],
    ),
    (
        "城区学校课后服务全覆盖",
        "全县城区中小学课后服务全覆盖。",
        CandidateSource.PUBLIC,
        "台前县教育局",
        "财政经济工作委员会",
        300,
        "县财政",
        [],
        [],
    ),
    (
        "养老服务中心建设",
        "建设县级养老服务指导中心1处。",
        CandidateSource.GOVERNMENT,
        "台前县民政局",
        "财政经济工作委员会",
        2100,
        "县财政",
        ["开工", "完工运营"],
        [],
    ),
]


def _chairs(region_code):
    congress = Congress.objects.get(region_id=region_code, level=Level.COUNTY)
    group = group_for(Role.COMMITTEE_STAFF)
    for order, (username, name, title) in enumerate(CHAIRS[region_code]):
        user, made = User.objects.get_or_create(
            username=username,
            defaults={"full_name": name, "region_id": region_code, "email": f"{username}@example.invalid"},
        )
        if made:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(group)
        ChairsMeetingMember.objects.get_or_create(
            congress=congress, user=user, defaults={"title": title, "order": order}
        )
    return congress


def _vote(region_code, session, rows, others, present, rng, user):
    congress = session.term.congress
    committees = {wc.name: wc for wc in WorkingCommittee.objects.filter(congress=congress)}
    sitting = VoteSitting.objects.create(
        session=session, held_on=session.end_date, rule=VoteRule.TOP_N, top_n=len(rows)
    )
    region = Region.objects.get(code=region_code)
    votes = {}
    for i, (name, desc, source, unit, committee, budget, _funding, _m, _r) in enumerate(rows):
        c = Candidate.objects.create(
            sitting=sitting,
            name=name,
            description=desc,
            source=source,
            unit=Unit.objects.get_or_create(region=region, name=unit)[0],
            committee=committees.get(committee),
            budget=budget,
            status="shortlisted",
        )
        yes = present - 2 - i - rng.randint(0, 2)
        votes[c.pk] = (yes, rng.randint(0, 2), max(0, present - yes - 3))
    for i, (name, source, unit) in enumerate(others):
        c = Candidate.objects.create(
            sitting=sitting,
            name=name,
            source=source,
            unit=Unit.objects.get_or_create(region=region, name=unit)[0],
            status="shortlisted",
        )
        votes[c.pk] = (present // 2 - 10 * (i + 1), present // 3, present // 8)
    # Two candidates gathered but not put to the vote.
    Candidate.objects.create(sitting=sitting, name=f"{region.name}公共图书馆分馆建设", source=CandidateSource.PUBLIC)
    return services.record_votes(sitting, deputies_present=present, votes=votes, user=user)


def _details(projects, rows, today, rng):
    # Matched by name: the vote ranks the projects, and the ranking is not the order of the rows
    # (pairing them by position gave the school the roads' milestones and the other way round).
    by_name = {row[0]: row for row in rows}
    for project in projects:
        _n, _d, _s, _u, _c, _b, funding, milestones, requirements = by_name[project.name]
        project.funding_sources = funding
        if not milestones:
            project.manual_progress = min(95, 10 * (today.month - 1) + 5)
            project.manual_progress_reason = "培训类项目无工程节点，按完成人次填报"
        project.save()
        span = (project.target_date - project.start_date).days
        for i, name in enumerate(milestones, 1):
            planned = project.start_date + datetime.timedelta(days=span * i // len(milestones) - 15)
            actual = None
            if planned < today and rng.random() > 0.2:
                actual = planned + datetime.timedelta(days=rng.randint(-10, 12))
                actual = min(actual, today)
            Milestone.objects.create(project=project, name=name, planned_date=planned, actual_date=actual)
        for kind, what, status in requirements:
            Requirement.objects.create(project=project, kind=kind, description=what, status=status)


def _progress_on(project, day):
    """The progress a project had reached on `day` (milestones reached by then)."""
    milestones = list(project.milestones.all())
    if not milestones:
        return min(100, round((project.manual_progress or 0) * day.month / max(1, timezone.localdate().month)))
    return round(100 * sum(1 for m in milestones if m.actual_date and m.actual_date <= day) / len(milestones))


def _hold_reviews(region_code, projects, today, skip, recorder):
    """Hold the reviews of past periods: one meeting per body and period, skipping a few."""
    reviews = (
        Review.objects.filter(project__in=projects, due_date__lt=today)
        .select_related("project__committee")
        .prefetch_related("project__milestones")
        .order_by("due_date", "project__number")
    )
    groups = {}
    for r in reviews:
        if (r.project.number, r.period_key) in skip:
            continue
        body = r.project.committee.name if r.cadence == Cadence.MONTHLY and r.project.committee else ""
        groups.setdefault((r.cadence, r.period_key, body), []).append(r)
    for (cadence, key, body), items in groups.items():
        start, end = periods.period_bounds(key)
        held = min(end - datetime.timedelta(days=3), today)
        title = {
            Cadence.MONTHLY: f"{body}{periods.label(key)}民生实事项目进展听取会",
            Cadence.QUARTERLY: f"主任会议听取{periods.label(key)}民生实事项目汇报",
            Cadence.HALF_YEARLY: f"人大常委会{periods.label(key)}民生实事项目集中视察",
        }[cadence]
        meeting = ReviewMeeting.objects.create(
            region_id=region_code,
            cadence=cadence,
            held_on=held,
            title=title,
            attendees="常委会分管副主任\n相关工委负责同志\n部分县人大代表\n责任单位负责同志",
            decisions="督促责任单位按节点推进，要素保障问题提请县政府协调解决。",
            recorded_by=recorder,
        )
        for r in items:
            progress = _progress_on(r.project, held)
            Review.objects.filter(pk=r.pk).update(
                meeting=meeting,
                held_on=held,
                reported_progress=progress,
                progress_report=f"截至{held:%m月%d日}，{r.project.name}完成计划进度的{progress}%。",
                problems="部分配套资金尚未到位" if r.project.number % 3 == 0 else "",
                missing_inputs="用地手续仍在办理" if r.project.number % 4 == 0 else "",
                decisions="按期推进，下次会议汇报整改情况",
            )


@transaction.atomic
def seed(stdout=None):
    session = (
        Session.objects.filter(term__congress__region_id="410522", term__congress__level=Level.COUNTY, number=4)
        .select_related("term__congress")
        .first()
    )
    if session is None:
        if stdout:
            stdout.write("livelihood: 没有安阳县第四次会议，跳过")
        return
    if VoteSitting.objects.filter(session=session).exists():
        if stdout:
            stdout.write("livelihood: 演示民生实事项目已存在")
        return
    rng = random.Random(20260107)
    today = min(timezone.localdate(), datetime.date(2026, 12, 31))
    staff = User.objects.filter(username="anyang_staff").first()
    _chairs("410522")
    projects = _vote("410522", session, ANYANG, ANYANG_OTHERS, 148, rng, staff)
    _details(projects, ANYANG, today, rng)
    total = len(projects)
    tq_session = Session.objects.filter(term__congress__region_id="410927", number=4).first()
    tq_projects = []
    if tq_session:
        _chairs("410927")
        tq_projects = _vote(
            "410927", tq_session, TAIQIAN, [], 96, rng, User.objects.filter(username="taiqian_staff").first()
        )
        _details(tq_projects, TAIQIAN, today, rng)
        total += len(tq_projects)
    services.create_due_reviews(today, since=datetime.date(today.year, 1, 1))
    # Overdue: project 8's hearing two months ago, project 3's last quarterly report, Taiqian's last month.
    last_month = periods.previous_key(periods.period_key(periods.MONTHLY, today))
    two_months = periods.previous_key(last_month)
    last_quarter = periods.previous_key(periods.period_key(periods.QUARTERLY, today))
    _hold_reviews("410522", projects, today, {(8, two_months), (3, last_quarter)}, staff)
    _hold_reviews("410927", tq_projects, today, {(n, last_month) for n in range(1, 6)}, staff)
    if stdout:
        stdout.write(f"livelihood: {total} 个民生实事项目及{today.year}年“三个一”审议")
