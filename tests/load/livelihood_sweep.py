"""Benchmark: the "three ones" sweep over 10,000 livelihood projects.

Run against a database of its own (it is FLUSHED first):

    DATABASE_URL=sqlite:////tmp/lh_bench.sqlite3 .venv/bin/python tests/load/livelihood_sweep.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_livelihood .venv/bin/python tests/load/livelihood_sweep.py

Prints the seconds, queries and rows of each run: the first sweep of the day (creating four
periods' reviews, reminders, escalations and late-milestone flags for every project), the same
sweep again (must send nothing), the next day, and a catch-up after a week of downtime.
"""

import datetime
import os
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda_portal.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

import time_machine  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Region  # noqa: E402
from accounts.regions_loader import load, read_rows  # noqa: E402
from core.models import ReminderLog  # noqa: E402
from livelihood import services  # noqa: E402
from livelihood.models import Review  # noqa: E402
from notifications.models import Notification  # noqa: E402

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
PROJECTS = int(os.environ.get("PROJECTS", "10000"))


def run(label, day):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 6, 30, tzinfo=TZ), tick=False):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            result = services.sweep()
            elapsed = time.perf_counter() - t0
    print(f"{label:<34} {elapsed:6.2f} s  {len(ctx):4d} queries  {result}")
    return result


def main():
    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    load(Region, read_rows())
    t0 = time.perf_counter()
    call_command("seed_livelihood_load", projects=PROJECTS)
    print(f"seed {PROJECTS} projects: {time.perf_counter() - t0:.2f} s")
    run("first sweep 2026-05-25", datetime.date(2026, 5, 25))
    second = run("same day again", datetime.date(2026, 5, 25))
    assert second["notifications"] == 0 and second["created"] == 0, second
    run("next day 2026-05-26", datetime.date(2026, 5, 26))
    run("after a week down: 2026-06-03", datetime.date(2026, 6, 3))
    again = run("same day again", datetime.date(2026, 6, 3))
    assert again["notifications"] == 0, again
    print(
        f"rows: {Review.objects.count()} reviews, {ReminderLog.objects.count()} reminders, "
        f"{Notification.objects.count()} notifications"
    )


if __name__ == "__main__":
    main()
