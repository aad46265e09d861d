"""Panels on the deputy's home and the staff workbench (one or two queries each)."""

from deputies.paging import capped_count

from .models import Message, Status


def deputy_inbox(request):
    new = Message.objects.filter(deputy__user=request.user, status=Status.NEW).count()
    return {"new": new}


def staff_review(request):
    # Only the waiting messages are read (the partial index cm_message_review), each status counted up
    # to 999: with a backlog of 80,000 in a province a full count took a second (docs/performance.md).
    waiting = Message.objects.visible_to(request.user)
    return {
        "held": capped_count(waiting.filter(status=Status.HELD)),
        "reopened": capped_count(waiting.filter(status=Status.REOPENED)),
    }
