"""Demo: the Taiqian part of the bulletin (豫鲁毗邻五县跨区域联动).

The five-county collaboration started in June 2026, its agreement «鲁豫毗邻五县人大跨区域联动工作协议»
signed on 26 July with the first joint meeting the same day; the three-town collaboration (打渔陈镇、
十五里园镇、小路口镇) signed on 3 August; the 12 items of the joint problem list in mixed states (the
Tianzhuang village farmland drainage problem among them, solved jointly); 13 disputes resolved; 10 exchange
activities; 6 joint enforcement inspections; 30 opinions on customs gathered; 5 areas of joint work; and a
partner liaison account for Yanggu county. Names of people, places and the later dates are made up for the
demo. Idempotent: a second run changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import Region, User
from accounts.roles import Role, group_for
from deputies.models import Deputy

from . import services
from .models import (
    Agreement,
    Category,
    Collaboration,
    Dispute,
    DisputeKind,
    ItemStatus,
    JointActivityKind,
    Level,
    Member,
)

DEMO_LOGINS = [("yanggu_liaison", "阳谷县人大常委会联络员（协作地区联络员，只看所在的跨区域联动）")]

FIVE = "豫鲁毗邻五县人大跨区域联动"
THREE = "豫鲁三镇人大跨区域联动"
D = datetime.date

# region, congress, vice-chair in charge, liaison, phone
FIVE_MEMBERS = [
    ("410927", "台前县人大常委会", "郭秀兰", "王立新", "0393-5261001"),
    ("371521", "阳谷县人大常委会", "孙庆华", "张明远", "0635-6212002"),
    ("370923", "东平县人大常委会", "李红军", "赵文静", "0538-2812003"),
    ("370832", "梁山县人大常委会", "马国强", "刘海燕", "0537-7312004"),
    ("371725", "郓城县人大常委会", "陈志刚", "周晓东", "0530-6512005"),
]
THREE_MEMBERS = [
    ("410927103", "打渔陈镇人大主席团", "宋建民", "李春燕", "0393-5381006"),
    ("371521105", "十五里园镇人大主席团", "杨德胜", "郭丽娟", "0635-6521007"),
    ("370832106", "小路口镇人大主席团", "韩晓峰", "孟凡荣", "0537-7521008"),
]

# title, category, lead, other sides, status, due date, updates
ITEMS = [
    ("打渔陈镇田庄村农田积水排涝难", Category.FLOOD, "410927", ["371521"], ItemStatus.CLOSED, D(2026, 9, 30),
     ["打渔陈镇与十五里园镇人大联合踏勘田庄村积水片区，议定疏通跨界排水沟渠2.3公里",
      "阳谷县十五里园镇完成下游沟渠清淤，田庄村600亩农田积水全部排出"]),
    ("金堤河跨界河段垃圾清理与保洁", Category.ECOLOGY, "410927", ["371521"], ItemStatus.RESOLVED, D(2026, 10, 15),
     ["两县河长办建立跨界河段联合巡河制度", "跨界河段12公里完成集中清理"]),
    ("黄河滩区跨省防汛物资互备互用", Category.FLOOD, "410927", ["370832", "370923"], ItemStatus.IN_PROGRESS,
     D(2026, 12, 31), ["三县应急管理部门交换防汛物资储备清单"]),
    ("台前至阳谷省际断头路连通", Category.INFRASTRUCTURE, "371521", ["410927"], ItemStatus.IN_PROGRESS,
     D(2026, 11, 15), ["两县交通部门完成线路走向初步对接"]),
    ("医保跨省异地就医即时结算", Category.PUBLIC_SERVICE, "410927", ["371521", "370923", "370832", "371725"],
     ItemStatus.RESOLVED, D(2026, 10, 31),
     ["五县医保部门开通毗邻地区定点医疗机构直接结算", "即时结算覆盖五县全部二级以上医院"]),
    ("政务服务“跨省通办”事项清单", Category.PUBLIC_SERVICE, "410927", ["371521", "370923", "370832", "371725"],
     ItemStatus.IN_PROGRESS, D(2027, 3, 31), ["五县政务服务中心梳理首批通办事项86项"]),
    ("毗邻地区高价彩礼、大操大办移风易俗共治", Category.CUSTOMS, "410927", ["371725", "370832"], ItemStatus.OPEN,
     D(2027, 6, 30), []),
    ("跨界秸秆禁烧联防联控", Category.ECOLOGY, "371725", ["410927"], ItemStatus.CLOSED, D(2026, 10, 31),
     ["两县建立秸秆禁烧网格员信息互通群", "秋收期间跨界区域未发生火点"]),
    ("省际边界农村客运班线衔接", Category.INFRASTRUCTURE, "410927", ["370832"], ItemStatus.OPEN, D(2026, 11, 20), []),
    ("羽绒及服装产业跨区域对接", Category.INDUSTRY, "410927", ["371725"], ItemStatus.IN_PROGRESS, D(2027, 4, 30),
     ["组织两县羽绒企业代表座谈对接"]),
    ("毗邻村庄学生跨省就学衔接", Category.PUBLIC_SERVICE, "370923", ["410927"], ItemStatus.OPEN, D(2027, 2, 28), []),
    ("黄河滩区跨省非法采砂联合整治", Category.BORDER, "410927", ["370923", "370832"], ItemStatus.IN_PROGRESS,
     D(2026, 12, 20), ["三县人大组织代表开展联合执法检查，移交问题线索4条"]),
]  # fmt: skip

# title, kind, members, parties, resolution, resolved on
DISPUTES = [
    ("田庄村与阳谷县毗邻村土地边界纠纷", DisputeKind.LAND, ["410927", "371521"], "田庄村、阳谷县王庄村",
     "两镇人大代表联合调解，依据确权图重新埋设界桩", D(2026, 7, 12)),
    ("金堤河跨界河段养殖污水排放纠纷", DisputeKind.ENVIRONMENT, ["410927", "371521"], "台前县养殖户、阳谷县沿河村民",
     "两县生态环境部门联合执法，养殖场完成粪污治理设施改造", D(2026, 8, 5)),
    ("黄河滩区承包地耕种纠纷", DisputeKind.LAND, ["410927", "370832"], "台前县孙口镇村民、梁山县小路口镇村民",
     "两县人大代表联络站联合接待，按原承包合同划定耕种范围", D(2026, 8, 18)),
    ("省际边界灌溉用水纠纷", DisputeKind.WATER, ["410927", "370923"], "台前县清水河乡、东平县沿黄村庄",
     "联席会议专题协商，约定灌溉轮灌时段", D(2026, 8, 26)),
    ("跨界砖厂扬尘污染纠纷", DisputeKind.ENVIRONMENT, ["410927", "371725"], "台前县吴坝镇村民、郓城县砖厂",
     "联合执法检查后砖厂完成降尘改造", D(2026, 9, 3)),
    ("滩区林地权属纠纷", DisputeKind.LAND, ["410927", "370832"], "台前县夹河乡村民、梁山县村民",
     "调取林权登记资料，双方签订调解协议", D(2026, 9, 10)),
    ("省界道路占道经营纠纷", DisputeKind.BOUNDARY, ["410927", "371521"], "台前县、阳谷县两侧商户",
     "两县市场监管部门联合划定经营区域", D(2026, 9, 17)),
    ("跨界沟渠堵塞排水纠纷", DisputeKind.WATER, ["410927", "371521"], "打渔陈镇、十五里园镇沿渠村庄",
     "两镇人大协调清淤，明确分段管护责任", D(2026, 9, 24)),
    ("滩区宅基地界址纠纷", DisputeKind.LAND, ["410927", "370923"], "台前县后方乡村民、东平县村民",
     "人大代表现场调解，双方认可界址", D(2026, 10, 9)),
    ("跨省垃圾倾倒纠纷", DisputeKind.ENVIRONMENT, ["410927", "371725"], "台前县马楼镇、郓城县毗邻村",
     "两县城管部门联合清运，设立监控点", D(2026, 10, 16)),
    ("黄河浮桥收费与通行纠纷", DisputeKind.BOUNDARY, ["410927", "370832"], "浮桥经营者、两岸群众",
     "两县交通部门联合规范收费公示", D(2026, 10, 23)),
    ("省界农田机井使用纠纷", DisputeKind.WATER, ["410927", "371521"], "台前县侯庙镇村民、阳谷县村民",
     "两县人大代表联合调解，约定机井共用办法", D(2026, 11, 6)),
    ("养殖场选址环境纠纷", DisputeKind.ENVIRONMENT, ["410927", "370923"], "台前县城关镇村民、东平县养殖企业",
     "联合调研后企业调整选址", D(2026, 11, 13)),
]  # fmt: skip

EXCHANGES = [
    ("台前县人大常委会赴阳谷县考察学习交流", "371521", D(2026, 6, 10)),
    ("台前县人大常委会赴梁山县考察学习交流", "370832", D(2026, 6, 17)),
    ("台前县人大常委会赴郓城县考察学习交流", "371725", D(2026, 6, 24)),
    ("台前县人大常委会赴东平县考察学习交流", "370923", D(2026, 7, 1)),
    ("五县人大代表联络站建设经验交流", "410927", D(2026, 8, 12)),
    ("五县人大代表履职培训交流", "371521", D(2026, 8, 28)),
    ("五县民生实事项目票决制经验交流", "410927", D(2026, 9, 15)),
    ("五县人大新媒体宣传工作交流", "370923", D(2026, 10, 10)),
    ("五县人大代表联合视察乡村振兴示范点", "370832", D(2026, 10, 22)),
    ("五县人大专门委员会工作交流座谈", "371725", D(2026, 11, 5)),
]
INSPECTIONS = [
    ("五县联合开展黄河滩区生态环境保护执法检查", ["410927", "371521", "370923", "370832", "371725"], D(2026, 8, 20)),
    ("台前、阳谷联合开展金堤河水污染防治法执法检查", ["410927", "371521"], D(2026, 9, 8)),
    ("台前、梁山联合开展黄河滩区非法采砂执法检查", ["410927", "370832"], D(2026, 9, 22)),
    ("台前、郓城联合开展大气污染防治法执法检查", ["410927", "371725"], D(2026, 10, 14)),
    ("台前、东平联合开展固体废物污染防治执法检查", ["410927", "370923"], D(2026, 10, 28)),
    ("五县联合开展秸秆禁烧与农业面源污染执法检查", ["410927", "371521", "370923", "370832", "371725"], D(2026, 11, 11)),
]  # fmt: skip


def _members(collab, rows, liaison_users):
    made = {}
    for order, (code, congress, vice, liaison, phone) in enumerate(rows):
        made[code] = Member.objects.create(
            collaboration=collab,
            region=Region.objects.get(code=code),
            congress_name=congress,
            vice_chair=vice,
            liaison_name=liaison,
            liaison_phone=phone,
            liaison_user=liaison_users.get(code),
            order=order,
        )
    return made


def _agreement(collab, members, title, signed_on, place, areas, mechanisms):
    agreement = Agreement.objects.create(
        collaboration=collab, title=title, signed_on=signed_on, place=place, areas=areas, mechanisms=mechanisms
    )
    agreement.signatories.set(members.values())
    Member.objects.filter(pk__in=[m.pk for m in members.values()]).update(agreement=agreement)
    return agreement


def _liaison():
    user, made = User.objects.get_or_create(
        username="yanggu_liaison",
        defaults={
            "full_name": "张明远",
            "mobile": "13906350009",
            "region": Region.objects.get(code="371521"),
            "email": "yanggu_liaison@example.invalid",
            "is_staff": False,
        },
    )
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(group_for(Role.PARTNER_LIAISON))
    return user


@transaction.atomic
def seed(stdout=None):
    if Collaboration.objects.filter(name=FIVE).exists():
        if stdout:
            stdout.write("collaboration: 演示跨区域联动已存在")
        return
    staff = User.objects.get(username="taiqian_staff")
    liaison = _liaison()
    five = Collaboration.objects.create(
        name=FIVE,
        level=Level.COUNTY,
        region=Region.objects.get(code="410927"),
        started_on=D(2026, 6, 1),
        description="台前县与山东省聊城市阳谷县、泰安市东平县、济宁市梁山县、菏泽市郓城县五县人大跨区域协作联动，"
        "建立一名分管副主任主抓、一名联络员常联、一份台账清单对接、一份框架协议合作的“四个一”工作机制。",
        work_areas="联动监督\n联合视察调研\n同步交办督办\n代表联动履职\n信息共享与宣传",
    )
    members = _members(five, FIVE_MEMBERS, {"371521": liaison})
    _agreement(
        five,
        members,
        "鲁豫毗邻五县人大跨区域联动工作协议",
        D(2026, 7, 26),
        "台前县",
        "相关法律法规的贯彻实施\n群众急难愁盼问题\n需跨区域协同治理事项",
        "定期会商\n专题协商\n信息共享",
    )
    meeting, _items = services.record_meeting(
        five,
        staff,
        date=D(2026, 7, 26),
        host=members["410927"],
        place="台前县",
        agenda="五县人大跨区域联动工作签约仪式；审议联动工作协议；研究联动共治问题清单",
        decisions=["签署《鲁豫毗邻五县人大跨区域联动工作协议》", "建立联动共治问题清单，明确各方牵头责任"],
        to_list=False,
    )
    services.record_attendance(meeting, staff, member=members["410927"], attendees="郭秀兰、王立新")

    tq_deputies = list(Deputy.objects.filter(region__code__startswith="410927").order_by("id"))
    today = timezone.localdate()

    def taking_part(people, day):
        # A duty activity cannot lie in the future (deputies.services): seeded under an earlier clock
        # (tests that run a year of beats from 1 January), the activity is kept without its deputies.
        return people if day <= today else []

    for i, (title, host, day) in enumerate(EXCHANGES):
        services.log_joint_activity(
            five,
            staff,
            kind=JointActivityKind.EXCHANGE,
            title=title,
            date=day,
            place=Region.objects.get(code=host).name,
            members=[members["410927"], members[host]],
            deputies=taking_part(tq_deputies[i % 5 : i % 5 + 2], day),
        )
    inspections = []
    for i, (title, codes, day) in enumerate(INSPECTIONS):
        inspections.append(
            services.log_joint_activity(
                five,
                staff,
                kind=JointActivityKind.ENFORCEMENT,
                title=title,
                date=day,
                place="豫鲁毗邻地区",
                members=[members[c] for c in codes],
                deputies=taking_part(tq_deputies[i % 4 : i % 4 + 3], day),
            )
        )

    # 30 opinions on changing customs gathered from the people of the neighbouring areas
    customs = services.log_joint_activity(
        five,
        staff,
        kind=JointActivityKind.RESEARCH,
        title="豫鲁毗邻地区移风易俗群众意见征集",
        date=D(2026, 9, 28),
        place="豫鲁毗邻地区",
        members=list(members.values()),
        deputies=taking_part(tq_deputies[:3], D(2026, 9, 28)),
        summary="五县人大代表深入毗邻村庄，就高价彩礼、大操大办等征集群众意见建议",
        opinions_count=30,
    )

    for title, category, lead, others, status, due, updates in ITEMS:
        item = services.add_item(
            five,
            title=title,
            lead=members[lead],
            sides=[members[c] for c in others],
            category=category,
            due_date=due,
            meeting=meeting,
        )
        if item.sides.filter(member=members["410927"]).exists():
            item.sides.filter(member=members["410927"]).update(owner_user=staff)
        for text in updates:  # the first update starts the work
            services.add_update(item, staff, note=text)
        if status in (ItemStatus.RESOLVED, ItemStatus.CLOSED):
            services.resolve(item, staff, note="经双方核实，问题已解决")
        if status == ItemStatus.CLOSED:
            services.close(item, staff, note="联席会议确认销号")
        if category in (Category.ECOLOGY, Category.BORDER):
            item.activities.add(*inspections[:2])
        if category == Category.CUSTOMS:
            item.activities.add(customs)

    for title, kind, codes, parties, resolution, day in DISPUTES:
        dispute = Dispute.objects.create(
            collaboration=five, title=title, kind=kind, parties=parties, resolution=resolution, resolved_on=day
        )
        dispute.members.set([members[c] for c in codes])

    three = Collaboration.objects.create(
        name=THREE,
        level=Level.TOWN,
        region=Region.objects.get(code="410927103"),
        started_on=D(2026, 8, 3),
        description="台前县打渔陈镇、阳谷县十五里园镇、梁山县小路口镇三镇人大跨区域联动。",
    )
    town_members = _members(three, THREE_MEMBERS, {})
    _agreement(
        three,
        town_members,
        "豫鲁三镇人大跨区域联动工作协议",
        D(2026, 8, 3),
        "台前县打渔陈镇",
        "搭建合作桥梁\n完善协同机制\n开展联动履职",
        "定期会商\n信息共享",
    )
    services.record_meeting(
        three,
        staff,
        date=D(2026, 8, 3),
        host=town_members["410927103"],
        place="打渔陈镇",
        agenda="三镇人大跨区域联动工作签约仪式",
        decisions=["签署三镇人大跨区域联动工作协议"],
        to_list=False,
    )
    if stdout:
        stdout.write(
            "collaboration: 五县联动（4个协作县、12项问题、13件纠纷、10次学习交流、6次联合执法检查、"
            "30条移风易俗意见）、三镇联动、阳谷县联络员"
        )
