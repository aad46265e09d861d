"""Seed a PostgreSQL database with deputies and activities at scale, for the performance figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_deputies_perf \\
        .venv/bin/python manage.py seed_perf --deputies 200000 --activities 1000000

Uses COPY (PostgreSQL only). Refuses any database not named for benchmarks: the name must end in "_perf"
or start with "bench_" (tests/load/messages_bench.py seeds bench_* databases through it).
"""

import datetime
import io
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from pypinyin import lazy_pinyin

from accounts.models import Region
from deputies.models import ActivityKind, Congress, Level, Term

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢崔"
GIVEN = "建国秀英志强丽娟海涛红梅庆桂兰振华晓燕文博春花永刚淑珍明辉玉德胜静磊敏伟芳军霞勇艳杰娜超颖鹏婷浩雪宇琳斌萍"
SECTORS = ["建筑业", "教育", "财政金融", "农业", "制造业", "医疗卫生", "党政机关", "商贸服务"]
PARTIES = ["中共党员", "中共党员", "群众", "民盟盟员"]
KINDS = [k for k in ActivityKind.values if k != "session_attendance"]


def is_bench_database(name) -> bool:
    return str(name).endswith("_perf") or str(name).startswith("bench_")


def _copy(table, columns, rows):
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row))
        buf.write("\n")
    buf.seek(0)
    with connection.cursor() as c:
        c.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)


def _next_id(table):
    with connection.cursor() as c:
        c.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return c.fetchone()[0]


def _reset_sequence(table):
    with connection.cursor() as c:
        c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


class Command(BaseCommand):
    help = "在 *_perf 性能测试库中批量生成代表和履职活动（PostgreSQL COPY）"

    def add_arguments(self, parser):
        parser.add_argument("--deputies", type=int, default=200_000)
        parser.add_argument("--activities", type=int, default=1_000_000)
        parser.add_argument("--region", default="410522")

    def handle(self, *args, deputies, activities, region, **options):
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql" or not is_bench_database(name):
            raise CommandError(
                f"只能在名称以 _perf 结尾或以 bench_ 开头的 PostgreSQL 库中运行（当前：{connection.vendor} {name}）"
            )
        rng = random.Random(7)
        started = time.monotonic()
        county = Region.objects.get(code=region)
        towns = list(Region.objects.filter(code__startswith=region, kind="township").values_list("code", flat=True))
        congress, _ = Congress.objects.get_or_create(
            region=county, level=Level.COUNTY, defaults={"name": f"{county.name}人民代表大会"}
        )
        term, _ = Term.objects.get_or_create(
            congress=congress, number=16, defaults={"start_date": datetime.date(2021, 10, 8)}
        )
        syllable = {ch: lazy_pinyin(ch)[0] for ch in SURNAMES + GIVEN}
        now = "2026-01-01 00:00:00+00"
        with transaction.atomic():
            first = _next_id("deputies_deputy")

            def deputy_rows():
                for i in range(deputies):
                    chars = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if i % 3 else "")
                    py = [syllable[c] for c in chars]
                    birth = datetime.date(rng.randint(1960, 1995), rng.randint(1, 12), rng.randint(1, 28))
                    yield (
                        first + i,
                        chars,
                        "".join(py),
                        "".join(p[0] for p in py),
                        rng.choice("MMF"),
                        "汉族",
                        birth,
                        rng.choice(PARTIES),
                        "大学本科",
                        "",
                        rng.choice(SECTORS),
                        "某单位",
                        "职工",
                        f"139{rng.randint(10000000, 99999999)}",
                        "",
                        rng.choice(towns),
                        None,
                        "false",
                        "",
                        now,
                        now,
                    )

            _copy(
                "deputies_deputy",
                [
                    "id",
                    "name",
                    "name_pinyin",
                    "name_initials",
                    "gender",
                    "ethnicity",
                    "birth_date",
                    "party",
                    "education",
                    "occupation",
                    "sector",
                    "work_unit",
                    "post",
                    "mobile",
                    "photo",
                    "region_id",
                    "user_id",
                    "is_leader",
                    "photo_thumb",
                    "created_at",
                    "updated_at",
                ],
                deputy_rows(),
            )
            _reset_sequence("deputies_deputy")
            self.stdout.write(f"deputies: {deputies} in {time.monotonic() - started:.1f}s")
            first_m = _next_id("deputies_mandate")
            _copy(
                "deputies_mandate",
                ["id", "deputy_id", "term_id", "constituency", "delegation", "start_date", "end_date", "end_reason"],
                (
                    (first_m + i, first + i, term.pk, f"第{i % 40 + 1}选区", "", term.start_date, None, "")
                    for i in range(deputies)
                ),
            )
            _reset_sequence("deputies_mandate")
            first_a = _next_id("deputies_activity")
            first_p = _next_id("deputies_activityparticipant")
            start = datetime.date(2025, 12, 1)
            participants = []
            # Participants come from the deputies just written or, when only activities are missing (a
            # benchmark topping up), from the deputies already on file (seeded ids are contiguous).
            pool_first, pool_size = first, deputies
            if not deputies:
                with connection.cursor() as c:
                    c.execute("SELECT MIN(id), COUNT(*) FROM deputies_deputy")
                    pool_first, pool_size = c.fetchone()

            def activity_rows():
                for i in range(activities):
                    kind = rng.choice(KINDS)
                    status = "verified" if i % 10 else "submitted"
                    day = start + datetime.timedelta(days=rng.randint(0, 360))
                    yield (
                        first_a + i,
                        kind,
                        f"{ActivityKind(kind).label}活动{i}",
                        day,
                        None,
                        None,
                        "代表联络站",
                        rng.choice(towns),
                        "",
                        rng.randint(0, 3),
                        0,
                        status,
                        "",
                        None,
                        None,
                        None,
                        now,
                        None,
                    )
                    people = {pool_first + rng.randrange(pool_size) for _ in range(1 + (i % 3 == 0))}
                    for j, d in enumerate(people):
                        participants.append((first_a + i, d, "lead" if j == 0 else "participant"))

            _copy(
                "deputies_activity",
                [
                    "id",
                    "kind",
                    "title",
                    "date",
                    "start_time",
                    "end_time",
                    "place",
                    "region_id",
                    "summary",
                    "opinions_count",
                    "suggestions_count",
                    "status",
                    "return_reason",
                    "submitted_by_id",
                    "verified_by_id",
                    "verified_at",
                    "created_at",
                    "group_id",
                ],
                activity_rows(),
            )
            _reset_sequence("deputies_activity")
            self.stdout.write(f"activities: {activities} in {time.monotonic() - started:.1f}s")
            _copy(
                "deputies_activityparticipant",
                ["id", "activity_id", "deputy_id", "role"],
                ((first_p + i, a, d, r) for i, (a, d, r) in enumerate(participants)),
            )
            _reset_sequence("deputies_activityparticipant")
        with connection.cursor() as c:
            c.execute("ANALYZE")
        self.stdout.write(f"participants: {len(participants)}; total {time.monotonic() - started:.1f}s")
