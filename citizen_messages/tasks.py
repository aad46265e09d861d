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


@shared_task
def warm_stats():
    """Every 10 minutes (beat): the first page of the statistics of each branch's staff, recomputed
    before its cached copy expires (a province's million messages take seconds to group)."""
    from accounts.roles import branch_viewers
    from accounts.scoping import visible

    from .models import Message
    from .selectors import deputy_stats

    viewers = branch_viewers()
    for user in viewers:
        deputy_stats(visible(Message, user), 1, refresh=True)
    return len(viewers)
