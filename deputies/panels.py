"""The deputies app's panels on the home pages (declared in apps.py)."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Activity, ActivityParticipant, ActivityStatus
from .paging import capped_count


def pending(request):
    # Counted up to 999 (a province's backlog of 100,000 took 0.6 s to count in full).
    n = capped_count(Activity.objects.visible_to(request.user).filter(status=ActivityStatus.SUBMITTED))
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
