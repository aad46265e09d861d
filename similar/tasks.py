from celery import shared_task

from .services import index_pending as index_pending_records
from .services import rebuild as rebuild_index
from .services import refresh_stats as refresh_index_stats


@shared_task
def rebuild():
    # Saves keep the index current; this repairs it after bulk loads or imports that skip signals.
    return rebuild_index()


@shared_task
def index_pending():
    # New records whose indexing a hot write path left for later (services.index_later).
    return index_pending_records()


@shared_task
def refresh_stats():
    # The idf snapshot the search reads (daily): new grams are counted live until then.
    return refresh_index_stats()
