"""Issue 18: the citizens' messages pages at scale, seeded and timed, with a verdict per page.

    createdb -h 127.0.0.1 -U postgres bench_scale
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_scale REDIS_URL=redis://127.0.0.1:6379/11
    .venv/bin/python manage.py migrate
    nice -n 10 .venv/bin/python tests/load/messages_bench.py --deputies 20000 --messages 100000 [-n 7]
    # the issue's scale (on a quiet machine): --deputies 200000 --messages 1000000

Seeding is idempotent: it adds only what is missing up to the numbers asked (deputies and their mandates
through `seed_perf`, one active QR token per deputy, messages by COPY), then ANALYZEs. It refuses a
database whose name does not start with "bench_" (or end in "_perf"), and anything but PostgreSQL.

Each page is requested N times (default 7) through Django's test client in-process with production
settings (DEBUG off) as a committee-staff user of county 410522 (sees every seeded deputy and message)
or, for the admin, a superuser; the figure is the median wall time, with the SQL query count of the last
request. The public QR page asks for a different deputy's token on every request (spread over all
deputies). Exit status 1 when a page misses its goal.
"""

import argparse
import hashlib
import io
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.load import inprocess  # noqa: F401  (Django set up with production settings)

# isort: split
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Region, Unit, User
from accounts.roles import Role, group_for
from citizen_messages.models import DeputyToken, Message
from deputies.management.commands.seed_perf import is_bench_database
from deputies.models import Activity, Deputy
from liaison_stations.models import Opinion, OpinionCategory, OpinionState, Place, PlaceKind
from reports import dashboard
from suggestions.models import REPLIED_STATES, Category, Reply, State, Suggestion
from tests.factories import pass_second_factor

COUNTY = "410522"
PROVINCE = "41"
STAFF_GOAL_MS = 300
# What is recomputed at most once per 10 minutes per scope and then cached with its "as of" time.
COLD_GOAL_MS = 1000
# The dashboard's recomputation, done every 10 minutes by reports.tasks.warm_dashboards in the background.
BACKGROUND_GOAL_MS = 10_000
# Pages recomputed on every request are timed fewer times (they take seconds at this scale).
SLOW_N = 5
PUBLIC_GOAL_MS = 50  # in-process stand-in; the throughput ratios of the issue need wrk (see docs)
TOPICS = ["路灯不亮", "道路破损", "垃圾清运不及时", "饮水困难", "医保报销咨询", "学校门口增设红绿灯", "噪音扰民",
          "农村危房改造", "养老金发放", "河道污染"]  # fmt: skip
STATUSES = ["answered"] * 40 + ["closed"] * 20 + ["new"] * 20 + ["forwarded"] * 10 + ["held"] * 5 + \
    ["reopened"] * 3 + ["hidden"] * 2  # fmt: skip


def _copy(table, columns, rows):
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buf.seek(0)
    with connection.cursor() as c:
        c.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)


def seed(deputies: int, activities: int, messages: int) -> None:
    started = time.monotonic()
    have = Deputy.objects.filter(region__code__startswith=COUNTY).count()
    have_a = Activity.objects.count()
    if have < deputies or have_a < activities:
        call_command(
            "seed_perf", deputies=max(deputies - have, 0), activities=max(activities - have_a, 0), region=COUNTY
        )
    with transaction.atomic(), connection.cursor() as c:
        # One active token per deputy that has none (idempotent). The token table has never been analysed
        # on a first run, so the planner would pick a nested loop over it: 200,000 × its growing size.
        c.execute("SET LOCAL enable_nestloop = off")
        c.execute(
            """INSERT INTO citizen_messages_deputytoken (deputy_id, token, is_active, created_at)
               SELECT d.id, md5('bench-token-' || d.id) || md5('salt-' || d.id), true, now()
               FROM deputies_deputy d WHERE NOT EXISTS
                 (SELECT 1 FROM citizen_messages_deputytoken t WHERE t.deputy_id = d.id AND t.is_active)"""
        )
    have_m = Message.objects.count()
    if have_m < messages:
        rng = random.Random(have_m)
        tokens = list(DeputyToken.objects.filter(is_active=True).values_list("id", "deputy_id", "deputy__region_id"))
        columns = ["deputy_id", "region_id", "token_id", "category", "body", "citizen_name", "citizen_phone",
                   "status", "hold_reason", "matched_words", "tracking_digest", "nonce", "answer", "answered_at",
                   "unit_reply", "forwarded_to_staff", "forward_note", "rating", "hide_reason", "closed_at",
                   "created_at"]  # fmt: skip

        def rows():
            for i in range(have_m, messages):
                token_id, deputy_id, region_id = rng.choice(tokens)
                status = rng.choice(STATUSES)
                created = 1767225600 + rng.randrange(330 * 86400)  # 2026
                answered = created + rng.randrange(1, 14 * 86400) if status in ("answered", "closed") else None
                nonce = f"bench-{i}"
                yield (
                    deputy_id, region_id, token_id, "problem",
                    f"{rng.choice(TOPICS)}，请代表帮忙反映。留言编号{i}", "李", "13900000000", status,
                    "sensitive" if status == "held" else "", "", hashlib.sha256(nonce.encode()).hexdigest(), nonce,
                    "已转有关部门办理" if answered else "", _ts(answered), "", "false", "", "",
                    "spam" if status == "hidden" else "", _ts(answered) if status == "closed" else None, _ts(created),
                )  # fmt: skip

        _copy_batches("citizen_messages_message", columns, rows(), started)
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")  # the visibility map too: index-only scans, as autovacuum would
    print(f"seeded: {Deputy.objects.count()} deputies, {Message.objects.count()} messages "
          f"({time.monotonic() - started:.1f}s)", flush=True)  # fmt: skip


