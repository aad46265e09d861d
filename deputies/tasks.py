from celery import shared_task

from . import roster


@shared_task
def prune_roster_uploads() -> int:
    """Delete roster uploads previewed but never confirmed (see roster.STASH_MAX_AGE)."""
    return roster.prune_stash()
