#!/bin/sh
# Throughput of the public station page against the login page (a template + form page) on the
# same server, loopback only, a few seconds each. Needs the demo data: `DEBUG=1 manage.py seed_demo`.
#   sh tests/load/liaison_stations_bench.sh
set -eu
cd "$(dirname "$0")/../.."
PORT=${PORT:-8765}
SECS=${SECS:-8}
export DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1 SECRET_KEY=bench-only-secret-key-0123456789-abcdefghijklmnop
KEY=$(.venv/bin/python manage.py shell -c "from liaison_stations.models import Place; print(Place.objects.get(name='白璧镇代表联络站').public_key)" 2>/dev/null | tail -1)
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn renda_portal.wsgi -w 2 -b 127.0.0.1:$PORT --no-control-socket --log-level warning &
PID=$!
trap 'kill $PID' EXIT
sleep 3
curl -fsS "http://127.0.0.1:$PORT/stations/s/$KEY/" | grep -q "近期值班代表"
for path in "/accounts/login/" "/stations/s/$KEY/" "/accounts/login/" "/stations/s/$KEY/"; do
  printf '%s ' "$path"
  wrk -t2 -c16 -d${SECS}s "http://127.0.0.1:$PORT$path" | grep -E "Requests/sec|Latency"  | tr -s ' ' | tr '\n' ' '
  echo
done
