from celery import shared_task


@shared_task
def daily_sweep():
    """Remind deputies of unanswered messages after N days; flag to staff after 2N."""
    from .reminders import sweep

    return sweep()


@shared_task
def retention():
    """Remove citizens' names and phones from messages closed longer than the retention period."""
    from .services import anonymise_closed

    return anonymise_closed()
