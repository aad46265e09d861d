"""Quality of "similar items" and of unit routing on a labelled set, on a throwaway SQLite database.

    DATABASE_URL=sqlite:////tmp/similar-bench.sqlite3 .venv/bin/python tests/load/similar_bench.py

Seeds the demo (its suggestions, opinions and messages are the distractors), then adds GROUPS: an
original complaint and two hand-written rewrites of it (clauses reordered, synonyms, another place
name), each group handled by one unit. Every rewrite is a query, as Anyang's committee staff:
relevant = the other two members of its group.
- precision@5: relevant among the items shown (at most 5, above the threshold) / items shown;
- recall@5: relevant among the first 5 / 2;
- routing: originals are assigned to their group's unit (the training split), rewrites are the
  held-out split; accuracy = the first proposed unit is the group's unit.
Also times one query and one index update (median of the queries / of the inserts).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda_portal.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

# (unit, original, rewrite with synonyms/other place, rewrite with clauses reordered)
GROUPS = [
    (
        "安阳县供电公司",
        "白璧镇东街路灯坏了半年，晚上一片漆黑，老人孩子出行不安全，希望尽快修复。",
        "吕村镇东街的路灯已经损坏大半年，夜里黑漆漆的，老人小孩走路不安全，请尽快维修。",
        "希望尽快修好路灯！老人孩子晚上出门不安全，因为白璧镇东街路灯坏了半年。",
    ),
    (
        "安阳县交通运输局",
        "通往崔家桥镇的乡村公路坑洼不平，雨天积水严重，车辆经常陷在泥里，建议尽快硬化维修。",
        "去洪河屯乡的村道路面坑坑洼洼，下雨就积水，车子常常陷进泥里，请求早日修缮硬化。",
        "建议把崔家桥镇那条乡村公路尽快硬化，现在一下雨路面就积水，坑洼不平，车辆陷在泥里。",
    ),
    (
        "安阳县水利局",
        "韩陵镇西村自来水水压不足，夏天经常停水，高处住户吃水困难。",
        "柏庄镇西村的自来水压力太小，夏季动不动就停水，地势高的人家用水很难。",
        "高处住户吃水困难：韩陵镇西村夏天经常停水，自来水水压也不足。",
    ),
    (
        "安阳县教育局",
        "县第三小学门口上下学时段交通拥堵，没有交警疏导，孩子过马路很危险，建议设置护学岗。",
        "县实验小学校门口放学时堵得厉害，没人指挥交通，学生横穿马路危险，希望安排护学岗。",
        "建议在县第三小学门口设置护学岗，孩子过马路危险，上下学时没有交警疏导，交通拥堵。",
    ),
    (
        "安阳县卫生健康委员会",
        "瓦店乡卫生院缺少儿科医生，孩子生病只能跑到县城看病，路远排队时间长。",
        "辛村镇卫生院没有儿科大夫，小孩看病只好去县医院，路途远还要排很久的队。",
        "孩子生病只能跑县城，路远排队长，因为瓦店乡卫生院缺少儿科医生。",
    ),
    (
        "安阳县生态环境局",
        "永和镇一家养殖场臭味很大，污水直接排进河沟，周边村民意见很大。",
        "曲沟镇某养殖场气味刺鼻，粪污直排到河沟里，附近群众反映强烈。",
        "周边村民意见很大：永和镇养殖场污水直接排进河沟，臭味很大。",
    ),
    (
        "安阳县民政局",
        "伦掌镇空巢老人多，吃饭难，建议在村里办老年食堂或日间照料中心。",
        "铜冶镇独居老人较多，做饭吃饭困难，希望村里开设老年助餐点或日间照料中心。",
        "建议在村里办日间照料中心或老年食堂，伦掌镇空巢老人多，吃饭难。",
    ),
    (
        "安阳县市场监督管理局",
        "蒋村镇集市上有商贩缺斤少两，使用不合格的电子秤，群众买菜吃亏。",
        "都里镇赶集时有摊贩短斤缺两，电子秤不准，老百姓买菜受损失。",
        "群众买菜吃亏，蒋村镇集市商贩使用不合格电子秤缺斤少两。",
    ),
    (
        "安阳县人力资源和社会保障局",
        "在工地干活的农民工被拖欠工资一年多，多次讨要无果，希望有关部门帮助追讨。",
        "建筑工地务工人员工钱被欠了一年多，要了好几次都没要到，请相关部门帮忙讨薪。",
        "希望有关部门帮助追讨工资：农民工在工地干活被拖欠一年多，多次讨要无果。",
    ),
    (
        "安阳县住房和城乡建设局",
        "水冶镇老旧小区楼道灯不亮，墙皮脱落，下水道经常堵塞，建议纳入老旧小区改造。",
        "白壁镇老小区楼梯灯坏了，外墙掉皮，下水管老是堵，希望列入旧改计划。",
        "建议纳入老旧小区改造：水冶镇老旧小区下水道经常堵塞，墙皮脱落，楼道灯也不亮。",
    ),
    (
        "安阳县农业农村局",
        "许家沟乡今年小麦遭受干旱减产，农民希望得到农业保险理赔和抗旱补贴。",
        "马家乡今年麦子因为天旱减收，农户盼着农险赔付和抗旱补助。",
        "农民希望得到抗旱补贴和农业保险理赔，许家沟乡小麦今年遭受干旱减产。",
    ),
    (
        "安阳县公安局",
        "高庄镇夜间经常有大货车超速行驶，噪音扰民还有安全隐患，建议加强巡查。",
        "磊口乡晚上常有重型货车开得飞快，吵得人睡不着，也不安全，希望多巡逻检查。",
        "建议加强巡查：高庄镇夜间大货车超速行驶，有安全隐患，噪音扰民。",
    ),
]


def main():
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))
    from accounts.models import Unit, User
    from citizen_messages.models import Message
    from deputies.models import Deputy
    from similar import services
    from similar.models import Document

    call_command("similar_rebuild", stdout=open(os.devnull, "w"))
    from accounts.roles import Role

    staff = next(u for u in User.objects.filter(region_id="410522", is_active=True) if u.has_role(Role.COMMITTEE_STAFF))
    deputy = Deputy.objects.filter(region__code__startswith="410522").first()
    Message.objects.filter(nonce__startswith="bench-").delete()
    members, inserts = [], []
    for g, (unit_name, *texts) in enumerate(GROUPS):
        unit, _ = Unit.objects.get_or_create(region_id="410522", name=unit_name)
        ids = []
        for i, text in enumerate(texts):
            t0 = time.perf_counter()
            m = Message.objects.create(
                deputy=deputy,
                region_id="410522",
                body=text,
                nonce=f"bench-{g}-{i}",
                tracking_digest=f"bench-{g}-{i}",
                forwarded_unit=unit if i == 0 else None,
            )
            inserts.append(time.perf_counter() - t0)
            ids.append(m.pk)
        members.append((unit.pk, ids))

    precisions, recalls, timings, routed = [], [], [], 0
    for unit_id, ids in members:
        for qid in ids[1:]:
            message = Message.objects.get(pk=qid)
            t0 = time.perf_counter()
            hits = services.search(message.body, staff, exclude=("message", qid), limit=5)
            timings.append(time.perf_counter() - t0)
            relevant = {("message", i) for i in ids if i != qid}
            found = sum((h.kind.key, h.object_id) in relevant for h in hits)
            precisions.append(found / len(hits) if hits else 0.0)
            recalls.append(found / len(relevant))
            proposal = services.propose_units(message, staff, limit=1)
            routed += bool(proposal) and proposal[0].unit.pk == unit_id
    queries = len(precisions)
    print(f"documents indexed: {Document.objects.count()}, queries: {queries}")
    print(f"precision@5: {statistics.mean(precisions):.2f}  recall@5: {statistics.mean(recalls):.2f}")
    print(f"routing accuracy (held-out rewrites): {routed}/{queries} = {routed / queries:.2f}")
    print(
        f"query median: {statistics.median(timings) * 1000:.1f} ms, index update median: "
        f"{statistics.median(inserts) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
