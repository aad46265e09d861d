from celery import shared_task

from .services import rebuild as rebuild_index


@shared_task
def rebuild():
    # Saves keep the index current; this repairs it after bulk loads or imports that skip signals.
    return rebuild_index()
