"""In-process cost of the public station page against the login page (same process, same run).

DEBUG=1 .venv/bin/python manage.py seed_demo   # once
.venv/bin/python tests/load/liaison_stations_inprocess.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda_portal.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from liaison_stations.models import Place  # noqa: E402


def ms_per_request(client, path, n=200, clear=False):
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n // 5):
            if clear:
                cache.clear()
            assert client.get(path).status_code == 200
        runs.append((time.perf_counter() - start) / (n // 5) * 1000)
    return statistics.median(runs)


def main():
    key = Place.objects.get(name="白璧镇代表联络站").public_key
    client = Client()
    public = f"/stations/s/{key}/"
    client.get(public)
    for label, path, clear in [
        ("login page", "/accounts/login/", False),
        ("public station page, fragment cached", public, False),
        ("public station page, cache cleared each time", public, True),
    ]:
        print(f"{label:48s} {ms_per_request(client, path, clear=clear):6.2f} ms")


if __name__ == "__main__":
    main()
