"""Demo suggestions: the 4th session of the 16th Anyang county congress (36 on rural revitalisation
among them), 11 key suggestions assigned face to face at one meeting and led by county leaders,
5 supervision groups led by the chair and vice-chairs, handling units with logins, replies of every
class, evaluations and one not-satisfied round. Names of people are invented.

Rows are written directly (with their audit trail dated as the story goes) rather than through the
services, because most demo deputies have no login to act with.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Region, Unit, User
from accounts.roles import Role, group_for
from core import workdays
from core.models import Holiday
from deputies.demo import CHAIRS

from .models import (
    AssignmentMeeting,
    Category,
    Contact,
    CoSignature,
    ExtensionRequest,
    Reply,
    RequestStatus,
    State,
    Suggestion,
    SupervisionGroup,
    SupervisionVisit,
    Transition,
)

COUNTY = "410522"
PASSWORD = "Renda@2026"
DEMO_LOGINS = [
    ("unit_nongye", "安阳县农业农村局承办人（只看本单位交办的建议）"),
    ("unit_jiaotong", "安阳县交通运输局承办人"),
]

UNITS = [
    ("安阳县农业农村局", "县农业农村局"),
    ("安阳县交通运输局", "县交通局"),
    ("安阳县教育局", "县教育局"),
    ("安阳县卫生健康委员会", "县卫健委"),
    ("安阳县住房和城乡建设局", "县住建局"),
    ("安阳县自然资源局", "县自然资源局"),
    ("安阳县水利局", "县水利局"),
    ("安阳县人力资源和社会保障局", "县人社局"),
    ("安阳县民政局", "县民政局"),
    ("安阳县财政局", "县财政局"),
    ("安阳县发展和改革委员会", "县发改委"),
    ("安阳县文化广电和旅游局", "县文广旅局"),
    ("安阳县市场监督管理局", "县市场监管局"),
    ("国网安阳县供电公司", "县供电公司"),
    ("安阳县商务局", "县商务局"),
    ("安阳县公安局", "县公安局"),
    ("安阳县司法局", "县司法局"),
    ("安阳县医疗保障局", "县医保局"),
]

# (date, name, is_workday) — the 2026 holiday arrangement as the county office keeps it.
HOLIDAYS_2026 = [
    *[(datetime.date(2026, 1, d), "元旦", False) for d in (1, 2)],
    (datetime.date(2026, 1, 4), "元旦调休", True),
    *[(datetime.date(2026, 2, d), "春节", False) for d in range(16, 21)],
    *[(datetime.date(2026, 2, d), "春节调休", True) for d in (14, 28)],
    (datetime.date(2026, 4, 6), "清明节", False),
    *[(datetime.date(2026, 5, d), "劳动节", False) for d in range(1, 6)],
    (datetime.date(2026, 5, 9), "劳动节调休", True),
    (datetime.date(2026, 6, 19), "端午节", False),
    (datetime.date(2026, 9, 25), "中秋节", False),
    *[(datetime.date(2026, 10, d), "国庆节", False) for d in range(1, 8)],
    *[(datetime.date(2026, 10, d), "国庆调休", True) for d in (10,)],
]

# Each topic goes to the unit that handles that matter (a farmland suggestion to the agriculture
# bureau, a road to the transport bureau), not to whichever unit of its category came next in turn.
LAMP_CLUSTER = [
    (
        "关于尽快修复县城人民大道路灯的建议",
        "县城人民大道东段路灯坏了半年多，晚上一片漆黑，老人孩子出行很不安全。建议加强县城主干道路灯维护，尽快修复路灯。",
        20,
    ),
    (
        "关于人民大道路灯损坏问题的建议",
        "人民大道东段的路灯已经损坏大半年，夜里黑漆漆的，行人和电动车容易出事故，请尽快维修主干道路灯。",
        21,
    ),
    (
        "关于加强县城路灯维护管理的建议",
        "希望尽快修好人民大道的路灯！路灯坏了半年没人管，晚上出门不安全，建议建立路灯维护管理制度。",
        22,
    ),
]
RURAL_TOPICS = [
    ("加快农村公路提档升级", "安阳县交通运输局"),
    ("支持小麦玉米高标准农田建设", "安阳县农业农村局"),
    ("完善农村饮水安全保障", "安阳县水利局"),
    ("推进农村人居环境整治", "安阳县农业农村局"),
    ("发展壮大村集体经济", "安阳县农业农村局"),
    ("培育新型农业经营主体", "安阳县农业农村局"),
    ("加强乡村振兴人才队伍建设", "安阳县人力资源和社会保障局"),
    ("推动农产品冷链物流建设", "安阳县交通运输局"),
    ("提升农村电网供电能力", "国网安阳县供电公司"),
    ("加快农村生活污水治理", "安阳县住房和城乡建设局"),
    ("完善农村养老服务设施", "安阳县民政局"),
    ("支持特色种植产业发展", "安阳县农业农村局"),
    ("推进农村厕所改造后续管护", "安阳县农业农村局"),
    ("加强基层农技推广体系建设", "安阳县农业农村局"),
    ("扶持农村电商发展", "安阳县商务局"),
    ("改善乡镇卫生院医疗条件", "安阳县卫生健康委员会"),
    ("推进宅基地规范管理", "安阳县自然资源局"),
    ("加强农田水利设施维护", "安阳县水利局"),
]
OTHER_TOPICS = [
    ("economy", "优化营商环境服务中小企业", "安阳县发展和改革委员会"),
    ("economy", "加快产业集聚区提质发展", "安阳县发展和改革委员会"),
    ("livelihood", "增加城区公办幼儿园学位", "安阳县教育局"),
    ("livelihood", "规范老旧小区物业管理", "安阳县住房和城乡建设局"),
    ("education", "改善农村学校寄宿条件", "安阳县教育局"),
    ("education", "加强县级医院重点专科建设", "安阳县卫生健康委员会"),
    ("urban", "增设城区公共停车场", "安阳县住房和城乡建设局"),
    ("urban", "加强县城主干道路灯维护", "安阳县住房和城乡建设局"),
    ("governance", "加强校园周边交通秩序管理", "安阳县公安局"),
    ("governance", "推进矛盾纠纷多元化解", "安阳县司法局"),
    ("livelihood", "提高城乡居民医保服务便利度", "安阳县医疗保障局"),
    ("urban", "整治城区河道水环境", "安阳县水利局"),
]

KEY_LEADERS = [
    ("刘振宇", "县长"),
    ("孙立新", "常务副县长"),
    ("郑晓光", "副县长"),
    ("韩玉洁", "副县长"),
    ("冯国栋", "副县长"),
    ("高建平", "副县长"),
    ("马文杰", "副县长"),
    ("罗春燕", "副县长"),
    ("宋明远", "副县长"),
    ("唐志刚", "副县长"),
    ("许红霞", "副县长"),
]
# The supervision groups are led by the chairs' meeting the livelihood demo seats: the same people.
GROUP_LEADERS = [(name, f"县人大常委会{title}") for _login, name, title in CHAIRS[COUNTY]]
REPLY_TEXTS = {
    "A": "经研究，该建议所提问题已纳入年度实施计划并已完成：一是落实资金；二是完成建设；三是建立长效管护机制。",
    "B": "该建议所提问题正在解决，已列入今明两年工作计划，预计明年底前全部完成。",
    "C": "该建议所提问题受资金和政策条件限制，目前暂时难以解决，待条件具备后优先考虑。",
    "D": "感谢代表的建议，相关意见我们将在今后工作中参考吸收。",
}


def _at(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _trail(s, rows):
    Transition.objects.bulk_create(
        [
            Transition(suggestion=s, actor=actor, at=_at(day), from_state=frm, to_state=to, action=action, note=note)
            for day, actor, frm, to, action, note in rows
        ]
    )


def _units():
    units = {}
    for name, short in UNITS:
        units[name], _c = Unit.objects.get_or_create(region_id=COUNTY, name=name, defaults={"short_name": short})
    for username, unit_name, full_name, mobile in [
        ("unit_nongye", "安阳县农业农村局", "郭文静", "13903721101"),
        ("unit_jiaotong", "安阳县交通运输局", "曹志明", "13903721102"),
    ]:
        user, made = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "mobile": mobile,
                "region_id": COUNTY,
                "unit": units[unit_name],
                "email": f"{username}@example.invalid",
            },
        )
        if made:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(group_for(Role.UNIT_STAFF))
    return units


@transaction.atomic
def seed(stdout=None):
    from deputies.models import Deputy, Session

    session = Session.objects.filter(term__congress__region_id=COUNTY, term__number=16, number=4).first()
    if session is None or not Region.objects.filter(code=COUNTY).exists():
        return
    units = _units()
    for day, name, is_workday in HOLIDAYS_2026:
        Holiday.objects.get_or_create(region_id=COUNTY, date=day, defaults={"name": name, "is_workday": is_workday})
    if Suggestion.objects.filter(region_id=COUNTY, session=session).exists():
        if stdout:
            stdout.write("suggestions: 演示建议已存在")
        return

    rng = random.Random(20260107)
    staff = User.objects.filter(username="anyang_staff").first()
    unit_users = {u.unit_id: u for u in User.objects.filter(unit__isnull=False, region_id=COUNTY)}
    deputies = list(Deputy.objects.filter(region__code__startswith=COUNTY, is_leader=False).order_by("id"))
    demo_deputy = Deputy.objects.filter(user__username="deputy_demo").first() or deputies[0]
    others = [d for d in deputies if d.pk != demo_deputy.pk]
    cal = workdays.Calendar(COUNTY)

    submitted_on = session.start_date + datetime.timedelta(days=1)
    accepted_on = session.end_date + datetime.timedelta(days=7)
    meeting_day = datetime.date(2026, 2, 10)
    meeting = AssignmentMeeting.objects.create(
        region_id=COUNTY,
        title="县十六届人大四次会议重点建议面对面交办会",
        date=meeting_day,
        place="县政府第一会议室",
        attendees="县人大常委会主任、副主任，县政府领办领导，各承办单位主要负责人，领衔代表代表",
    )
    deadline = workdays.reply_deadline(COUNTY, meeting_day)

    topics = [("rural", t, u) for t, u in RURAL_TOPICS] * 2 + OTHER_TOPICS
    suggestions = []
    for i, (category, topic, unit_name) in enumerate(topics):
        author = demo_deputy if i in (0, 40) else others[(i * 7) % len(others)]
        title = f"关于{topic}的建议" if i < 18 or category != "rural" else f"关于进一步{topic}的建议"
        s = Suggestion.objects.create(
            region_id=COUNTY,
            session=session,
            number=i + 1,
            title=title,
            body=f"{title.removesuffix('的建议').removeprefix('关于')}是群众普遍关心的问题。经走访调研，"
            "建议县政府统筹资金、明确责任单位和时间表，分步推进落实。",
            category=category,
            author=author,
            state=State.ACCEPTED,
            submitted_at=_at(submitted_on),
        )
        s.unit_name = unit_name  # who handles it, set at the assignment below
        suggestions.append(s)
        for co in rng.sample(others, 2):
            if co.pk != author.pk:
                CoSignature.objects.create(
                    suggestion=s, deputy=co, status=CoSignature.Status.SIGNED, signed_at=_at(submitted_on, 9)
                )
        _trail(
            s,
            [
                (submitted_on, author.user, "", State.DRAFT, "create", ""),
                (submitted_on, author.user, State.DRAFT, State.SUBMITTED, "submit", ""),
                (accepted_on, staff, State.SUBMITTED, State.ACCEPTED, "accept", ""),
            ],
        )
    rural = [s for s in suggestions if s.category == Category.RURAL]
    assert len(rural) == 36

    # 11 key suggestions, led by county leaders, assigned face to face at the meeting.
    key = rural[:7] + [s for s in suggestions if s.category != Category.RURAL][:4]
    for s, (name, post) in zip(key, KEY_LEADERS, strict=True):
        s.is_key, s.leader_name, s.leader_post, s.meeting = True, name, post, meeting
        s.save()
        _trail(s, [(meeting_day, staff, State.ACCEPTED, State.ACCEPTED, "mark_key", f"{name}（{post}）")])

    classes = "AAAABBBBCCD"
    for i, s in enumerate(suggestions):
        lead = units[s.unit_name]
        s.lead_unit = lead
        s.assigned_on = s.round_started_on = meeting_day
        s.deadline = deadline
        s.state = State.ASSIGNED
        s.save()
        if i % 5 == 0:
            s.assisting_units.add(units["安阳县财政局"])
        signed_on = cal.add(meeting_day, 2)
        rows = [
            (meeting_day, staff, State.ACCEPTED, State.ASSIGNED, "assign", f"主办：{lead.name}"),
            (signed_on, unit_users.get(lead.pk), State.ASSIGNED, State.SIGNED, "sign", ""),
        ]
        s.state = State.SIGNED
        if i >= 44:  # still in handling; one with an approved extension, the others now overdue
            if i == 44:
                new = workdays.latest_deadline(meeting_day)
                ExtensionRequest.objects.create(
                    suggestion=s,
                    unit=lead,
                    new_deadline=new,
                    reason="需待年度预算调整后实施",
                    status=RequestStatus.APPROVED,
                    requested_by=unit_users.get(lead.pk),
                )
                s.deadline = new
                rows.append((datetime.date(2026, 4, 20), staff, State.SIGNED, State.SIGNED, "extension_decided", ""))
            s.save()
            _trail(s, rows)
            continue
        cls = classes[i % len(classes)]
        replied_on = cal.add(meeting_day, 40 + i % 15)
        contact_on = cal.add(meeting_day, 20)
        Contact.objects.create(
            suggestion=s,
            unit=lead,
            date=contact_on,
            kind=Contact.Kind.MEETING if s.is_key else Contact.Kind.CALL,
            note="与领衔代表当面沟通办理方案" if s.is_key else "电话征求代表对办理方案的意见",
            recorded_by=unit_users.get(lead.pk),
        )
        Reply.objects.create(
            suggestion=s,
            round=1,
            unit=lead,
            text=REPLY_TEXTS[cls],
            result_class=cls,
            replied_by=unit_users.get(lead.pk),
            replied_at=_at(replied_on),
        )
        rows += [
            (contact_on, unit_users.get(lead.pk), State.SIGNED, State.SIGNED, "contact", ""),
            (replied_on, unit_users.get(lead.pk), State.SIGNED, State.REPLIED, "reply", f"第1轮答复，{cls}类"),
        ]
        s.state = State.REPLIED
        if s.author_id == demo_deputy.pk and i == 40:  # the demo deputy still has one to evaluate
            s.save()
            _trail(s, rows)
            continue
        evaluated_on = cal.add(replied_on, 5)
        if i == 3:  # not satisfied: a second round, its own deadline, the first reply kept
            Reply.objects.filter(suggestion=s, round=1).update(
                satisfaction="not", evaluation_reason="答复未提出具体时间表", evaluated_at=_at(evaluated_on)
            )
            round2_start = timezone.localdate() - datetime.timedelta(days=14)
            s.round, s.round_started_on, s.state = 2, round2_start, State.SIGNED
            s.deadline = cal.add(round2_start, 30)
            rows.append(
                (evaluated_on, s.author.user, State.REPLIED, State.SIGNED, "evaluate", "不满意：答复未提出具体时间表")
            )
            s.save()
            _trail(s, rows)
            continue
        satisfaction = "satisfied" if cls in "AB" or i % 3 else "basic"
        Reply.objects.filter(suggestion=s, round=1).update(satisfaction=satisfaction, evaluated_at=_at(evaluated_on))
        rows.append(
            (
                evaluated_on,
                s.author.user,
                State.REPLIED,
                State.EVALUATED,
                "evaluate",
                "满意" if satisfaction == "satisfied" else "基本满意",
            )
        )
        s.state = State.EVALUATED
        if i < 40:
            closed_on = cal.add(evaluated_on, 3)
            rows.append((closed_on, staff, State.EVALUATED, State.CLOSED, "close", ""))
            s.state = State.CLOSED
        s.save()
        _trail(s, rows)

    # Between sessions: a few submitted, one returned for revision, one refused, the demo deputy's draft.
    now = timezone.localdate()
    for n, (title, state, author) in enumerate(
        [
            ("关于完善村级综合服务中心功能的建议", State.SUBMITTED, others[3]),
            ("关于加强冬季农村燃气安全检查的建议", State.SUBMITTED, others[5]),
            ("关于某小区个人纠纷的建议", State.REFUSED, others[8]),
            ("关于公交线路调整的建议", State.RETURNED, others[9]),
            ("关于增设白璧镇便民服务点的建议", State.DRAFT, demo_deputy),
        ]
    ):
        day = now - datetime.timedelta(days=10 - n)
        s = Suggestion.objects.create(
            region_id=COUNTY,
            title=title,
            body="经走访群众，提出如下建议：" + title.removeprefix("关于").removesuffix("的建议") + "。",
            category=Category.RURAL if n < 2 else Category.LIVELIHOOD,
            author=author,
            state=state,
            submitted_at=None if state == State.DRAFT else _at(day),
            review_note={State.REFUSED: "属个人诉求，建议通过信访渠道反映", State.RETURNED: "请补充具体线路和站点"}.get(
                state, ""
            ),
        )
        rows = [(day, author.user, "", State.DRAFT, "create", "")]
        if state != State.DRAFT:
            rows.append((day, author.user, State.DRAFT, State.SUBMITTED, "submit", ""))
        if state in (State.REFUSED, State.RETURNED):
            rows.append((day + datetime.timedelta(days=1), staff, State.SUBMITTED, state, state, s.review_note))
        _trail(s, rows)
        if state == State.DRAFT:
            CoSignature.objects.create(suggestion=s, deputy=others[1])
    # Three accepted suggestions about the same broken street lamps (issue 16): staff see them as
    # similar items of each other and merge them into one case (并案办理); the closed suggestion on
    # street-lamp upkeep above is the past item that proposes its unit.
    for n, (title, body, author) in enumerate(LAMP_CLUSTER):
        day = now - datetime.timedelta(days=6 - n)
        s = Suggestion.objects.create(
            region_id=COUNTY,
            number=n + 1,
            title=title,
            body=body,
            category=Category.URBAN,
            author=others[author],
            state=State.ACCEPTED,
            submitted_at=_at(day),
        )
        _trail(
            s,
            [
                (day, others[author].user, "", State.DRAFT, "create", ""),
                (day, others[author].user, State.DRAFT, State.SUBMITTED, "submit", ""),
                (day + datetime.timedelta(days=1), staff, State.SUBMITTED, State.ACCEPTED, "accept", ""),
            ],
        )
    # An invitation for the demo deputy to co-sign a colleague's draft.
    invite = Suggestion.objects.create(
        region_id=COUNTY,
        title="关于加强农村留守儿童关爱服务的建议",
        body="建议整合学校、村委会和志愿者力量，建立留守儿童关爱台账。",
        category=Category.LIVELIHOOD,
        author=others[12],
    )
    _trail(invite, [(now, others[12].user, "", State.DRAFT, "create", "")])
    CoSignature.objects.create(suggestion=invite, deputy=demo_deputy)

    # Five supervision groups, led by the chair and the vice-chairs.
    members = others[60:80]
    for g, (name, post) in enumerate(GROUP_LEADERS):
        group = SupervisionGroup.objects.create(
            region_id=COUNTY,
            year=2026,
            number=g + 1,
            name=f"第{'一二三四五'[g]}督办组",
            leader_name=name,
            leader_post=post,
        )
        group.members.set(members[g * 4 : g * 4 + 4])
        chosen = key[g * 2 : g * 2 + 2] + ([key[10]] if g == 4 else [])
        group.suggestions.set(chosen)
        SupervisionVisit.objects.create(
            group=group,
            date=datetime.date(2026, 4, 15 + g),
            unit=chosen[0].lead_unit,
            findings="办理方案已制定，资金已落实大部分，个别点位进度偏慢。",
            follow_up="6月底前完成剩余点位，办理结果当面向领衔代表反馈。",
            recorded_by=staff,
        )
    if stdout:
        stdout.write(
            f"suggestions: 县十六届人大四次会议建议 {len(suggestions)} 件（乡村振兴 36 件，重点 11 件）、督办组 5 个"
        )
