"""CPU time per request of the public message page vs the bare view, in one process, alternating.

Wall-clock throughput on a shared 2-core machine moves with everyone else's load; CPU time spent by
this process (time.process_time) does not, so it is the steadier figure of the two.

    DEBUG=1 DJANGO_SETTINGS_MODULE=tests.load.citizen_messages_settings python tests/load/citizen_messages_cpu.py
"""

import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.load.citizen_messages_settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
django.setup()

from django.test import Client  # noqa: E402

from citizen_messages.models import DeputyToken  # noqa: E402

token = DeputyToken.objects.filter(is_active=True).order_by("id").first().token
client = Client(HTTP_HOST="127.0.0.1")
urls = {"bare": f"/bare/{token}/", "page": f"/d/{token}/"}
for url in urls.values():
    assert client.get(url).status_code == 200
samples: dict[str, list[float]] = {"bare": [], "page": []}
for _round in range(7):
    for kind, url in urls.items():
        start = time.process_time()
        for _i in range(200):
            client.get(url)
        samples[kind].append((time.process_time() - start) / 200 * 1000)
bare, page = statistics.median(samples["bare"]), statistics.median(samples["page"])
print(f"CPU per request (median of 7 × 200, test client, same process): bare {bare:.2f} ms, page {page:.2f} ms;")
print(f"page/bare throughput at equal CPU: {bare / page:.2f}")
