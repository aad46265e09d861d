"""Issue 16 at scale: "similar items" among 1,000,000 messages + 200,000 suggestions + 200,000
opinions on PostgreSQL, seeded by COPY and timed.

    createdb -h 127.0.0.1 -U postgres bench_similar
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_similar
    nice -n 10 .venv/bin/python tests/load/similar_scale.py seed      # idempotent, resumable
    .venv/bin/python tests/load/similar_scale.py time                 # top-10 median, index update median
    # smaller runs: seed --messages 100000 --suggestions 20000 --opinions 20000

Refuses any database but PostgreSQL `bench_similar`. Seeding migrates, loads the demo once (regions,
deputies, units, stations, the staff who query), then adds records in chunks of CHUNK, each one
transaction that COPYs the records, their `similar.Document` rows and their postings (computed in
Python with the portal's own `similar.text.grams`, the weights `services.index` would write). A chunk
interrupted is rolled back, a re-run continues after the last whole chunk. While copying, the
postings' secondary indexes are dropped and the FK triggers of this session are off
(`session_replication_role = replica`: the ids are consistent by construction); both indexes are
built once at the end, then the gram statistics (`similar.Gram`) are recomputed and the tables
ANALYZEd.

Texts: each record is 2–4 clauses of one of the labelled groups of similar_bench.py (a topic), with
one of ~20,000 generated place names and common filler clauses, so the corpus has topics shared by
tens of thousands of items, rare place names and very common grams (问题, 希望) — the distribution
that makes a naive "sum over every posting of the query's grams" slow.

Timing: 20 queries (texts of the labelled groups with a place name not in the corpus), each
`services.search` as Anyang's committee staff, limit 10: the median and the slowest. Index update:
20 new messages saved through the ORM (the signal indexes them), median of the save.
"""

import argparse
import hashlib
import io
import math
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.load import inprocess  # noqa: F401  (Django set up with production settings)

# isort: split
from django.core.management import call_command
from django.db import connection, transaction

from tests.load.similar_bench import GROUPS

DB_NAME = "bench_similar"
CHUNK = 20_000
COUNTY = "410522"
FILLERS = ["请有关部门重视", "群众反映强烈", "希望尽快解决", "问题存在很久了", "多次反映没有结果", "请代表帮忙反映",
           "影响群众生活", "希望领导关注", "此事拖了很长时间", "盼望早日落实"]  # fmt: skip
CHARS = "东西南北前后大小王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
SUFFIXES = "庄村屯营寨店集沟"


def _place(rng):
    return rng.choice(CHARS) + rng.choice(CHARS) + rng.choice(SUFFIXES)


def _clauses():
    import re

    out = []
    for unit, *texts in GROUPS:
        pieces = set()
        for t in texts:
            pieces.update(p for p in re.split(r"[，。！：；]", t) if len(p) >= 4)
        out.append((unit, sorted(pieces)))
    return out


TOPICS = _clauses()


def text_for(rng):
    topic = rng.randrange(len(TOPICS))
    unit, pieces = TOPICS[topic]
    chosen = rng.sample(pieces, k=min(len(pieces), rng.randint(2, 4)))
    parts = [_place(rng) + chosen[0], *chosen[1:], rng.choice(FILLERS)]
    return "，".join(parts) + "。", unit


# --- COPY of model instances ----------------------------------------------------------------------
def _cell(v):
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, datetime):
        return v.isoformat()
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(table, columns, rows):
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(_cell(v) for v in row))
        buf.write("\n")
    buf.seek(0)
    with connection.cursor() as c:
        c.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)


def _copy_objects(model, objs):
    fields = [f for f in model._meta.concrete_fields]
    rows = ([f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] for o in objs)
    _copy(model._meta.db_table, [f.column for f in fields], rows)


def _next_id(model):
    with connection.cursor() as c:
        c.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return c.fetchone()[0]


def _reset_sequences(models):
    with connection.cursor() as c:
        for m in models:
            t = m._meta.db_table
            c.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE((SELECT MAX(id) FROM {t}), 1))")


POSTING_INDEXES = {
    "similar_posting_gram": "CREATE INDEX IF NOT EXISTS similar_posting_gram_w ON similar_posting (gram, document_id) "
    "INCLUDE (weight)",
    "similar_posting_document_id": "CREATE INDEX IF NOT EXISTS {name} ON similar_posting (document_id)",
}


def _posting_indexes():
    with connection.cursor() as c:
        c.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'similar_posting'")
        return dict(c.fetchall())


