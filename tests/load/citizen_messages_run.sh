#!/usr/bin/env bash
# The citizen_messages benchmarks, on loopback only (NOT part of `make test`):
#   1. the public message page (GET) vs a bare Django view, side by side, with wrk;
#   2. 200 concurrent submissions: every success has exactly one row;
#   3. 1,000 printable cards.
# Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_messages REDIS_URL=redis://127.0.0.1:6379/4 \
#        tests/load/citizen_messages_run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBUG=1 DJANGO_SETTINGS_MODULE=tests.load.citizen_messages_settings
PORT=${PORT:-18745}
PY=.venv/bin/python
$PY manage.py migrate -v0
$PY manage.py seed_demo --force >/dev/null
TOKEN=$($PY manage.py shell -v0 -c "from citizen_messages.models import DeputyToken; print(DeputyToken.objects.filter(is_active=True).order_by('id').first().token)")
.venv/bin/gunicorn renda_portal.wsgi -w 2 -b 127.0.0.1:$PORT --access-logfile /dev/null --error-logfile /tmp/cm_gunicorn.log &
GPID=$!
trap 'kill $GPID' EXIT
sleep 3
kill -0 $GPID  # our gunicorn must be the one listening (pick another PORT= if it is taken)
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/d/$TOKEN/"
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/bare/$TOKEN/"
DUR=${DUR:-5}
ROUNDS=${ROUNDS:-6}
# Alternate bare / page in short rounds so that the machine's other load hits both alike.
: > /tmp/cm_wrk.txt
for round in $(seq 1 "$ROUNDS"); do
  for kind in bare page; do
    if [ $kind = bare ]; then url="bare/$TOKEN/"; else url="d/$TOKEN/"; fi
    out=$(wrk -t2 -c16 -d${DUR}s "http://127.0.0.1:$PORT/$url")
    if echo "$out" | grep -q "Non-2xx"; then echo "$out"; exit 1; fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    echo "round $round $kind $rps req/s"
    echo "$round $kind $rps" >> /tmp/cm_wrk.txt
  done
done
$PY - <<'PYEOF'
import statistics
rows = [line.split() for line in open("/tmp/cm_wrk.txt")]
bare = {r: float(v) for r, k, v in rows if k == "bare"}
page = {r: float(v) for r, k, v in rows if k == "page"}
ratios = [page[r] / bare[r] for r in bare]
print(f"median bare {statistics.median(bare.values()):.0f} req/s, page {statistics.median(page.values()):.0f} req/s; "
      f"page/bare per round {', '.join(f'{x:.2f}' for x in ratios)}; median ratio {statistics.median(ratios):.2f}")
PYEOF
$PY tests/load/citizen_messages_cpu.py
$PY tests/load/citizen_messages_concurrent.py "http://127.0.0.1:$PORT" "$TOKEN" 200
$PY tests/load/citizen_messages_cards.py 1000
