from celery import shared_task


@shared_task(name="suggestions.tasks.deadline_sweep")
def deadline_sweep(today: str | None = None) -> dict:
    """Daily: remind units before a suggestion's reply deadline, flag it after (each once)."""
    import datetime

    from .reminders import deadline_sweep as sweep

    return sweep(datetime.date.fromisoformat(today) if today else None)
