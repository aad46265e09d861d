"""The deputy's installable web app (docs/offline.md): the Web App Manifest and the service worker.

The service worker is served from the site root, not /static/, because a worker only controls pages
under the folder it is served from; the deputy's pages live under /me/, /deputies/me/, /stations/ and
/messages/. Its code is the static file offline/sw.js, with the URL of the shared queue code and a
version (so a new release replaces the old worker and its caches) filled in."""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.scoping import view_scope

# The deputy's pages kept for offline reading, network first (the cached copy shows its "as of" time).
OFFLINE_PAGES = ("deputy_home", "liaison_stations:my_duties", "deputies:my_activity_new", "deputies:my_activities")


def offline_pages():
    return [reverse(name) for name in OFFLINE_PAGES]


@cache
def _worker_source():
    code = open(finders.find("offline/sw.js"), encoding="utf-8").read()
    queue = open(finders.find("offline/queue.js"), encoding="utf-8").read()
    version = hashlib.sha256((code + queue + settings.STATIC_URL + json.dumps(offline_pages())).encode()).hexdigest()[
        :12
    ]
    pages = json.dumps(offline_pages())
    return (
        code.replace("__QUEUE_JS__", static("offline/queue.js"))
        .replace("__VERSION__", version)
        .replace("__PAGES__", pages)
    )


@view_scope("public")
@require_GET
def service_worker(request):
    response = HttpResponse(_worker_source(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # The browser checks for a new worker on every visit; it must not keep an old one from a cache.
    response["Cache-Control"] = "no-cache"
    return response


@view_scope("public")
@require_GET
def manifest(request):
    icons = [
        {"src": static(f"offline/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    data = {
        "name": _("人大代表履职"),
        "short_name": _("代表履职"),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("deputy_home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a40000",
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
