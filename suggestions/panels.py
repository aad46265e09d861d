"""Home-page panels: the deputy's suggestions to act on; the staff's to-do counts."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import HANDLING_STATES, CoSignature, State, Suggestion


def deputy_panel(request):
    user = request.user
    counts = Suggestion.objects.filter(author__user=user).aggregate(
        evaluate=Count("id", filter=Q(state=State.REPLIED)),
        drafts=Count("id", filter=Q(state__in=[State.DRAFT, State.RETURNED])),
        handling=Count("id", filter=Q(state__in=HANDLING_STATES)),
    )
    counts["invitations"] = CoSignature.objects.filter(deputy__user=user, status=CoSignature.Status.INVITED).count()
    if not any(counts.values()):
        return None
    return counts


def staff_panel(request):
    user = request.user
    today = timezone.localdate()
    counts = Suggestion.objects.visible_to(user).aggregate(
        to_review=Count("id", filter=Q(state=State.SUBMITTED)),
        to_assign=Count("id", filter=Q(state=State.ACCEPTED)),
        returns=Count("id", filter=Q(state=State.RETURN_REQUESTED)),
        overdue=Count("id", filter=Q(state__in=HANDLING_STATES, deadline__lt=today)),
    )
    if not any(counts.values()):
        return None
    return counts
