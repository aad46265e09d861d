"""The portal's URLs plus /bare/<token>/: a bare Django view rendering a template with one indexed
lookup, the baseline the public message page is compared with."""

from django.shortcuts import render
from django.urls import path

from accounts.scoping import view_scope
from citizen_messages.models import DeputyToken
from renda_portal.urls import handler403, handler404, handler500  # noqa: F401
from renda_portal.urls import urlpatterns as portal_urls


@view_scope("public")
def bare(request, token):
    row = DeputyToken.objects.select_related("deputy").filter(token=token, is_active=True).first()
    return render(request, "bare.html", {"name": row.deputy.name if row else ""})


urlpatterns = [path("bare/<str:token>/", bare), *portal_urls]
