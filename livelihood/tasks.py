from celery import shared_task


@shared_task(acks_late=True)
def daily_sweep():
    """The "three ones" sweep (beat, daily): idempotent, so a retry or a second run sends nothing."""
    from .services import sweep

    return sweep()
