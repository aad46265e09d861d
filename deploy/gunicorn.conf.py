"""gunicorn settings for renda-web.service (read with `gunicorn -c deploy/gunicorn.conf.py`).

Sync workers: the portal's pages are short database round trips; start with 2 workers per core
(the figures in docs/performance.md are taken so). Every value can be overridden from the environment file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# A worker is recycled after this many requests (with jitter), so a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
# The systemd unit keeps HOME read-only; gunicorn 23+ would otherwise try to create a control socket.
control_socket_disable = True
forwarded_allow_ips = "127.0.0.1"
# Access log without query strings or referers (a tracking code or a search may sit in them), and
# without the client's cookies; the Django logs go through renda_portal.logs.RedactFilter.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