def seed_reports(opinions: int, suggestions: int) -> None:
    """The dashboard's other big tables: opinions gathered at 20 places, suggestions handled by 30 units,
    a reply for each answered suggestion (evaluated for most), all dated in 2026 (idempotent top-up)."""
    started = time.monotonic()
    county = Region.objects.get(code=COUNTY)
    towns = list(Region.objects.filter(code__startswith=COUNTY, kind="township").order_by("code")[:20])
    kind = PlaceKind.LIAISON_STATION
    places = [
        Place.objects.get_or_create(name=f"性能测试联络站{i}", defaults={"region": town, "kind": kind})[0].pk
        for i, town in enumerate(towns)
    ]
    units = [Unit.objects.get_or_create(region=county, name=f"性能测试承办单位{i}")[0].pk for i in range(30)]
    first_deputy, deputies = Deputy.objects.aggregate(a=Min("id"), n=Count("id")).values()
    have = Opinion.objects.count()
    wrote = have < opinions or Suggestion.objects.count() < suggestions
    if have < opinions:
        rng = random.Random(have + 1)
        states = list(OpinionState.values)

        def opinion_rows():
            for i in range(have, opinions):
                state = rng.choice(states)
                created = _ts(1767225600 + rng.randrange(330 * 86400))
                late = state not in ("registered", "handling")
                yield (
                    rng.choice(places), rng.choice(OpinionCategory.values), f"群众反映{rng.choice(TOPICS)}，意见{i}",
                    "", "", state, created, None if state == "registered" else rng.choice(units), "false", "",
                    "已办理" if late else "", "已反馈" if state in ("fed_back", "closed") else "", None, created,
                )  # fmt: skip

        cols = ["place_id", "category", "text", "raised_by", "contact", "state", "state_since", "unit_id",
                "to_suggestion", "handling_note", "result", "feedback", "reception_id", "created_at"]  # fmt: skip
        _copy_batches("liaison_stations_opinion", cols, opinion_rows(), started)
    have = Suggestion.objects.count()
    if have < suggestions:
        rng = random.Random(have + 2)
        states = [s for s in State.values if s != "draft"]
        replied = set(REPLIED_STATES)
        cols = ["title", "body", "category", "state", "is_confidential", "is_public", "review_note", "is_key",
                "leader_name", "leader_post", "round", "assigned_on", "deadline", "submitted_at", "created_at",
                "updated_at", "author_id", "lead_unit_id", "region_id", "source_label", "source_url"]  # fmt: skip
        first_s = (Suggestion.objects.aggregate(m=Max("id"))["m"] or 0) + 1

        def suggestion_rows():
            for i in range(have, suggestions):
                state = rng.choice(states)
                submitted = 1767225600 + rng.randrange(330 * 86400)
                unit = rng.choice(units) if state not in ("submitted", "returned", "refused", "accepted") else None
                day = time.strftime("%Y-%m-%d", time.gmtime(submitted + 10 * 86400))
                deadline = time.strftime("%Y-%m-%d", time.gmtime(submitted + 100 * 86400))
                yield (
                    f"关于{rng.choice(TOPICS)}的建议{i}", "建议内容", rng.choice(Category.values), state, "false",
                    "true", "", "true" if i % 50 == 0 else "false", "", "", 1, day if unit else None,
                    deadline if unit else None, _ts(submitted), _ts(submitted), _ts(submitted),
                    first_deputy + rng.randrange(deputies), unit, COUNTY, "", "",
                )  # fmt: skip

        def reply_rows():
            # Suggestions written above have consecutive ids from first_s (COPY in this one process).
            answered = Suggestion.objects.filter(id__gte=first_s, state__in=replied).order_by("id")
            for pk, unit, submitted, state in list(answered.values_list("id", "lead_unit_id", "submitted_at", "state")):
                evaluated = state != "replied"
                satisfaction = rng.choice(["satisfied", "satisfied", "basic", "not"]) if evaluated else ""
                at = submitted.timestamp() + rng.randrange(20, 90) * 86400
                yield (
                    pk, 1, unit, "已办理", rng.choice("ABCD"), "", _ts(at), satisfaction,
                    "仍未解决" if satisfaction == "not" else "", _ts(at + 5 * 86400) if evaluated else None,
                )  # fmt: skip

        _copy_batches("suggestions_suggestion", cols, suggestion_rows(), started)
        cols = ["suggestion_id", "round", "unit_id", "text", "result_class", "file", "replied_at", "satisfaction",
                "evaluation_reason", "evaluated_at"]  # fmt: skip
        _copy_batches("suggestions_reply", cols, reply_rows(), started)
    if wrote:
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
    print(f"seeded: {Opinion.objects.count()} opinions, {Suggestion.objects.count()} suggestions, "
          f"{Reply.objects.count()} replies ({time.monotonic() - started:.1f}s)", flush=True)  # fmt: skip


