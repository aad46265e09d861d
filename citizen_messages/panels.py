"""Panels on the deputy's home and the staff workbench (one or two queries each)."""

from django.db.models import Count, Q

from .models import Message, Status


def deputy_inbox(request):
    new = Message.objects.filter(deputy__user=request.user, status=Status.NEW).count()
    return {"new": new}


def staff_review(request):
    counts = Message.objects.visible_to(request.user).aggregate(
        held=Count("id", filter=Q(status=Status.HELD)), reopened=Count("id", filter=Q(status=Status.REOPENED))
    )
    return counts
