"""The suggestions section of a deputy's performance record."""

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import CoSignature, State, Suggestion


def record_provider(deputy, year):
    rows = list(
        Suggestion.objects.filter(
            Q(author=deputy)
            | Q(pk__in=CoSignature.objects.filter(deputy=deputy, status="signed").values("suggestion_id"))
        )
        .filter(submitted_at__year=year)
        .exclude(state__in=[State.DRAFT, State.RETURNED])
        .select_related("session__term")
        .order_by("submitted_at")
    )
    led = sum(1 for s in rows if s.author_id == deputy.pk)
    return {
        "rows": rows,
        "deputy": deputy,
        "summary": _("领衔提出%(led)s件，附议%(co)s件") % {"led": led, "co": len(rows) - led},
        "points": [(_("领衔提出建议"), led), (_("附议建议"), len(rows) - led)],
    }
