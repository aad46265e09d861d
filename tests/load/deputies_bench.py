"""Timings of the deputies pages at scale (run against the *_perf database seeded by seed_perf).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_deputies_perf REDIS_URL=redis://127.0.0.1:6379/2 \\
        .venv/bin/python tests/load/deputies_bench.py [N] [label filter] [--no-import]

e.g. `deputies_bench.py 7 admin --no-import` times only the admin changelists, 7 requests each.

Each page is requested N times (default 15) through Django's test client, in-process (no network);
the figure is the median wall time per request, with the number of SQL queries.
"""

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.load import inprocess  # noqa: F401  (Django set up with production settings)

# isort: split
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from accounts.models import Region, User
from accounts.roles import Role, group_for
from deputies import roster
from deputies.models import ActivityParticipant, Deputy, Term
from tests.factories import pass_second_factor


def main(n=15, only="", with_import=True):
    name = connection.settings_dict["NAME"]
    assert str(name).endswith("_perf"), f"run against the *_perf database, not {name}"
    user, made = User.objects.get_or_create(
        username="bench_staff", defaults={"region": Region.objects.get(code="410522"), "is_staff": True}
    )
    if made:
        user.groups.add(group_for(Role.COMMITTEE_STAFF))
    client = Client()
    client.force_login(user)
    pass_second_factor(client)  # staff: past the code page, as after a real login
    busy = ActivityParticipant.objects.values("deputy_id").order_by("-deputy_id").first()["deputy_id"]
    term = Term.objects.get(congress__region_id="410522", number=16)
    pages = [
        ("deputy list, page 1", "/deputies/"),
        ("deputy list, page 100", "/deputies/?page=100"),
        ("deputy list, characters '张晓'", "/deputies/?q=%E5%BC%A0%E6%99%93"),
        ("deputy list, characters '张晓梅'", "/deputies/?q=%E5%BC%A0%E6%99%93%E6%A2%85"),
        ("deputy list, pinyin search 'zhang'", "/deputies/?q=zhang"),
        (
            "deputy list, initials 'wjg' + sector + gender",
            "/deputies/?q=wjg&sector=%E5%BB%BA%E7%AD%91%E4%B8%9A&gender=M",
        ),
        ("deputy list, term + township", f"/deputies/?term={term.pk}&region=410522101"),
        ("activity list, page 1", "/deputies/activities/"),
        ("activity list, status submitted + kind", "/deputies/activities/?status=submitted&kind=research"),
        ("activity list, pinyin search 'wangjian'", "/deputies/activities/?q=wangjian"),
        ("activity list, participant '王建'", "/deputies/activities/?q=%E7%8E%8B%E5%BB%BA"),
        ("activity list, participant pinyin 'wang' (3,830 deputies)", "/deputies/activities/?q=wang"),
        ("activity list, participant initial 'w' (11,454 deputies)", "/deputies/activities/?q=w"),
        (
            "activity list, title contains '专题询问活动12'",
            "/deputies/activities/?title=%E4%B8%93%E9%A2%98%E8%AF%A2%E9%97%AE%E6%B4%BB%E5%8A%A812",
        ),
        (
            "activity list, title contains '调研' + March",
            "/deputies/activities/?title=%E8%B0%83%E7%A0%94&date_from=2026-03-01&date_to=2026-03-31",
        ),
        ("activity list, date range", "/deputies/activities/?date_from=2026-03-01&date_to=2026-03-31"),
        ("admin deputy changelist, page 1", "/admin/deputies/deputy/"),
        ("admin deputy changelist, page 100", "/admin/deputies/deputy/?p=100"),
        ("admin deputy changelist, search 'zs'", "/admin/deputies/deputy/?q=zs"),
        ("admin deputy changelist, search 'zhang'", "/admin/deputies/deputy/?q=zhang"),
        ("admin deputy changelist, search '张晓'", "/admin/deputies/deputy/?q=%E5%BC%A0%E6%99%93"),
        ("admin deputy changelist, search '张晓梅'", "/admin/deputies/deputy/?q=%E5%BC%A0%E6%99%93%E6%A2%85"),
        ("admin deputy changelist, search '晓' (name anywhere)", "/admin/deputies/deputy/?q=%E6%99%93"),
        (
            "admin deputy changelist, sector + gender",
            "/admin/deputies/deputy/?sector=%E5%BB%BA%E7%AD%91%E4%B8%9A&gender__exact=M",
        ),
        ("admin deputy changelist, term filter", f"/admin/deputies/deputy/?term={term.pk}"),
        ("admin activity changelist, page 1", "/admin/deputies/activity/"),
        ("admin activity changelist, page 100", "/admin/deputies/activity/?p=100"),
        ("admin activity changelist, search '调研'", "/admin/deputies/activity/?q=%E8%B0%83%E7%A0%94"),
        (
            "admin activity changelist, search '调研活动35698'",
            "/admin/deputies/activity/?q=%E8%B0%83%E7%A0%94%E6%B4%BB%E5%8A%A835698",
        ),
        (
            "admin activity changelist, status + kind",
            "/admin/deputies/activity/?status__exact=submitted&kind__exact=research",
        ),
        (
            "admin activity changelist, one month",
            "/admin/deputies/activity/?date__gte=2026-03-01&date__lt=2026-04-01",
        ),
        ("record page of one deputy", f"/deputies/{busy}/record/?year=2026"),
    ]
    print(f"database {name}: {Deputy.objects.count()} deputies, {ActivityParticipant.objects.count()} participations")
    print("| page | median ms | queries |\n| --- | ---: | ---: |")
    for label, url in pages:
        if only not in label:
            continue
        client.get(url, secure=True)  # warm
        times = []
        for _ in range(n):
            with CaptureQueriesContext(connection) as q:
                t = time.perf_counter()
                r = client.get(url, secure=True)
                times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        print(f"| {label} | {statistics.median(times):.0f} | {len(q)} |", flush=True)
    if with_import:
        bench_import()


def bench_import(rows=10_000):
    wb = Workbook()
    ws = wb.active
    ws.append(roster.COLUMNS)
    for i in range(rows):
        ws.append(
            [
                f"导入{i}",
                "男",
                "汉族",
                "1975.03",
                "中共党员",
                "大学本科",
                "某公司 经理",
                "建筑业",
                f"第{i % 40}选区",
                "",
                "白璧镇",
                f"137{i:08d}",
            ]
        )
    data = io.BytesIO()
    wb.save(data)
    term = Term.objects.get(congress__region_id="410522", number=16)
    region = term.congress.region
    t = time.perf_counter()
    data.seek(0)
    result = roster.check_roster(data, region=region, term=term)
    checked = time.perf_counter() - t
    assert result.ok, result.errors[:5]
    with transaction.atomic():
        t2 = time.perf_counter()
        roster.import_roster(result, term=term)
        written = time.perf_counter() - t2
        transaction.set_rollback(True)  # leave the perf database as it was
    print(
        f"roster import {rows} rows: dry-run check {checked:.1f}s, write {written:.1f}s, total {checked + written:.1f}s"
    )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-import"]
    main(
        int(args[0]) if args else 15,
        args[1] if len(args) > 1 else "",
        with_import="--no-import" not in sys.argv,
    )
