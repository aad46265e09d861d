"""Demo deputies: the 16th Anyang county congress with its 4th session, Taiqian county's congress,
the Anyang city congress (some county deputies hold a city mandate too), working committees.

Names are invented (deterministic, from a seeded generator); places are real. Later parts of this
app and other apps build on these records (enterprise links, groups, stations, suggestions …).
"""

import datetime
import random

from django.db import transaction

from accounts.models import Region, User
from accounts.roles import Role, group_for

from .models import Congress, Deputy, Gender, Level, Mandate, Session, Term, WorkingCommittee

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢崔"
GIVEN = (
    "建国 秀英 志强 丽娟 海涛 红梅 国庆 桂兰 振华 晓燕 文博 春花 永刚 淑珍 明辉 玉兰 德胜 静 磊 敏 "
    "伟 芳 军 霞 勇 艳 杰 娜 涛 燕 超 颖 鹏 婷 浩 雪 宇 琳 斌 萍"
).split()
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


@transaction.atomic
def seed(stdout=None):
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
            gender=rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE]),
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
    sectors = SECTORS[:]
    rng.shuffle(sectors)
    for i, name in enumerate(_people(rng, len(sectors) - 1, used)):
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
