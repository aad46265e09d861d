"""`{% similar_items record %}` and `{% unit_proposal record %}`, for the pages of the apps that
declare their records (the tag finds the declaration by the record's model)."""

from django import template

from accounts.roles import REGION_STAFF_ROLES, Role

from .. import services

register = template.Library()


def _may_see(user):
    # Staff of the branch and deputies (who see only their own records through visible_to);
    # a unit's staff answer what they are given and are not shown other citizens' items.
    return user.is_authenticated and (user.is_superuser or user.has_role(*REGION_STAFF_ROLES, Role.DEPUTY))


@register.inclusion_tag("similar/_similar.html", takes_context=True)
def similar_items(context, record, limit=10, hits=None):
    """`hits`: the list the page's view already computed (it offers them for merging), or None."""
    user = context["request"].user
    if hits is None:
        hits = services.similar_to(record, user, limit=limit) if _may_see(user) else None
    return {"hits": hits, "shown": hits is not None}


@register.inclusion_tag("similar/_proposal.html", takes_context=True)
def unit_proposal(context, record):
    user = context["request"].user
    return {"proposals": services.propose_units(record, user) if _may_see(user) else []}