def _copy_batches(table, columns, rows, started, size=100_000):
    # Each batch committed: a buffer of a million rows would take gigabytes, and an interrupted seeding
    # keeps what it wrote (the next run tops up from the count).
    while chunk := list(itertools.islice(rows, size)):
        with transaction.atomic():
            _copy(table, columns, chunk)
        print(f"  {table}: +{len(chunk)} ({time.monotonic() - started:.0f}s)", flush=True)


def _ts(epoch):
    if epoch is None:
        return None
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(epoch))


def _client():
    # HTTPS, as production settings redirect plain HTTP.
    client = Client()
    get = client.get
    client.get = lambda path, **kw: get(path, secure=True, **kw)
    return client


def _users():
    staff = []
    for username, code in (("bench_msg_staff", COUNTY), ("bench_msg_province", PROVINCE)):
        user, made = User.objects.get_or_create(
            username=username, defaults={"region": Region.objects.get(code=code), "is_staff": True}
        )
        if made:
            user.groups.add(group_for(Role.COMMITTEE_STAFF))
        staff.append(user)
    admin, made = User.objects.get_or_create(username="bench_msg_admin", defaults={"is_staff": True})
    if made or not admin.is_superuser:
        admin.is_superuser = True
        admin.save()
    return *staff, admin


