"""Deputies with an active QR token and a current mandate, topped up to N in county 410522, on either
database (bulk_create in batches of 5,000), for tests/load/public_page_ratio.sh: the public page with
the tokens requested spread over 200,000 deputies. Refuses a database not named for benchmarks.

    DATABASE_URL=sqlite:////tmp/bench_public.sqlite3 .venv/bin/python tests/load/public_page_seed.py 200000
"""

import datetime
import hashlib
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.load import inprocess  # noqa: F401  (Django set up)

# isort: split
from django.db import connection, transaction

from accounts.models import Region
from citizen_messages.models import DeputyToken
from deputies.management.commands.seed_perf import GIVEN, SURNAMES, is_bench_database
from deputies.models import Congress, Deputy, Level, Mandate, Term

COUNTY = "410522"
BATCH = 5000


def main(target: int) -> None:
    name = Path(str(connection.settings_dict["NAME"])).stem
    if not is_bench_database(name):
        sys.exit(f"refusing: the database must be named bench_* or *_perf (got {name})")
    started = time.monotonic()
    county = Region.objects.get(code=COUNTY)
    towns = list(Region.objects.filter(code__startswith=COUNTY, kind="township").values_list("code", flat=True))
    congress, _ = Congress.objects.get_or_create(
        region=county, level=Level.COUNTY, defaults={"name": f"{county.name}人民代表大会"}
    )
    term, _ = Term.objects.get_or_create(
        congress=congress, number=16, defaults={"start_date": datetime.date(2021, 10, 8)}
    )
    have = Deputy.objects.count()
    rng = random.Random(have)
    while have < target:
        n = min(BATCH, target - have)
        with transaction.atomic():
            deputies = Deputy.objects.bulk_create(
                Deputy(
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    name_pinyin="x",
                    name_initials="x",
                    gender="M",
                    region_id=rng.choice(towns),
                )
                for _ in range(n)
            )
            if deputies[0].pk is None:  # SQLite < 3.35 returns no ids
                deputies = list(Deputy.objects.order_by("-id")[:n])
            Mandate.objects.bulk_create(Mandate(deputy=d, term=term, start_date=term.start_date) for d in deputies)
        have += n
        print(f"deputies: {have} ({time.monotonic() - started:.0f}s)", flush=True)
    missing = Deputy.objects.exclude(message_tokens__is_active=True).values_list("id", flat=True)
    ids = list(missing)
    for i in range(0, len(ids), BATCH):
        DeputyToken.objects.bulk_create(
            DeputyToken(deputy_id=pk, token=hashlib.sha256(f"bench-public-{pk}".encode()).hexdigest()[:43])
            for pk in ids[i : i + BATCH]
        )
    print(f"{Deputy.objects.count()} deputies, {DeputyToken.objects.filter(is_active=True).count()} active tokens "
          f"({time.monotonic() - started:.0f}s)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
