#!/usr/bin/env bash
# Issue 18: throughput of the public message page (GET /d/<token>/) side by side with two bare views
# (tests/load/public_page_urls.py: the form rendered by `{{ form }}`, and written by hand), gunicorn with
# 2 sync workers, wrk -t2 -c16, on loopback only (NOT part of `make test`). Goals: page >= 1.0 x the
# `{{ form }}` view and >= 0.6 x the hand-written one, with one warm token and with tokens spread over
# every deputy of the database (wrk picks a random token per request: public_page_tokens.lua).
#
#   DATABASE_URL=sqlite:////tmp/bench_public.sqlite3 SEED=1 DEPUTIES=200000 tests/load/public_page_ratio.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_scale REDIS_URL=redis://127.0.0.1:6379/5 \
#     tests/load/public_page_ratio.sh          # already seeded by tests/load/messages_bench.py
# SEED=1 loads the demo data first (seed_demo --force: it empties the database); DEPUTIES=N tops up to N
# deputies with a token (public_page_seed.py, refuses a database not named bench_*). DUR=5 ROUNDS=3.
# Each round runs the three views one after the other, per mode, so that the machine's other load hits
# them alike; the ratios are per round, and the figure is their median. Exit 1 when a goal is missed.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBUG=1 DJANGO_SETTINGS_MODULE=tests.load.public_page_settings
PORT=${PORT:-18755}
DUR=${DUR:-5}
ROUNDS=${ROUNDS:-3}
PY=.venv/bin/python
OUT=$(mktemp -d /tmp/public_page.XXXXXX)
$PY manage.py migrate -v0
if [ "${SEED:-0}" = 1 ]; then $PY manage.py seed_demo --force >/dev/null; fi
if [ -n "${DEPUTIES:-}" ]; then $PY tests/load/public_page_seed.py "$DEPUTIES"; fi
$PY manage.py shell -v0 -c "
from citizen_messages.models import DeputyToken
rows = DeputyToken.objects.filter(is_active=True).order_by('id').values_list('token', flat=True)
open('$OUT/tokens.txt', 'w').write('\n'.join(rows) + '\n')"
TOKEN=$(head -1 "$OUT/tokens.txt")
echo "$(wc -l < "$OUT/tokens.txt") active tokens; database ${DATABASE_URL%%:*}"
.venv/bin/gunicorn renda_portal.wsgi -w 2 -b 127.0.0.1:$PORT --access-logfile /dev/null \
  --error-logfile "$OUT/gunicorn.log" &
GPID=$!
trap 'kill $GPID' EXIT
sleep 3
kill -0 $GPID  # our gunicorn must be the one listening (pick another PORT= if it is taken)
for prefix in d bare/form bare/hand; do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/$prefix/$TOKEN/"; done
: > "$OUT/rps.txt"
for round in $(seq 1 "$ROUNDS"); do
  for mode in same spread; do
    for kind in form hand page; do
      case $kind in form) prefix=/bare/form/ ;; hand) prefix=/bare/hand/ ;; page) prefix=/d/ ;; esac
      if [ $mode = same ]; then
        out=$(wrk -t2 -c16 -d"${DUR}"s "http://127.0.0.1:$PORT$prefix$TOKEN/")
      else
        out=$(wrk -t2 -c16 -d"${DUR}"s -s tests/load/public_page_tokens.lua "http://127.0.0.1:$PORT" -- \
          "$prefix" "$OUT/tokens.txt")
      fi
      if echo "$out" | grep -q "Non-2xx"; then echo "$out"; exit 1; fi
      rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
      lat=$(echo "$out" | awk '/Latency/ {print $2}')
      echo "round $round $mode $kind $rps req/s (mean latency $lat)"
      echo "$round $mode $kind $rps" >> "$OUT/rps.txt"
    done
  done
done
$PY - "$OUT/rps.txt" <<'PYEOF'
import os
import statistics
import sys

rows = [line.split() for line in open(sys.argv[1])]
rps = {(r, m, k): float(v) for r, m, k, v in rows}
failed = False
for mode in ("same", "spread"):
    rounds = sorted({r for r, m, _k in rps if m == mode})
    med = {k: statistics.median(rps[r, mode, k] for r in rounds) for k in ("form", "hand", "page")}
    for base, goal in (("form", 1.0), ("hand", 0.6)):
        ratios = [rps[r, mode, "page"] / rps[r, mode, base] for r in rounds]
        ratio = statistics.median(ratios)
        failed |= ratio < goal
        print(f"{mode:6} page/{base}: {ratio:.2f} (rounds {', '.join(f'{x:.2f}' for x in ratios)}; goal >= {goal})"
              f" {'ok' if ratio >= goal else 'MISS'}")
    print(f"{mode:6} median req/s: form {med['form']:.0f}, hand {med['hand']:.0f}, page {med['page']:.0f}")
load = os.getloadavg()
print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
sys.exit(1 if failed else 0)
PYEOF
