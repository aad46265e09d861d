"""The workbench warning: reminders of the user's branch that nobody could receive."""

import datetime

from django.utils import timezone

from .models import ReminderLog

RECENT_DAYS = 30


def undeliverable_context(request):
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    qs = ReminderLog.objects.visible_to(request.user).undeliverable().filter(created_at__gte=since)
    rows = list(qs.order_by("-created_at", "-id")[:6])
    if not rows:
        return None
    return {"undeliverable": rows[:5], "undeliverable_count": qs.count(), "undeliverable_days": RECENT_DAYS}
