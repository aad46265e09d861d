"""The installable web app's server side (docs/offline.md): manifest, service worker at the root,
the script budget, and the pages that must stay as they were."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.citizen_messages.factories import make_deputy, token_of

pytestmark = pytest.mark.django_db
OFFLINE_JS = Path(__file__).resolve().parents[2] / "static" / "offline"


def test_all_offline_javascript_stays_under_30_kb():
    # Measured unminified, so the minified size is smaller still.
    total = sum(p.stat().st_size for p in OFFLINE_JS.glob("*.js"))
    assert total < 30 * 1024, total


def test_the_service_worker_is_served_for_the_whole_site(client):
    r = client.get("/sw.js")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/javascript")
    assert r["Service-Worker-Allowed"] == "/" and r["Cache-Control"] == "no-cache"
    body = r.content.decode()
    assert 'importScripts("/static/offline/queue.js")' in body and "__VERSION__" not in body
    assert '"/deputies/me/activities/new/"' in body and '"/me/"' in body


def test_the_manifest_names_the_app_in_chinese(client):
    data = client.get(reverse("web_manifest")).json()
    assert data["name"] == "人大代表履职" and data["start_url"] == "/me/" and data["theme_color"] == "#a40000"
    for icon in data["icons"]:
        assert (OFFLINE_JS.parent / icon["src"].removeprefix("/static/")).exists()


def test_deputy_pages_load_the_app_and_the_citizen_page_stays_script_free(client):
    dep = make_deputy(name="王建国")
    public = client.get(reverse("citizen_message_page", args=[token_of(dep)])).content.decode()
    assert "<script" not in public and "manifest" not in public
    client.force_login(dep.user)
    home = client.get(reverse("deputy_home")).content.decode()
    assert 'rel="manifest"' in home and "offline/offline.js" in home and "data-offline-logout" in home
