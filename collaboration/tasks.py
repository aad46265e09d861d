from celery import shared_task


@shared_task
def overdue_sweep():
    """Overdue items of the joint problem lists remind their owners and the liaisons."""
    from .reminders import sweep

    return sweep().as_dict()
