"""The Celery application. Tasks are discovered from every installed app's tasks.py.

In the embedded default the broker is kombu's filesystem transport (folders under var/),
so `make run` fires scheduled jobs without Redis; with REDIS_URL set the broker is Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda_portal.settings")

app = Celery("renda_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
