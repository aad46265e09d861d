"""Panels on the deputy's home and the staff workbench (one or two queries each)."""

from django.db.models import Count

from .models import Message, Status


def deputy_inbox(request):
    new = Message.objects.filter(deputy__user=request.user, status=Status.NEW).count()
    return {"new": new}


def staff_review(request):
    # Only the waiting messages are read (the partial index cm_message_review, a few rows), never an
    # aggregate over every message of the branch.
    waiting = (
        Message.objects.visible_to(request.user)
        .filter(status__in=[Status.HELD, Status.REOPENED])
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    counts = dict(waiting)
    return {"held": counts.get(Status.HELD, 0), "reopened": counts.get(Status.REOPENED, 0)}
