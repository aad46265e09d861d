"""Demo deputies: the 16th Anyang county congress with its 4th session, Taiqian county's congress,
the Anyang city congress (some county deputies hold a city mandate too), working committees.

Names are invented (deterministic, from a seeded generator); places are real. Later parts of this
app and other apps build on these records (enterprise links, groups, stations, suggestions …).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Region, User
from accounts.roles import Role, group_for

from .models import Congress, Deputy, Gender, Level, Mandate, Session, Term, WorkingCommittee

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢崔"
# Given names by the gender they suggest, so that a name never carries the other gender.
GIVEN_MALE = "建国 志强 海涛 国庆 振华 文博 永刚 明辉 德胜 磊 伟 军 勇 杰 涛 超 鹏 浩 宇 斌".split()
GIVEN_FEMALE = "秀英 丽娟 红梅 桂兰 晓燕 春花 淑珍 玉兰 静 敏 芳 霞 艳 娜 燕 颖 婷 雪 琳 萍".split()
GIVEN = GIVEN_MALE + GIVEN_FEMALE
SECTORS = (
    ["建筑业"] * 32
    + ["教育"] * 14
    + ["财政金融"] * 12
    + ["农业"] * 30
    + ["制造业"] * 26
    + ["医疗卫生"] * 10
    + ["党政机关"] * 20
    + ["商贸服务"] * 16
)
PARTIES = ["中共党员"] * 7 + ["群众"] * 2 + ["民盟盟员", "九三学社社员", "农工党党员"]
EDUCATION = ["大学本科", "大学专科", "研究生", "高中", "中专"]

# The chairs' meetings (主任会议): the chair and vice-chairs of each standing committee, with their logins.
# One list for every app that names them: livelihood seats them in the chairs' meeting, suggestions
# puts each at the head of a supervision group (the bulletin's 5 groups led by the chair and vice-chairs).
CHAIRS = {
    "410522": [
        ("anyang_chair", "高志远", "主任"),
        ("anyang_vice1", "马淑芬", "副主任"),
        ("anyang_vice2", "韩立新", "副主任"),
        ("anyang_vice3", "周秀兰", "副主任"),
        ("anyang_vice4", "黄德胜", "副主任"),
    ],
    "410927": [("taiqian_chair", "常永胜", "主任"), ("taiqian_vice1", "郭秀兰", "副主任")],
}

# The demo deputy login (accounts.demo) is the first Anyang county deputy.
DEMO_DEPUTY_USERNAME = "deputy_demo"
DEMO_LOGINS = []


def _people(rng, count, used):
    people = []
    while len(people) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            people.append(name)
    return people


def _congress(region_code, level, name):
    congress, _created = Congress.objects.get_or_create(region_id=region_code, level=level, defaults={"name": name})
    return congress


def seed(stdout=None):
    _seed_people(stdout)
    _seed_groups_and_enterprises(stdout)
    _seed_activities(stdout)


@transaction.atomic
def _seed_people(stdout=None):
    if Congress.objects.filter(region_id="410522", level=Level.COUNTY).exists():
        if stdout:
            stdout.write("deputies: 演示代表已存在")
        return
    rng = random.Random(20261128)
    used: set[str] = {"张晓梅"}

    anyang = _congress("410522", Level.COUNTY, "安阳县人民代表大会")
    term16 = Term.objects.create(
        congress=anyang, number=16, start_date=datetime.date(2021, 10, 8), end_date=datetime.date(2026, 12, 31)
    )
    # 1st session at the election in October 2021, then one each January; the 4th in 2026 voted the
    # livelihood projects reviewed this year.
    for number, start in [(1, (2021, 10, 8)), (2, (2024, 1, 9)), (3, (2025, 1, 8)), (4, (2026, 1, 7))]:
        day = datetime.date(*start)
        Session.objects.create(term=term16, number=number, start_date=day, end_date=day + datetime.timedelta(days=3))
    city = _congress("4105", Level.MUNICIPAL, "安阳市人民代表大会")
    city_term = Term.objects.create(
        congress=city, number=15, start_date=datetime.date(2021, 12, 20), end_date=datetime.date(2026, 12, 31)
    )
    taiqian = _congress("410927", Level.COUNTY, "台前县人民代表大会")
    tq_term = Term.objects.create(
        congress=taiqian, number=11, start_date=datetime.date(2021, 10, 15), end_date=datetime.date(2026, 12, 31)
    )
    Session.objects.create(
        term=tq_term, number=4, start_date=datetime.date(2026, 1, 10), end_date=datetime.date(2026, 1, 12)
    )

    townships = list(Region.objects.filter(code__startswith="410522", kind="township"))
    tq_townships = list(Region.objects.filter(code__startswith="410927", kind="township"))

    def make(name, region, sector, leader=False):
        return Deputy(
            name=name,
            gender=Gender.FEMALE if name[1:] in GIVEN_FEMALE or name == "张晓梅" else Gender.MALE,
            ethnicity="汉族" if rng.random() > 0.05 else "回族",
            birth_date=datetime.date(rng.randint(1962, 1992), rng.randint(1, 12), rng.randint(1, 28)),
            party=rng.choice(PARTIES),
            education=rng.choice(EDUCATION),
            occupation="县级领导干部" if leader else sector,
            sector=sector,
            work_unit=("中共安阳县委" if leader else f"{region.name}{sector}单位") if region else "",
            post="县级领导" if leader else rng.choice(["负责人", "职工", "村党支部书记", "教师", "经理", "医生"]),
            mobile=f"139{rng.randint(10000000, 99999999)}",
            region=region,
            is_leader=leader,
        )

    anyang_deputies = [make("张晓梅", townships[0], "教育")]
    # Every other seat takes one of the remaining sectors, so all 20 of 党政机关 (the county-level
    # leader deputies of the bulletin's station month) are seated; drawing len-1 of all of them lost one.
    sectors = SECTORS[:]
    sectors.remove("教育")
    rng.shuffle(sectors)
    for i, name in enumerate(_people(rng, len(sectors), used)):
        sector = sectors[i]
        anyang_deputies.append(make(name, townships[i % len(townships)], sector, leader=(sector == "党政机关")))
    Deputy.objects.bulk_create(anyang_deputies)
    taiqian_deputies = [
        make(n, tq_townships[i % len(tq_townships)], rng.choice(SECTORS)) for i, n in enumerate(_people(rng, 80, used))
    ]
    Deputy.objects.bulk_create(taiqian_deputies)
    for d in anyang_deputies + taiqian_deputies:  # bulk_create skips save(): fill pinyin
        d.save(update_fields=["name"])

    mandates = [
        Mandate(
            deputy=d,
            term=term16,
            start_date=term16.start_date,
            constituency=f"第{(i % 40) + 1}选区",
            delegation=d.region.name + "代表组",
        )
        for i, d in enumerate(anyang_deputies)
    ]
    # Five county deputies also sit in the city congress: one person, two mandates.
    mandates += [
        Mandate(deputy=d, term=city_term, start_date=city_term.start_date, delegation="安阳县代表团")
        for d in anyang_deputies[1:6]
    ]
    mandates += [
        Mandate(
            deputy=d,
            term=tq_term,
            start_date=tq_term.start_date,
            constituency=f"第{(i % 25) + 1}选区",
            delegation=d.region.name + "代表组",
        )
        for i, d in enumerate(taiqian_deputies)
    ]
    # One mandate ended early, so "current deputies" has something to leave out.
    mandates[-1].end_date, mandates[-1].end_reason = datetime.date(2025, 6, 30), "transferred"
    Mandate.objects.bulk_create(mandates)

    for congress, names in [
        (
            anyang,
            [
                "财政经济工作委员会",
                "教育科学文化卫生工作委员会",
                "农业农村工作委员会",
                "城乡建设环境保护工作委员会",
                "社会建设工作委员会",
                "代表工作委员会",
            ],
        ),
        (taiqian, ["财政经济工作委员会", "农业农村工作委员会", "代表工作委员会"]),
    ]:
        for name in names:
            WorkingCommittee.objects.get_or_create(congress=congress, name=name)
    wc_user = User.objects.filter(username="anyang_wc").first()
    if wc_user:
        WorkingCommittee.objects.get(congress=anyang, name="财政经济工作委员会").members.add(wc_user)

    demo_user = User.objects.filter(username=DEMO_DEPUTY_USERNAME).first()
    if demo_user:
        Deputy.objects.filter(pk=anyang_deputies[0].pk).update(user=demo_user, mobile=demo_user.mobile or "")
    # A login for every 10th Anyang deputy, so staff can show the phone pages with several people.
    deputy_group = group_for(Role.DEPUTY)
    for d in anyang_deputies[10:60:10]:
        u = User.objects.create_user(username=f"dep{d.pk}", password="Renda@2026", full_name=d.name, region_id="410522")
        u.groups.add(deputy_group)
        Deputy.objects.filter(pk=d.pk).update(user=u)
    if stdout:
        stdout.write(f"deputies: 安阳县 {len(anyang_deputies)} 名、台前县 {len(taiqian_deputies)} 名演示代表")


# --- groups, enterprises, opinions (the seed's 78 deputies ↔ 53 enterprises, 43 opinions) --------

ENTERPRISE_WORDS = (
    "豫北 安丰 白璧 亚龙 殷都 洹河 永和 红旗 太行 中原 丰源 恒达 鑫盛 华瑞 金穗 润泽 宏图 嘉禾 瑞丰 天成 "
    "鼎新 福源 康达 长青 兴业 盛世 同心 和顺 东方 北辰"
).split()
ENTERPRISE_KINDS = [
    ("建筑工程有限公司", "建筑业"),
    ("农业科技有限公司", "农业"),
    ("机械制造有限公司", "制造业"),
    ("食品有限公司", "制造业"),
    ("物流有限公司", "商贸服务"),
    ("新材料有限公司", "制造业"),
    ("纺织有限公司", "制造业"),
    ("商贸有限公司", "商贸服务"),
]
OPINION_TEXTS = [
    ("finance", "希望协调银行增加中小企业信用贷款额度，缩短放款周期。"),
    ("land", "园区配套用地指标紧张，扩建项目用地手续办理较慢。"),
    ("policy", "研发费用加计扣除政策申报流程不清楚，希望开展专题辅导。"),
    ("environment", "企业门前道路破损，货车通行困难，建议纳入维修计划。"),
    ("land", "季节性用工短缺，希望人社部门组织专场招聘。"),
    ("policy", "稳岗补贴发放进度慢，希望简化申领材料。"),
    ("environment", "工业用电价格偏高，希望落实降低用电成本政策。"),
    ("other", "希望政府部门定期召开政企座谈会，及时回应企业诉求。"),
]


def make_uscc(rng) -> str:
    from .models import USCC_CHARS, uscc_check_char

    body = "91" + "410522" + "".join(rng.choice(USCC_CHARS) for _ in range(9))
    return body + uscc_check_char(body)


@transaction.atomic
def _seed_groups_and_enterprises(stdout=None):
    from accounts.models import Unit

    from .models import (
        Enterprise,
        EnterpriseLink,
        EnterpriseOpinion,
        GroupKind,
        GroupMembership,
        GroupStatus,
        OpinionStatus,
        PointRule,
        ProfessionalGroup,
    )

    if ProfessionalGroup.objects.filter(region_id="410522").exists():
        return
    rng = random.Random(20261129)
    term16 = Term.objects.get(congress__region_id="410522", congress__level=Level.COUNTY, number=16)
    anyang = list(Deputy.objects.filter(mandates__term=term16).order_by("id"))
    county = Region.objects.get(code="410522")
    founded = datetime.date(2022, 3, 15)
    groups = [
        ("财政经济专业小组", GroupKind.PROFESSIONAL, "财政金融", GroupStatus.ESTABLISHED, founded),
        ("教育专业小组", GroupKind.PROFESSIONAL, "教育", GroupStatus.ESTABLISHED, datetime.date(2023, 4, 20)),
        ("建筑产业小组", GroupKind.INDUSTRY, "建筑业", GroupStatus.ESTABLISHED, datetime.date(2024, 5, 10)),
        ("现代农业产业小组", GroupKind.INDUSTRY, "农业", GroupStatus.PLANNED, None),
    ]
    for name, kind, sector, status, day in groups:
        members = [d for d in anyang if d.sector == sector]
        group = ProfessionalGroup.objects.create(
            name=name, kind=kind, region=county, status=status, founded=day, leader=members[0] if day else None
        )
        if day:
            GroupMembership.objects.bulk_create(GroupMembership(group=group, deputy=d, joined=day) for d in members)

    enterprises = []
    for i in range(53):
        suffix, sector = ENTERPRISE_KINDS[i % len(ENTERPRISE_KINDS)]
        town = anyang[i % len(anyang)].region
        enterprises.append(
            Enterprise(
                name=f"安阳县{ENTERPRISE_WORDS[i % 30]}{suffix}" + ("" if i < 30 else f"（{i - 29}分公司）"),
                uscc=make_uscc(rng),
                sector=sector,
                region=town,
                address=f"{town.name}工业路{rng.randint(1, 200)}号",
            )
        )
    Enterprise.objects.bulk_create(enterprises)
    # 78 deputies linked to 53 enterprises: each enterprise one deputy, 25 of them a second one.
    linked = [d for d in anyang if not d.is_leader][:78]
    start = datetime.date(2024, 3, 1)
    links = [EnterpriseLink(enterprise=e, deputy=linked[i], start_date=start) for i, e in enumerate(enterprises)]
    links += [EnterpriseLink(enterprise=enterprises[i], deputy=linked[53 + i], start_date=start) for i in range(25)]
    EnterpriseLink.objects.bulk_create(links)
    unit = Unit.objects.filter(region_id="410522").first()
    statuses = [OpinionStatus.CLOSED] * 20 + [OpinionStatus.ANSWERED] * 10 + [OpinionStatus.FORWARDED] * 8
    statuses += [OpinionStatus.RECEIVED] * 5
    today = timezone.localdate()
    opinions = []
    for i, status in enumerate(statuses):
        category, text = OPINION_TEXTS[i % len(OPINION_TEXTS)]
        opinions.append(
            EnterpriseOpinion(
                link=links[(i * 7) % len(links)],
                text=text,
                date=today - datetime.timedelta(days=10 + i * 7),
                category=category,
                status=status,
                forwarded_to=unit if status != OpinionStatus.RECEIVED else None,
                answer="已会同有关部门研究办理，并向企业反馈。" if status in ("answered", "closed") else "",
            )
        )
    EnterpriseOpinion.objects.bulk_create(opinions)

    rules = {
        "inspection": (3, 2, 20),
        "research": (3, 2, 20),
        "forum": (2, 1, 10),
        "reception": (3, 2, 30),
        "outreach": (3, 2, 20),
        "special_inquiry": (4, 3, None),
        "law_enforcement": (4, 3, None),
        "listen_gather_solve": (4, 3, 30),
        "station_month": (2, 2, 10),
        "double_contact_month": (2, 2, 10),
        "group_activity": (2, 1, 12),
        "training": (1, 1, 6),
        "session_attendance": (5, 5, None),
        "other": (1, 1, 5),
    }
    PointRule.objects.bulk_create(
        PointRule(region=county, kind=k, points_lead=lead, points_participant=part, yearly_cap=cap)
        for k, (lead, part, cap) in rules.items()
    )
    if stdout:
        stdout.write("deputies: 3个专业（产业）小组、53家重点企业、78名联系代表、43条企业意见")


# --- activities across the last year --------------------------------------------------------------

PLACES = [
    "白璧镇亚龙湾社区代表联络站",
    "县政务服务大厅代表监督室",
    "县人大常委会会议室",
    "吕村镇代表联络站",
    "安阳县产业集聚区",
]
TITLES = {
    "inspection": "视察{}营商环境建设情况",
    "research": "{}产业发展专题调研",
    "forum": "{}企业家座谈会",
    "reception": "{}代表接待选民日",
    "listen_gather_solve": "“听民声、汇民意、解民忧”活动（{}）",
    "station_month": "集中进站月：{}代表进站",
    "double_contact_month": "双联系集中月：走访{}选民",
    "group_activity": "{}代表小组活动",
    "training": "代表履职能力培训（{}）",
    "law_enforcement": "《安全生产法》执法检查（{}）",
}


@transaction.atomic
def _seed_activities(stdout=None):
    from .models import (
        Activity,
        ActivityKind,
        ActivityParticipant,
        ActivityStatus,
        AttendanceStatus,
        ParticipantRole,
        ProfessionalGroup,
        SessionAttendance,
    )

    if Activity.objects.filter(region__code__startswith="410522").exists():
        return
    rng = random.Random(20261130)
    term16 = Term.objects.get(congress__region_id="410522", congress__level=Level.COUNTY, number=16)
    anyang = list(Deputy.objects.filter(mandates__term=term16).order_by("id"))
    taiqian = list(Deputy.objects.filter(region__code__startswith="410927").order_by("id"))
    city_deputies = list(Deputy.objects.filter(mandates__term__congress__level=Level.MUNICIPAL).order_by("id"))
    staff = User.objects.filter(username="anyang_staff").first()
    county = Region.objects.get(code="410522")
    today = timezone.localdate()
    plan = []  # (activity, [(deputy, role)])

    def add(kind, title, day, region, people, status=ActivityStatus.VERIFIED, opinions=0, group=None, reason=""):
        a = Activity(
            kind=kind,
            title=title,
            date=day,
            region=region,
            place=rng.choice(PLACES),
            summary="",
            opinions_count=opinions,
            status=status,
            return_reason=reason,
            submitted_by=staff,
            verified_by=staff if status != ActivityStatus.SUBMITTED else None,
            group=group,
        )
        plan.append(
            (a, [(d, ParticipantRole.LEAD if i == 0 else ParticipantRole.PARTICIPANT) for i, d in enumerate(people)])
        )

    # 3 municipal deputy groups, 12 outreach events (law, culture, science to the countryside).
    city_groups = [city_deputies[0:2], city_deputies[2:4], city_deputies[4:5]]
    topics = ["送法律", "送文化", "送科技"]
    for i in range(12):
        people = city_groups[i % 3] + rng.sample(anyang, 3)
        day = today - datetime.timedelta(days=20 + i * 27)
        add(
            ActivityKind.OUTREACH,
            f"市人大代表第{'一二三'[i % 3]}小组{topics[i % 3]}下乡（{anyang[i * 5].region.name}）",
            day,
            county,
            people,
            opinions=rng.randint(1, 5),
        )
    # Rural revitalisation: 24 research visits, inspections and forums (the bulletin's “20余次”); only
    # these carry 乡村振兴 in their title, so the activity list filtered by it counts them.
    for i in range(24):
        kind, what = [
            (ActivityKind.RESEARCH, "乡村振兴专题调研"),
            (ActivityKind.INSPECTION, "视察乡村振兴试点村建设"),
            (ActivityKind.FORUM, "乡村振兴座谈会"),
        ][i % 3]
        people = rng.sample(anyang, 4)
        add(kind, f"{what}（{people[0].region.name}）", today - datetime.timedelta(days=25 + i * 13), county, people)
    # 20 county-level leader deputies visited stations and gathered 39 opinions.
    leaders = [d for d in anyang if d.is_leader][:20]
    opinions = [2] * 19 + [1]
    for i, d in enumerate(leaders):
        add(
            ActivityKind.LISTEN_GATHER_SOLVE,
            TITLES["listen_gather_solve"].format(d.region.name),
            today - datetime.timedelta(days=15 + i * 9),
            d.region,
            [d],
            opinions=opinions[i],
        )
    groups = {g.name: g for g in ProfessionalGroup.objects.filter(region=county)}
    for name in ["建筑产业小组", "教育专业小组", "财政经济专业小组"]:
        group = groups[name]
        members = list(group.members.all())
        for j in range(3):
            add(
                ActivityKind.GROUP_ACTIVITY,
                f"{name}{['视察', '调研', '座谈'][j]}活动",
                today - datetime.timedelta(days=40 + j * 90),
                county,
                members[:8],
                group=group,
            )
    kinds = list(TITLES)
    for i in range(220):
        kind = rng.choice(kinds)
        people = rng.sample(anyang, rng.randint(1, 5))
        day = today - datetime.timedelta(days=rng.randint(1, 360))
        status = ActivityStatus.VERIFIED if i % 11 else ActivityStatus.SUBMITTED
        add(
            kind,
            TITLES[kind].format(people[0].region.name),
            day,
            people[0].region,
            people,
            status=status,
            opinions=rng.randint(0, 3),
        )
    for _i in range(40):
        people = rng.sample(taiqian, rng.randint(1, 3))
        kind = rng.choice(kinds)
        day = today - datetime.timedelta(days=rng.randint(1, 360))
        add(kind, TITLES[kind].format(people[0].region.name), day, people[0].region, people)
    # The demo deputy (张晓梅) has a verified record, one waiting and one returned with a reason.
    zhang = anyang[0]
    for j, kind in enumerate(["reception", "research", "station_month", "forum", "double_contact_month"]):
        add(
            kind,
            TITLES[kind].format(zhang.region.name),
            today - datetime.timedelta(days=12 + 45 * j),
            zhang.region,
            [zhang],
        )
    add(
        "reception",
        "代表接待选民日（补登）",
        today - datetime.timedelta(days=3),
        zhang.region,
        [zhang],
        status=ActivityStatus.SUBMITTED,
    )
    add(
        "other",
        "走访慰问困难群众",
        today - datetime.timedelta(days=30),
        zhang.region,
        [zhang],
        status=ActivityStatus.RETURNED,
        reason="请补充活动时间、地点和参加人员",
    )
    Activity.objects.bulk_create([a for a, _p in plan])
    ActivityParticipant.objects.bulk_create(
        ActivityParticipant(activity=a, deputy=d, role=role) for a, people in plan for d, role in people
    )
    session4 = Session.objects.get(term=term16, number=4)
    SessionAttendance.objects.bulk_create(
        SessionAttendance(
            session=session4,
            deputy=d,
            status=AttendanceStatus.LEAVE if i % 37 == 5 else AttendanceStatus.PRESENT,
            note="因公请假" if i % 37 == 5 else "",
        )
        for i, d in enumerate(anyang)
    )
    if stdout:
        stdout.write(f"deputies: 近一年 {len(plan)} 项履职活动（含3个市代表小组12次送法律文化科技下乡）")
