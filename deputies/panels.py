"""The deputies app's panels on the home pages (declared in apps.py)."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Activity, ActivityParticipant, ActivityStatus


def pending(request):
    n = Activity.objects.visible_to(request.user).filter(status=ActivityStatus.SUBMITTED).count()
    return {"pending_count": n} if n else None


def my_year(request):
    """The deputy's year at a glance: verified, waiting, returned (one query)."""
    year = timezone.localdate().year
    counts = ActivityParticipant.objects.filter(deputy__user=request.user, activity__date__year=year).aggregate(
        verified=Count("id", filter=Q(activity__status=ActivityStatus.VERIFIED)),
        waiting=Count("id", filter=Q(activity__status=ActivityStatus.SUBMITTED)),
        returned=Count("id", filter=Q(activity__status=ActivityStatus.RETURNED)),
    )
    return {**counts, "year": year}
