#!/usr/bin/env bash
# The backup is only as good as its restore: migrate and seed a scratch database, dump it with
# scripts/backup.sh, restore the dump into a second scratch database with the documented command,
# and compare the exact row count of every table. Exits non-zero on any difference.
#   PG=postgres://postgres@127.0.0.1:5432 bash tests/load/backup_restore.sh
# Uses only its own two databases (renda_bk_src, renda_bk_dst) and drops them at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PY:-/work/main/.venv/bin/python}"
[ -x "$PY" ] || PY=.venv/bin/python
PG="${PG:-postgres://postgres@127.0.0.1:5432}"
SRC=renda_bk_src DST=renda_bk_dst
work="$(mktemp -d)"
cleanup() { psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $SRC" -c "DROP DATABASE IF EXISTS $DST" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
cleanup; work="$(mktemp -d)"
psql -q "$PG/postgres" -c "CREATE DATABASE $SRC" >/dev/null
DATABASE_URL="$PG/$SRC" "$PY" manage.py migrate -v0
DATABASE_URL="$PG/$SRC" "$PY" manage.py seed_demo >/dev/null

start=$(date +%s.%N)
DATABASE_URL="$PG/$SRC" BACKUP_DIR="$work" MEDIA_ROOT="" BACKUP_KEEP_DAYS=30 bash scripts/backup.sh
dump="$(ls "$work"/renda-*.dump)"
dumped=$(date +%s.%N)
psql -q "$PG/postgres" -c "CREATE DATABASE $DST" >/dev/null
pg_restore --no-owner --exit-on-error -d "$PG/$DST" "$dump"
restored=$(date +%s.%N)

counts() {
  psql -qAt "$PG/$1" -c "SELECT table_name FROM information_schema.tables WHERE table_schema='public' AND table_type='BASE TABLE' ORDER BY 1" |
    while read -r t; do printf '%s %s\n' "$t" "$(psql -qAt "$PG/$1" -c "SELECT count(*) FROM \"$t\"")"; done
}
counts $SRC > "$work/src.txt"
counts $DST > "$work/dst.txt"
tables=$(wc -l < "$work/src.txt")
rows=$(awk '{s+=$2} END {print s}' "$work/src.txt")
printf 'tables %s, rows %s, dump %s (%.1f s), restore %.1f s, load %s\n' "$tables" "$rows" \
  "$(du -h "$dump" | cut -f1)" "$(echo "$dumped - $start" | bc)" "$(echo "$restored - $dumped" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
if ! diff -u "$work/src.txt" "$work/dst.txt"; then
  echo "FAIL: restored row counts differ" >&2
  exit 1
fi
[ "$tables" -gt 20 ] && [ "$rows" -gt 100 ] || { echo "FAIL: too little data to prove anything" >&2; exit 1; }
echo "OK: every table restored with the same row count"
