"""The portal's URLs plus the two bare baselines the public message page (GET /d/<token>/) is compared
with in tests/load/public_page_ratio.sh (issue 18). Both do what the page must do at the least: look up
the token with its deputy (the same indexed query) and render a template with a CSRF token.

- /bare/form/<token>/: the message form rendered with `{{ form }}` (Django's form rendering);
- /bare/hand/<token>/: a minimal template with the form written by hand (one textarea).
"""

from django.shortcuts import render
from django.urls import path

from accounts.scoping import view_scope
from citizen_messages.forms import MessageForm
from citizen_messages.models import DeputyToken
from renda_portal.urls import handler403, handler404, handler500  # noqa: F401
from renda_portal.urls import urlpatterns as portal_urls


def _name(token):
    row = DeputyToken.objects.select_related("deputy").filter(token=token, is_active=True).first()
    return row.deputy.name if row else ""


@view_scope("public")
def bare_form(request, token):
    return render(request, "bare_form.html", {"name": _name(token), "form": MessageForm()})


@view_scope("public")
def bare_hand(request, token):
    return render(request, "bare_hand.html", {"name": _name(token)})


urlpatterns = [path("bare/form/<str:token>/", bare_form), path("bare/hand/<str:token>/", bare_hand), *portal_urls]
