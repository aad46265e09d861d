"""Demo places of Anyang and Taiqian counties: a liaison station per township, the supervision
room of the county service hall with its 12-deputy rota, supervision posts in 9 township service
halls, the Yalongwan community service post in Baibi town; receptions and opinions in every state;
the concentrated station month in which 20 county-level leader deputies gathered 39 opinions
(activities linked to the stations, so the figures come from the records).

Dates follow today, so the rota on the screens is always this month's and next month's."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Region, Unit, User
from deputies.models import ActivityKind, Deputy

from . import services
from .models import (
    Duty,
    EntryPlan,
    Opinion,
    OpinionCategory,
    OpinionState,
    OpinionTransition,
    Place,
    PlaceKind,
    ReceptionKind,
    Shift,
    Stationing,
)

MARKER = ("410522101", PlaceKind.LIAISON_STATION, "白璧镇代表联络站")

ANYANG_UNITS = [
    ("410522", "安阳县住房和城乡建设局", "县住建局"),
    ("410522", "安阳县交通运输局", "县交通局"),
    ("410522", "安阳县农业农村局", "县农业农村局"),
    ("410522", "安阳县教育局", "县教育局"),
    ("410522", "安阳县卫生健康委员会", "县卫健委"),
    ("410522", "安阳县政务服务和大数据管理局", "县政务服务局"),
    ("410522101", "白璧镇人民政府", "白璧镇政府"),
]
TAIQIAN_UNITS = [("410927", "台前县农业农村局", "县农业农村局"), ("410927", "台前县水利局", "县水利局")]

OPINIONS = [
    (OpinionCategory.INFRASTRUCTURE, "村东生产路雨后泥泞，建议硬化约1.2公里。"),
    (OpinionCategory.LIVELIHOOD, "社区老年人较多，建议增设日间照料中心的助餐点。"),
    (OpinionCategory.AGRICULTURE, "希望镇里组织小麦统防统治，降低农户用药成本。"),
    (OpinionCategory.EDUCATION_HEALTH, "村卫生室药品种类少，常用慢病药需到县城购买。"),
    (OpinionCategory.ENVIRONMENT, "河道两侧垃圾堆放，建议定期清理并设置垃圾收集点。"),
    (OpinionCategory.GOV_SERVICE, "社保卡补办需跑县城，建议在镇便民服务中心开通办理。"),
    (OpinionCategory.BUSINESS, "小微企业反映贷款手续繁琐，希望简化流程。"),
    (OpinionCategory.INFRASTRUCTURE, "学校门口路段缺少减速带和人行横道。"),
    (OpinionCategory.LIVELIHOOD, "农村自来水水压不足，高峰时段二楼无水。"),
    (OpinionCategory.AGRICULTURE, "建议加大高标准农田建设后期管护投入。"),
]


def _by():
    return User.objects.filter(username="anyang_staff").first()


def _units(rows):
    units = []
    for code, name, short in rows:
        unit, _created = Unit.objects.get_or_create(region_id=code, name=name, defaults={"short_name": short})
        units.append(unit)
    return units


def _place(region, kind, name, **extra):
    place, _created = Place.objects.get_or_create(region=region, kind=kind, name=name, defaults=extra)
    return place


def _station(place, deputies, start, head=True):
    Stationing.objects.bulk_create(
        [Stationing(place=place, deputy=d, start_date=start, is_head=head and i == 0) for i, d in enumerate(deputies)]
    )


def _taker(opinion):
    """The deputy who takes an opinion up as a suggestion: the first one present or stationed."""
    return services.suggestion_candidates(opinion).first()


def _walk(opinion, state, unit, by, when):
    """Move an opinion along its loop up to `state`, as staff would have done over some days."""
    steps = [OpinionState.HANDLING, OpinionState.RESULT, OpinionState.FED_BACK, OpinionState.CLOSED]
    for step in steps[: steps.index(state) + 1] if state in steps else []:
        services.move_opinion(
            opinion,
            step,
            by=by,
            unit=unit if step == OpinionState.HANDLING and unit else None,
            to_suggestion=step == OpinionState.HANDLING and unit is None,
            deputy=_taker(opinion) if step == OpinionState.HANDLING and unit is None else None,
            result="已列入年度计划，预计月底前完成。",
            feedback="已电话告知反映人办理情况，反映人表示满意。",
        )
    # Spread the trail over the days since the opinion was gathered.
    trail = list(OpinionTransition.objects.filter(opinion=opinion).order_by("id"))
    for i, t in enumerate(trail):
        t.at = when + datetime.timedelta(days=3 * i, hours=2)
    OpinionTransition.objects.bulk_update(trail, ["at"])
    Opinion.objects.filter(pk=opinion.pk).update(state_since=trail[-1].at)


def _rota(place, pool, year, month, stdout, **kw):
    try:
        return services.generate_rota(place, year, month, pool, **kw)
    except ValidationError as exc:
        if stdout:
            stdout.write(f"liaison_stations: {place.name} {year}-{month} 未排班：{' '.join(exc.messages)}")
        return []


@transaction.atomic
def seed(stdout=None):
    code, kind, name = MARKER
    if Place.objects.filter(region_id=code, kind=kind, name=name).exists():
        if stdout:
            stdout.write("liaison_stations: 演示站点已存在")
        return
    if not Deputy.objects.filter(region__code__startswith="410522").exists():
        if stdout:
            stdout.write("liaison_stations: 没有安阳县演示代表，跳过")
        return
    by = _by()
    today = timezone.localdate()
    start = datetime.date(2022, 3, 1)
    anyang_units = _units(ANYANG_UNITS)
    taiqian_units = _units(TAIQIAN_UNITS)

    townships = list(Region.objects.filter(code__startswith="410522", kind="township").order_by("code"))
    deputies_by_town = {t.code: [] for t in townships}
    for d in Deputy.objects.filter(region_id__in=deputies_by_town).order_by("id"):
        deputies_by_town[d.region_id].append(d)
    leaders = [d for ds in deputies_by_town.values() for d in ds if d.is_leader]
    ordinary = {code: [d for d in ds if not d.is_leader] for code, ds in deputies_by_town.items()}

    # The supervision room in the county service hall: 12 deputies, 2 from each of 6 townships.
    county = Region.objects.get(code="410522")
    room = _place(
        county,
        PlaceKind.SUPERVISION_ROOM,
        "安阳县政务服务大厅代表监督室",
        address="安阳县政务服务中心一楼东侧",
        host_hall="安阳县政务服务中心",
        opening_hours="工作日 9:00—12:00，14:30—17:30",
        contact_person="县人大常委会代表工委",
        contact_phone="0372-5500001",
        latitude="36.098100",
        longitude="114.355800",
        services="监督窗口服务\n收集办事群众意见\n跟踪投诉处理",
    )
    room_pool = [d for t in townships[4:10] for d in ordinary[t.code][-2:]]
    _station(room, room_pool, start)

    stations, posts = {}, {}
    used = {d.pk for d in room_pool}
    for i, town in enumerate(townships):
        station = _place(
            town,
            PlaceKind.LIAISON_STATION,
            f"{town.name}代表联络站",
            address=f"安阳县{town.name}人民政府院内",
            opening_hours="每周二、周四 9:00—12:00",
            contact_person=f"{town.name}人大主席团",
            contact_phone=f"0372-55{10 + i:02d}{100 + i:03d}",
        )
        members = [d for d in ordinary[town.code] if d.pk not in used][:8]
        members += [d for d in leaders if d.region_id == town.code]
        _station(station, members, start)
        EntryPlan.objects.create(
            place=station,
            year=today.year,
            reception_days=24,
            content="每月第二、四周周二为集中接待日；每季度开展一次“听民声、汇民意、解民忧”活动。",
        )
        stations[town.code] = (station, members)
        if i < 9:  # supervision posts in 9 township service halls
            post = _place(
                town,
                PlaceKind.SUPERVISION_POST,
                f"{town.name}便民服务中心代表监督岗",
                address=f"安阳县{town.name}便民服务中心",
                host_hall=f"{town.name}便民服务中心",
                opening_hours="工作日 9:00—11:30",
            )
            post_members = [d for d in ordinary[town.code] if d.pk not in used and d not in members][:3]
            _station(post, post_members, start)
            used.update(d.pk for d in post_members)
            posts[town.code] = (post, post_members)

    baibi = townships[0]
    baibi_station, baibi_members = stations[baibi.code]
    yalongwan = _place(
        Region.objects.get(code="410522101001"),
        PlaceKind.SERVICE_POST,
        "亚龙湾社区代表服务岗",
        address="白璧镇亚龙湾社区党群服务中心",
        opening_hours="每周六 9:00—11:00",
        contact_person="亚龙湾社区居委会",
        contact_phone="0372-5510888",
        services="政策咨询\n矛盾纠纷调解\n法律援助转介\n就业信息",
    )
    _station(yalongwan, [d for d in baibi_members if not d.is_leader][:4], start, head=False)

    # Rotas, this month and next: the supervision room every working day, the Baibi station on its
    # reception days (Tue, Thu), each township post on Mon/Wed/Fri, the service post on Saturdays.
    months = [(today.year, today.month)]
    nxt = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    months.append((nxt.year, nxt.month))
    baibi_pool = [d for d in baibi_members if not d.is_leader]
    for year, month in months:
        _rota(room, room_pool, year, month, stdout)
        _rota(baibi_station, baibi_pool, year, month, stdout, weekdays=(1, 3))
        _rota(yalongwan, baibi_pool[:4], year, month, stdout, weekdays=(5,), shift=Shift.AM)
        for post, post_members in posts.values():
            if post_members:
                _rota(post, post_members, year, month, stdout, weekdays=(0, 2, 4))
    past = Duty.objects.filter(date__lt=today)
    past.update(attended=True, confirmed_at=timezone.now() - datetime.timedelta(days=30))
    # A few to follow up: one absent, two with no attendance recorded yet.
    for i, pk in enumerate(past.order_by("-date").values_list("pk", flat=True)[:3]):
        Duty.objects.filter(pk=pk).update(attended=False if i == 0 else None)
    upcoming = list(Duty.objects.filter(date__gte=today).order_by("date").values_list("pk", flat=True))
    Duty.objects.filter(pk__in=upcoming[::3]).update(confirmed_at=timezone.now())

    # Receptions with opinions in every state.
    states = [
        OpinionState.REGISTERED,
        OpinionState.HANDLING,
        OpinionState.RESULT,
        OpinionState.FED_BACK,
        OpinionState.CLOSED,
    ]
    n = 0
    for k, (place, members, kind) in enumerate(
        [
            (baibi_station, baibi_pool, ReceptionKind.RECEPTION),
            (room, room_pool, ReceptionKind.SUPERVISION),
            (yalongwan, baibi_pool[:4], ReceptionKind.SERVICE),
            (*stations[townships[2].code], ReceptionKind.RECEPTION),
            (*posts[townships[3].code], ReceptionKind.SUPERVISION),
        ]
    ):
        for week in (6, 3, 1):
            day = today - datetime.timedelta(days=7 * week + k)
            opinions = []
            for _j in range(2):
                category, text = OPINIONS[n % len(OPINIONS)]
                opinions.append({"category": category, "text": text})
                n += 1
            reception = services.record_reception(
                place=place,
                day=day,
                kind=kind,
                deputies=[d for d in members if not d.is_leader][:3],
                citizens_count=6 + (n % 9),
                topics="；".join(o["text"][:12] for o in opinions),
                opinions=opinions,
                by=by,
            )
            for j, opinion in enumerate(reception.opinions.order_by("id")):
                state = states[(n + j + week) % len(states)]
                unit = anyang_units[(n + j) % len(anyang_units)] if (n + j) % 4 else None
                _walk(opinion, state, unit, by, timezone.now() - datetime.timedelta(days=7 * week + k))

    # The concentrated station month: 20 county-level leader deputies, each at the station of
    # their township, 39 opinions in all.
    month_day = datetime.date(today.year, 6, 1) if today >= datetime.date(today.year, 7, 1) else None
    month_day = month_day or datetime.date(today.year - 1, 6, 1)
    total = 0
    chosen = leaders[:20]
    for i, leader in enumerate(chosen):
        station = stations[leader.region_id][0]
        count = 39 // len(chosen) + (1 if i < 39 % len(chosen) else 0)
        opinions = [
            {"category": OPINIONS[(total + j) % len(OPINIONS)][0], "text": OPINIONS[(total + j) % len(OPINIONS)][1]}
            for j in range(count)
        ]
        total += count
        members = [leader] + [d for d in stations[leader.region_id][1] if not d.is_leader][:2]
        link = services.record_station_activity(
            place=station,
            kind=ActivityKind.STATION_MONTH,
            title=f"人大代表集中进站月：{leader.name}到{station.name}",
            day=month_day + datetime.timedelta(days=i),
            deputies=members,
            by=by,
            summary="县级领导干部代表走进所联系的乡镇代表联络站，与驻站代表、群众面对面交流。",
            opinions=opinions,
        )
        for j, opinion in enumerate(link.opinions.order_by("id")):
            state = OpinionState.CLOSED if (i + j) % 3 else OpinionState.RESULT
            _walk(
                opinion,
                state,
                anyang_units[(i + j) % len(anyang_units)],
                by,
                timezone.now() - datetime.timedelta(days=150),
            )

    # A "listen, gather, solve" event: heads of state organs meet deputies at the Baibi station.
    link = services.record_station_activity(
        place=baibi_station,
        kind=ActivityKind.LISTEN_GATHER_SOLVE,
        title="“听民声、汇民意、解民忧”：县直部门负责人走进白璧镇代表联络站",
        day=today - datetime.timedelta(days=40),
        deputies=baibi_pool[:6],
        by=by,
        summary="县住建局、交通局、农业农村局负责人与代表面对面，现场答复群众关切。",
        opinions=[{"category": c, "text": t} for c, t in OPINIONS[:3]],
    )
    for j, opinion in enumerate(link.opinions.order_by("id")):
        _walk(opinion, states[j + 1], anyang_units[j], by, timezone.now() - datetime.timedelta(days=40))

    # Taiqian: stations in its townships, one reception at Dayuchen.
    tq_by = User.objects.filter(username="taiqian_staff").first()
    tq_towns = list(Region.objects.filter(code__startswith="410927", kind="township").order_by("code"))
    tq_deputies = {t.code: [] for t in tq_towns}
    for d in Deputy.objects.filter(region_id__in=tq_deputies).order_by("id"):
        tq_deputies[d.region_id].append(d)
    for i, town in enumerate(tq_towns):
        station = _place(
            town,
            PlaceKind.LIAISON_STATION,
            f"{town.name}代表联络站",
            address=f"台前县{town.name}人民政府院内",
            opening_hours="每月5日、20日 9:00—12:00",
            contact_phone=f"0393-22{10 + i:02d}{200 + i:03d}",
        )
        members = tq_deputies[town.code][:6]
        _station(station, members, start)
        if town.code == "410927103" and members:
            reception = services.record_reception(
                place=station,
                day=today - datetime.timedelta(days=12),
                deputies=members[:3],
                citizens_count=9,
                topics="田庄村农田积水排涝",
                opinions=[
                    {
                        "category": OpinionCategory.AGRICULTURE,
                        "text": "田庄村农田雨后积水，需与阳谷县十五里园镇协同疏通排水沟。",
                    }
                ],
                by=tq_by,
            )
            _walk(
                reception.opinions.get(),
                OpinionState.HANDLING,
                taiqian_units[1],
                tq_by,
                timezone.now() - datetime.timedelta(days=12),
            )
    if stdout:
        stdout.write(
            f"liaison_stations: {Place.objects.count()} 个站点、{Duty.objects.count()} 个值班、"
            f"{Opinion.objects.count()} 条意见建议"
        )