def _time(client, url, n, fresh=None):
    """Median ms of n requests after a warm-up, the query count of the last one and its status.
    `url` may be a callable giving the next URL (the public page's spread tokens)."""
    next_url = url if callable(url) else lambda: url
    times, queries, status = [], 0, None
    client.get(next_url())
    for _ in range(n):
        if fresh:
            fresh()
        path = next_url()
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            status = client.get(path).status_code
            times.append((time.perf_counter() - t) * 1000)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries, status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--deputies", type=int, default=200_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--opinions", type=int, default=200_000)
    parser.add_argument("--suggestions", type=int, default=200_000)
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop without timing")
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--only", default="", help="time only the pages whose label contains this")
    args = parser.parse_args()
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or not is_bench_database(name):
        sys.exit(f"refusing: run against a PostgreSQL database named bench_* (got {connection.vendor} {name})")
    seed(args.deputies, args.activities, args.messages)
    seed_reports(args.opinions, args.suggestions)
    if args.seed_only:
        return
    staff, province, admin = _users()
    county_client, province_client, admin_client = _client(), _client(), _client()
    county_client.force_login(staff)
    province_client.force_login(province)
    admin_client.force_login(admin)
    for c in (county_client, province_client, admin_client):
        pass_second_factor(c)  # staff: past the code page, as after a real login
    message = Message.objects.order_by("-id").first()
    some = Deputy.objects.filter(region__code__startswith=COUNTY).order_by("id")[10]
    tokens = list(DeputyToken.objects.filter(is_active=True).values_list("token", flat=True))
    rng = random.Random(1)
    public = rng.choice(tokens)

    def spread():
        return f"/d/{rng.choice(tokens)}/"

    staff_clients = (county_client, province_client)
    admin_only = (None, admin_client)  # the admin as a superuser (sees what a province sees)
    public_clients = (_client(), None)
    s, a, r = "/messages/staff/", "/admin/citizen_messages/message/", "/reports/?period="
    year, month = "year&year=2026", "month&year=2026&month=6"
    pages = [
        ("staff message list, page 1", staff_clients, s, STAFF_GOAL_MS),
        ("staff message list, page 50", staff_clients, s + "?page=50", STAFF_GOAL_MS),
        ("staff message list, status held", staff_clients, s + "?status=held", STAFF_GOAL_MS),
        ("staff message list, one deputy", staff_clients, f"{s}?deputy={some.pk}", STAFF_GOAL_MS),
        ("message search, body '路灯不亮' (10 % of messages)", staff_clients, s + "?q=路灯不亮", STAFF_GOAL_MS),
        ("message search, body '留言编号12345' (one row)", staff_clients, s + "?q=留言编号12345", STAFF_GOAL_MS),
        (f"message search, deputy name '{some.name}'", staff_clients, f"{s}?q={some.name}", STAFF_GOAL_MS),
        ("message detail", staff_clients, f"{s}{message.pk}/", STAFF_GOAL_MS),
        ("message statistics, recomputed (cache cleared)", staff_clients, s + "stats/", COLD_GOAL_MS),
        ("message statistics, cached", staff_clients, s + "stats/", STAFF_GOAL_MS),
        ("message statistics, page 20 (cached)", staff_clients, s + "stats/?page=20", STAFF_GOAL_MS),
        ("QR code list", staff_clients, s + "qr/", STAFF_GOAL_MS),
        ("QR code list, township", staff_clients, s + "qr/?township=410522101", STAFF_GOAL_MS),
        ("workbench", staff_clients, "/workbench/", STAFF_GOAL_MS),
        ("reports dashboard, this year (kept warm: cached)", staff_clients, r + year, STAFF_GOAL_MS),
        ("reports dashboard, this month (kept warm: cached)", staff_clients, r + month, STAFF_GOAL_MS),
        ("reports dashboard, year, recomputed (?refresh=1: the warm-up's work)", staff_clients, r + year + "&refresh=1",
         BACKGROUND_GOAL_MS),
        ("reports dashboard, month, recomputed (?refresh=1)", staff_clients, r + month + "&refresh=1",
         BACKGROUND_GOAL_MS),
        ("admin message changelist", admin_only, a, STAFF_GOAL_MS),
        ("admin message changelist, status held", admin_only, a + "?status__exact=held", STAFF_GOAL_MS),
        ("admin changelist, search '路灯不亮' (10 % of messages)", admin_only, a + "?q=路灯不亮", STAFF_GOAL_MS),
        ("admin changelist, search '留言编号12345' (one row)", admin_only, a + "?q=留言编号12345", STAFF_GOAL_MS),
        ("public QR page, same token (warm)", public_clients, f"/d/{public}/", PUBLIC_GOAL_MS),
        ("public QR page, tokens spread over all deputies", public_clients, spread, PUBLIC_GOAL_MS),
    ]  # fmt: skip
    failed = 0
    print(
        f"\n{args.n} requests per cell ({SLOW_N} for the recomputed rows), median ms (queries of the last "
        f"request); county: committee staff of "
        f"{COUNTY}, province: committee staff of {PROVINCE}\n\n"
        "| page | county | province | goal | verdict |\n| --- | ---: | ---: | --- | --- |",
        flush=True,
    )
    for label, clients, url, goal in pages:
        if args.only and args.only not in label:
            continue
        cells, ok = [], True
        for c in clients:
            if c is None:
                cells.append("—")
                continue
            fresh = cache.clear if goal == COLD_GOAL_MS else None
            n = min(args.n, SLOW_N) if goal in (COLD_GOAL_MS, BACKGROUND_GOAL_MS) else args.n
            ms, queries, status = _time(c, url, n, fresh)
            warm_public = goal == PUBLIC_GOAL_MS and "same token" in label
            ok = ok and status == 200 and ms < goal and not (warm_public and queries > 1)
            cells.append(f"{ms:.0f} ({queries})" if status == 200 else f"{ms:.0f} ({queries}, HTTP {status})")
        failed += not ok
        print(f"| {label} | {' | '.join(cells)} | < {goal} ms | {'ok' if ok else 'MISS'} |", flush=True)
    if not args.only:
        started = time.monotonic()
        done = dashboard.warm()
        print(f"\nreports.tasks.warm_dashboards: {done} dashboards in {time.monotonic() - started:.1f} s", flush=True)
    load = os.getloadavg()
    print(f"\nload average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {failed} page(s) missed the goal")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
