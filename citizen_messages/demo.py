"""Demo: a QR token for every current deputy, a few sensitive words, and messages in every state
across Anyang and Taiqian counties (some answered and rated). Idempotent."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Region
from deputies.models import Deputy

from .models import (
    Category,
    DeputyToken,
    EventKind,
    HideReason,
    HoldReason,
    Message,
    MessageEvent,
    Rating,
    SensitiveWord,
    Status,
    digest,
)
from .services import new_token, tracking_code_for

DEMO_LOGINS = []

BODIES = [
    "村里到镇上的道路坑洼不平，雨天积水严重，希望能尽快维修。",
    "小区附近缺少公共停车位，晚上车辆乱停，影响消防通道。",
    "建议在学校门口增设减速带和人行横道，保障孩子上下学安全。",
    "农村医保缴费标准年年上涨，希望了解具体政策。",
    "村里的自来水水压不足，高峰期经常停水。",
    "希望镇卫生院能增加儿科门诊时间。",
    "感谢代表上次帮忙协调解决了灌溉用电问题！",
    "建议在集市周边增加公共厕所。",
    "老旧小区加装电梯的补贴政策如何申请？",
    "河道垃圾较多，建议定期清理。",
]
ANSWERS = [
    "您好，已将该问题反映给镇政府和交通部门，计划本月内安排维修，感谢您的反映。",
    "收到，我已联系有关部门实地查看，会尽快给您答复。",
    "您反映的情况已转交县有关部门，政策文件可在县政府网站查询，也可到镇便民服务中心咨询。",
]
WORDS = {"410522": ["赌博", "传销"], "410927": ["赌博", "传销"]}


def _tokens() -> int:
    have = set(DeputyToken.objects.filter(is_active=True).values_list("deputy_id", flat=True))
    missing = [d for d in Deputy.objects.current().values_list("pk", flat=True) if d not in have]
    DeputyToken.objects.bulk_create([DeputyToken(deputy_id=pk, token=new_token()) for pk in missing])
    return len(missing)


@transaction.atomic
def seed(stdout=None):
    made = _tokens()
    for code, words in WORDS.items():
        region = Region.objects.filter(code=code).first()
        if region:
            for w in words:
                SensitiveWord.objects.get_or_create(region=region, word=w)
    if Message.objects.filter(nonce__startswith="demo-").exists():
        if stdout:
            stdout.write(f"citizen_messages: 新增二维码 {made} 个，演示留言已存在")
        return
    rng = random.Random(5)
    now = timezone.now()
    demo_deputy = Deputy.objects.filter(user__username="deputy_demo").first()
    plans = []
    for county in ("410522", "410927"):
        deputies = list(Deputy.objects.current().filter(region__code__startswith=county).order_by("pk")[:12])
        if demo_deputy and county == "410522":
            deputies = [demo_deputy, *deputies]
        if not deputies:
            continue
        states = [
            Status.NEW,
            Status.NEW,
            Status.HELD,
            Status.FORWARDED,
            Status.ANSWERED,
            Status.ANSWERED,
            Status.CLOSED,
            Status.CLOSED,
            Status.REOPENED,
            Status.HIDDEN,
            Status.NEW,
            Status.ANSWERED,
        ]
        for i, status in enumerate(states):
            plans.append((deputies[i % len(deputies)], status))
    rows = []
    for n, (deputy, status) in enumerate(plans):
        nonce = f"demo-{n}"
        created = now - datetime.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 10))
        answered = created + datetime.timedelta(hours=rng.randint(2, 72))
        m = Message(
            deputy=deputy,
            region_id=deputy.region_id,
            category=rng.choice(Category.values),
            body=BODIES[n % len(BODIES)],
            citizen_name=rng.choice(["", "王先生", "李女士", "赵大爷"]),
            citizen_phone=rng.choice(["", f"139{rng.randint(10000000, 99999999)}"]),
            status=status,
            tracking_digest=digest(tracking_code_for(nonce)),
            nonce=nonce,
        )
        if status == Status.HELD:
            m.hold_reason, m.matched_words, m.body = HoldReason.SENSITIVE, "赌博", "村东头有人聚众赌博，请管一管。"
        if status == Status.HIDDEN:
            m.hide_reason, m.closed_at = HideReason.SPAM, answered
        if status == Status.FORWARDED:
            m.forwarded_to_staff, m.forward_note = True, "请协调县交通运输局"
        if status in (Status.ANSWERED, Status.CLOSED, Status.REOPENED):
            m.answer, m.answered_at = ANSWERS[n % len(ANSWERS)], answered
            m.answered_by = deputy.user
        if status == Status.CLOSED:
            m.closed_at = answered + datetime.timedelta(days=1)
            m.rating, m.rated_at = rng.choice([Rating.SATISFIED, Rating.BASIC]), m.closed_at
        if status == Status.REOPENED:
            m.rating, m.rated_at = Rating.UNSATISFIED, answered + datetime.timedelta(hours=5)
        rows.append((m, created))
    Message.objects.bulk_create([m for m, _c in rows])
    events = []
    for m, created in rows:
        Message.objects.filter(pk=m.pk).update(created_at=created)
        if m.answer:
            events.append(MessageEvent(message=m, kind=EventKind.ANSWERED, actor=m.answered_by, note=m.answer))
        if m.status == Status.REOPENED:
            events.append(MessageEvent(message=m, kind=EventKind.REOPENED))
        if m.status == Status.HIDDEN:
            events.append(MessageEvent(message=m, kind=EventKind.HIDDEN, note="垃圾信息"))
    MessageEvent.objects.bulk_create(events)
    if stdout:
        answered = next(m for m, _c in rows if m.status == Status.ANSWERED)
        stdout.write(
            f"citizen_messages: 新增二维码 {made} 个，演示留言 {len(rows)} 条；"
            f"已回复留言的查询码示例：{tracking_code_for(answered.nonce)}"
        )
