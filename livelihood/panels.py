"""The workbench panel: the monthly reviews due for the user's working committees (or, for the
standing committee's staff, every pending review of their branch this month)."""

from django.utils import timezone

from accounts.roles import Role

from .models import Cadence, Review


def due_reviews_queryset(user, today=None):
    today = today or timezone.localdate()
    qs = (
        Review.objects.visible_to(user)
        .pending()
        .filter(period_start__lte=today, project__completed_on__isnull=True)
        .select_related("project")
    )
    if not user.is_superuser and not user.has_role(Role.COMMITTEE_STAFF):
        qs = qs.filter(cadence=Cadence.MONTHLY, project__committee__members=user)
    return qs.order_by("due_date", "project__number", "project_id")


def due_reviews_context(request):
    user = request.user
    today = timezone.localdate()
    qs = due_reviews_queryset(user, today)
    reviews = list(qs[:8])
    if not reviews:
        return None
    return {"due_reviews": reviews, "due_reviews_more": len(reviews) == 8, "today": today}
