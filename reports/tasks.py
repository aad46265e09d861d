from celery import shared_task

from . import dashboard


@shared_task
def warm_dashboards():
    """Every 10 minutes (beat): the staff's default dashboards recomputed before their cache expires."""
    return dashboard.warm()