# --- seeding ---------------------------------------------------------------------------------------
def _base_data():
    from accounts.models import Unit
    from deputies.models import Deputy
    from liaison_stations.models import Place

    if not Deputy.objects.exists():
        call_command("seed_demo", "--force", "--no-logins", verbosity=0, stdout=open(os.devnull, "w"))
    deputies = list(Deputy.objects.filter(region__code__startswith=COUNTY).values_list("id", flat=True))
    places = list(Place.objects.filter(region__code__startswith=COUNTY).values_list("id", "region_id"))
    units = {}
    for unit, _pieces in TOPICS:
        units[unit] = Unit.objects.get_or_create(region_id=COUNTY, name=unit)[0].pk
    return deputies, places, units


def _index_rows(kind, obj_id, text, region, unit_id, created, doc_id):
    from similar.text import grams

    weights = {g: 1.0 + math.log(tf) for g, tf in grams(text).items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    digest = hashlib.sha256(text.encode()).hexdigest()
    doc = (doc_id, kind, obj_id, region, created, unit_id, norm, digest)
    return doc, [(g, doc_id, round(w, 4)) for g, w in weights.items()]


def _seed_kind(kind, target, make, rng_seed, base):
    """Add records of `kind` up to `target`, CHUNK at a time; `make(i, rng, pk)` → (instance, text,
    region, unit_id, created)."""
    from similar.models import Document

    model = base["models"][kind]
    have = model.objects.count()
    while have < target:
        n = min(CHUNK, target - have)
        rng = random.Random(f"{rng_seed}-{have}")
        t0 = time.monotonic()
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("SET LOCAL session_replication_role = replica")
            pk, doc_id = _next_id(model), _next_id(Document)
            objs, docs, postings = [], [], []
            for i in range(n):
                obj, text, region, unit_id, created = make(have + i, rng, pk + i)
                objs.append(obj)
                doc, rows = _index_rows(kind, pk + i, text, region, unit_id, created, doc_id + i)
                docs.append(doc)
                postings.extend(rows)
            _copy_objects(model, objs)
            _copy(
                "similar_document",
                ["id", "kind", "object_id", "region_id", "created", "unit_id", "norm", "digest"],
                docs,
            )
            _copy("similar_posting", ["gram", "document_id", "weight"], postings)
        have += n
        print(f"{kind}: {have}/{target} (+{len(postings)} postings, {time.monotonic() - t0:.1f}s)", flush=True)


def seed(messages, suggestions, opinions):
    from citizen_messages.models import Message
    from liaison_stations.models import Opinion
    from similar.models import Document, Posting
    from suggestions.models import State, Suggestion

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    deputies, places, units = _base_data()
    base = {"models": {"message": Message, "suggestion": Suggestion, "opinion": Opinion}}
    epoch = datetime(2024, 1, 1, tzinfo=UTC).timestamp()

    def when(rng):
        return datetime.fromtimestamp(epoch + rng.randrange(3 * 365 * 86400), tz=UTC)

    def make_message(i, rng, pk):
        text, unit = text_for(rng)
        created = when(rng)
        unit_id = units[unit] if rng.random() < 0.3 else None
        nonce = f"sim-{i}"
        m = Message(
            id=pk,
            deputy_id=rng.choice(deputies),
            region_id=COUNTY,
            body=text,
            status="forwarded" if unit_id else "answered",
            tracking_digest=hashlib.sha256(nonce.encode()).hexdigest(),
            nonce=nonce,
            forwarded_unit_id=unit_id,
            created_at=created,
        )
        return m, text, COUNTY, unit_id, created

    def make_suggestion(i, rng, pk):
        text, unit = text_for(rng)
        title = "关于" + text[:12] + "的建议"
        created = when(rng)
        s = Suggestion(
            id=pk,
            region_id=COUNTY,
            title=title,
            body=text,
            author_id=rng.choice(deputies),
            state=State.CLOSED,
            lead_unit_id=units[unit],
            created_at=created,
            updated_at=created,
        )
        return s, f"{title}\n{text}", COUNTY, units[unit], created

    def make_opinion(i, rng, pk):
        text, unit = text_for(rng)
        place_id, region = rng.choice(places)
        created = when(rng)
        o = Opinion(id=pk, place_id=place_id, category="livelihood", text=text, state_since=created, created_at=created)
        return o, text, region, None, created

    existing = _posting_indexes()
    for name in POSTING_INDEXES:
        for idx in [n for n in existing if n.startswith(name)]:
            with connection.cursor() as c:
                c.execute(f"DROP INDEX IF EXISTS {idx}")
    _seed_kind("suggestion", suggestions, make_suggestion, "s", base)
    _seed_kind("opinion", opinions, make_opinion, "o", base)
    _seed_kind("message", messages, make_message, "m", base)
    _reset_sequences([Message, Suggestion, Opinion, Document, Posting])
    t0 = time.monotonic()
    with connection.cursor() as c:
        c.execute("SET maintenance_work_mem = '1GB'")
        fk_index = next((n for n in existing if n.startswith("similar_posting_document_id")), None)
        c.execute(POSTING_INDEXES["similar_posting_gram"])
        c.execute(POSTING_INDEXES["similar_posting_document_id"].format(name=fk_index or "similar_posting_document_id"))
    print(f"posting indexes built ({time.monotonic() - t0:.0f}s)", flush=True)
    refresh_stats()
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(
        f"seeded: {Message.objects.count()} messages, {Suggestion.objects.count()} suggestions, "
        f"{Opinion.objects.count()} opinions, {Document.objects.count()} documents "
        f"({time.monotonic() - started:.0f}s)",
        flush=True,
    )


def refresh_stats():
    """The gram statistics, when the similar app keeps them (see similar.services.refresh_stats)."""
    from similar import services

    if hasattr(services, "refresh_stats"):
        t0 = time.monotonic()
        services.refresh_stats()
        print(f"gram statistics recomputed ({time.monotonic() - t0:.0f}s)", flush=True)


# --- timing ----------------------------------------------------------------------------------------
def run_timing(queries=20):
    from accounts.models import User
    from accounts.roles import Role
    from citizen_messages.models import Message
    from deputies.models import Deputy
    from similar import services
    from similar.models import Document

    staff = next(u for u in User.objects.filter(region_id=COUNTY, is_active=True) if u.has_role(Role.COMMITTEE_STAFF))
    rng = random.Random(16)
    texts = []
    for i in range(queries):
        unit, pieces = TOPICS[i % len(TOPICS)]
        texts.append("新地方" + "，".join(rng.sample(pieces, k=min(3, len(pieces)))) + "。")
    services.search(texts[0], staff, limit=10)  # one warm-up (connection, caches)
    timings, found = [], []
    for t in texts:
        t0 = time.perf_counter()
        hits = services.search(t, staff, limit=10)
        timings.append(time.perf_counter() - t0)
        found.append(len(hits))
    deputy = Deputy.objects.filter(region__code__startswith=COUNTY).first()
    inserts = []
    for i in range(20):
        text, _unit = text_for(rng)
        nonce = f"sim-new-{time.time_ns()}-{i}"
        t0 = time.perf_counter()
        Message.objects.create(
            deputy=deputy,
            region_id=COUNTY,
            body=text,
            nonce=nonce,
            tracking_digest=hashlib.sha256(nonce.encode()).hexdigest(),
        )
        inserts.append(time.perf_counter() - t0)
    load = os.getloadavg()
    print(f"documents indexed: {Document.objects.count()}, queries: {len(timings)}, hits per query: {found}")
    print(
        f"top-10 query median: {statistics.median(timings) * 1000:.0f} ms (slowest {max(timings) * 1000:.0f} ms); "
        f"index update (message save) median: {statistics.median(inserts) * 1000:.1f} ms "
        f"(slowest {max(inserts) * 1000:.1f} ms)"
    )
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (shared machine, 2 cores)")


def explain():
    """EXPLAIN ANALYZE of the slowest statement of one search (to see where the time goes)."""
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from accounts.roles import Role
    from similar import services

    staff = next(u for u in User.objects.filter(region_id=COUNTY, is_active=True) if u.has_role(Role.COMMITTEE_STAFF))
    unit, pieces = TOPICS[0]
    text = "新地方" + "，".join(pieces[:3]) + "。"
    with CaptureQueriesContext(connection) as ctx:
        services.search(text, staff, limit=10)
    slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
    print(f"{len(ctx.captured_queries)} statements; slowest {float(slowest['time']) * 1000:.0f} ms")
    with connection.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        print("\n".join(r[0] for r in c.fetchall()))


def main():
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or name != DB_NAME:
        sys.exit(f"refused: this benchmark writes only to the PostgreSQL database {DB_NAME!r} (not {name!r})")
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["seed", "time", "stats", "explain"])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--suggestions", type=int, default=200_000)
    parser.add_argument("--opinions", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()
    if args.what == "seed":
        seed(args.messages, args.suggestions, args.opinions)
    elif args.what == "stats":
        refresh_stats()
    elif args.what == "explain":
        explain()
    else:
        run_timing(args.queries)


if __name__ == "__main__":
    main()
