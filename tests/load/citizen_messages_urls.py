"""The portal's URLs plus the bare views the citizen's message page is compared with:

- GET /bare/<token>/: renders a small template with one indexed lookup (the public page's floor);
- POST /bare/<token>/: validates the public form (MessageForm) and inserts one Message row with one
  INSERT (no signals, no limits, no notification) and answers with a small template: the floor of
  the message POST (tests/load/citizen_messages_post.py)."""

import secrets

from django.shortcuts import render
from django.urls import path

from accounts.scoping import view_scope
from citizen_messages.forms import MessageForm
from citizen_messages.models import DeputyToken, Message, digest
from renda_portal.urls import handler403, handler404, handler500  # noqa: F401
from renda_portal.urls import urlpatterns as portal_urls

# token -> (token id, deputy id, region id), read once per process so the floor's POST is one INSERT.
_token_rows: dict = {}


@view_scope("public")
def bare(request, token):
    if request.method == "POST":
        return _bare_post(request, token)
    row = DeputyToken.objects.select_related("deputy").filter(token=token, is_active=True).first()
    return render(request, "bare.html", {"name": row.deputy.name if row else ""})


def _bare_post(request, token):
    form = MessageForm(request.POST)
    if not form.is_valid():
        return render(request, "bare.html", {"name": "invalid"}, status=400)
    ids = _token_rows.get(token)
    if ids is None:
        ids = _token_rows[token] = DeputyToken.objects.values_list("id", "deputy_id", "deputy__region_id").get(
            token=token
        )
    nonce = secrets.token_urlsafe(16)
    Message.objects.bulk_create(
        [
            Message(
                token_id=ids[0],
                deputy_id=ids[1],
                region_id=ids[2],
                category=form.cleaned_data["category"],
                body=form.cleaned_data["body"],
                citizen_name=form.cleaned_data["name"],
                citizen_phone=form.cleaned_data["mobile"],
                nonce=nonce,
                tracking_digest=digest(nonce),
            )
        ]
    )
    return render(request, "bare.html", {"name": nonce})


urlpatterns = [path("bare/<str:token>/", bare), *portal_urls]
