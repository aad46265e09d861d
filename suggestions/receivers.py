"""What this app does when another app asks (connected in SuggestionsConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Category

# Category hints other apps send (their own codes) → ours; anything else is "其他".
CATEGORY_HINTS = {
    "agriculture": Category.RURAL,
    "rural": Category.RURAL,
    "business": Category.ECONOMY,
    "economy": Category.ECONOMY,
    "livelihood": Category.LIVELIHOOD,
    "education_health": Category.EDUCATION,
    "education": Category.EDUCATION,
    "infrastructure": Category.URBAN,
    "environment": Category.URBAN,
    "urban": Category.URBAN,
    "gov_service": Category.GOVERNANCE,
    "governance": Category.GOVERNANCE,
}


def on_opinion_for_suggestion(
    sender, *, deputy, title, text, region_code, source_label, source_url, category="", by=None, **kwargs
):
    """Create a draft in the deputy's name; they edit and submit it like any draft."""
    from . import services

    s = services.create_from_source(
        deputy,
        by,
        title=title,
        body=text,
        category=CATEGORY_HINTS.get(category, Category.OTHER),
        region_code=region_code,
        source_label=source_label,
        source_url=source_url,
    )
    return reverse("suggestions:detail", args=[s.pk]), _("代表建议草稿 #%(pk)s：%(title)s") % {
        "pk": s.pk,
        "title": s.title,
    }
