"""200 concurrent submissions against a running server: each success has exactly one row.

    python tests/load/citizen_messages_concurrent.py http://127.0.0.1:8765 <token> 200
Every client GETs the form (CSRF cookie + stamp), waits at a barrier, and all POST at once; a few
clients also POST the same form twice (a double tap). Then the database is checked: one row per
distinct tracking code returned, and no row without a success.
"""

import hashlib
import http.client
import os
import re
import sys
import threading
import time
import urllib.parse

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.load.citizen_messages_settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
django.setup()

from citizen_messages.models import Message  # noqa: E402

base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 200
host = urllib.parse.urlparse(base)
marker = f"load-{int(time.time())}"
barrier = threading.Barrier(n)
results: list = [None] * n


def client(i):
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    conn.request("GET", f"/d/{token}/")
    r = conn.getresponse()
    html = r.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", r.getheader("Set-Cookie") or "").group(1)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    stamp = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "stamp": stamp, "category": "problem", "consent": "on", "body": f"{marker} #{i}"}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
        "Referer": f"{base}/d/{token}/",
        "Origin": base,
    }
    barrier.wait()
    codes = []
    for _attempt in range(2 if i % 10 == 0 else 1):  # every 10th client double-taps
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        conn.request("POST", f"/d/{token}/", body=body, headers=headers)
        resp = conn.getresponse()
        page = resp.read().decode()
        m = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', page)
        codes.append((resp.status, m.group(1) if m else None))
    results[i] = codes


start = time.perf_counter()
threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start

ok_codes = {code for codes in results for status, code in codes if status == 200 and code}
responses = sum(len(c) for c in results)
failures = [(s, c) for codes in results for s, c in codes if s != 200 or not c]
rows = Message.objects.filter(body__startswith=marker)
digests = set(rows.values_list("tracking_digest", flat=True))
expected = {hashlib.sha256(c.encode()).hexdigest() for c in ok_codes}
print(f"{n} clients, {responses} POSTs in {elapsed:.1f} s: {len(ok_codes)} distinct successes")
print(f"failures (non-200 or no code): {len(failures)} {failures[:5]}")
exact = digests == expected and rows.count() == len(ok_codes)
print(f"rows stored: {rows.count()}; every success has exactly one row: {exact}")
assert rows.count() == len(digests) == len(expected), "duplicates or lost messages"
assert digests == expected, "a success without a row or a row without a success"
