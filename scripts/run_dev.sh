#!/usr/bin/env bash
# Start the Celery worker (with beat, so scheduled reminders fire) in the background and the web
# server in the foreground; Ctrl-C stops both. The broker is the filesystem unless REDIS_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
mkdir -p var
.venv/bin/celery -A renda_portal worker -B -s var/beat-schedule --loglevel=INFO --concurrency=1 \
  >var/celery.log 2>&1 &
CELERY_PID=$!
trap 'kill $CELERY_PID 2>/dev/null || true' EXIT INT TERM
echo
echo "============================================================"
echo " 人大代表履职管理平台 已启动： http://$HOST:$PORT/"
echo " 管理后台： http://$HOST:$PORT/admin/"
echo " Celery worker + beat 日志： var/celery.log"
$PY manage.py seed_demo --logins | sed 's/^/ /'
echo "============================================================"
echo
$PY manage.py runserver "$HOST:$PORT"
