"""Benchmark of the suggestions pages at a county's scale, on a throwaway SQLite database.

    DATABASE_URL=sqlite:////tmp/sugg-bench.sqlite3 .venv/bin/python tests/load/suggestions_bench.py [N]

Creates N suggestions (default 5,000) spread over 14 units, then times (median of 15 runs, in
the same process through Django's test client) the staff board, the board's overdue filter, the
per-unit progress page, the key board, a unit's list, one detail page, and the daily sweep.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda_portal.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.factories import pass_second_factor  # noqa: E402


def main(n: int):
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))
    from accounts.models import Unit, User
    from suggestions.models import State, Suggestion
    from suggestions.reminders import deadline_sweep

    units = list(Unit.objects.filter(region_id="410522"))
    author_id = Suggestion.objects.values_list("author_id", flat=True).first()
    existing = Suggestion.objects.count()
    if existing < n:
        states = [State.SIGNED, State.REPLIED, State.CLOSED, State.ASSIGNED, State.SUBMITTED]
        rows = []
        for i in range(existing, n):
            st = states[i % len(states)]
            rows.append(
                Suggestion(
                    region_id="410522",
                    title=f"压测建议{i}",
                    body="正文",
                    author_id=author_id,
                    state=st,
                    number=10000 + i,
                    lead_unit=None if st == State.SUBMITTED else units[i % len(units)],
                    deadline=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 400),
                    is_key=i % 97 == 0,
                )
            )
        Suggestion.objects.bulk_create(rows, batch_size=1000)
    staff = User.objects.get(username="anyang_staff")
    unit_user = User.objects.get(username="unit_nongye")
    one = Suggestion.objects.filter(lead_unit=unit_user.unit).first()
    from django.db import connection

    cases = [
        (staff, "/suggestions/board/"),
        (staff, "/suggestions/board/?overdue=1"),
        (staff, "/suggestions/board/?q=压测建议49"),
        (staff, "/suggestions/units/"),
        (staff, "/suggestions/key/"),
        (unit_user, "/suggestions/unit/"),
        (staff, f"/suggestions/{one.pk}/"),
    ]
    print(f"{Suggestion.objects.count()} suggestions, {connection.vendor}")
    for user, url in cases:
        c = Client()
        c.force_login(user)
        pass_second_factor(c)  # staff: past the code page, as after a real login
        c.get(url)
        times = []
        for _ in range(15):
            t = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                r = c.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        median, p90, queries = statistics.median(times), sorted(times)[13], len(ctx.captured_queries)
        print(f"{url:<40} median {median:6.1f} ms  p90 {p90:6.1f} ms  {queries} queries")
    t = time.perf_counter()
    result = deadline_sweep(datetime.date(2026, 6, 1))
    first = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    deadline_sweep(datetime.date(2026, 6, 1))
    second = (time.perf_counter() - t) * 1000
    print(f"deadline_sweep: first run {first:.0f} ms ({result}), second run {second:.0f} ms (sends nothing)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
