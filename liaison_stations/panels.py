"""The app's panels on the home pages and its section of a deputy's performance record."""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from accounts.scoping import visible
from deputies.paging import capped_count

from .models import Duty, Opinion, Reception


def my_duties_context(request):
    deputy = getattr(request.user, "deputy", None) if request.user.is_authenticated else None
    if deputy is None:
        return None
    today = timezone.localdate()
    duties = list(Duty.objects.filter(deputy=deputy, date__gte=today).select_related("place").order_by("date")[:5])
    return {"duties": duties, "today": today}


def staff_attention_context(request):
    user = request.user
    today = timezone.localdate()
    duties = visible(Duty, user)
    figures = duties.aggregate(
        unconfirmed=Count(
            "pk", filter=Q(date__gte=today, date__lte=today + datetime.timedelta(days=14), confirmed_at__isnull=True)
        ),
        unattended=Count("pk", filter=Q(date__lt=today, attended__isnull=True)),
    )
    overdue = capped_count(visible(Opinion, user).overdue(settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS))
    return {**figures, "overdue": overdue, "overdue_days": settings.LIAISON_STATIONS_OPINION_OVERDUE_DAYS}


def record_section(deputy, year):
    """The deputy's station duties and receptions of a year, for their performance record."""
    from django.utils.translation import gettext as _

    figures = Duty.objects.filter(deputy=deputy, date__year=year).aggregate(
        n_total=Count("pk"),
        n_attended=Count("pk", filter=Q(attended=True)),
        n_absent=Count("pk", filter=Q(attended=False)),
    )
    receptions = Reception.objects.filter(deputies=deputy, date__year=year).aggregate(
        n=Count("pk", distinct=True), opinions=Count("opinions", distinct=True)
    )
    if not figures["n_total"] and not receptions["n"]:
        return None
    return {
        "total": figures["n_total"],
        "attended": figures["n_attended"],
        "absent": figures["n_absent"],
        "receptions": receptions["n"],
        "opinions": receptions["opinions"],
        "year": year,
        "points": [(_("驻站值班到岗"), figures["n_attended"])],
    }
