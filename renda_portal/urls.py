from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from accounts.scoping import view_scope

from . import health, offline, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("workbench/", views.WorkbenchView.as_view(), name="workbench"),
    path("me/", views.DeputyHomeView.as_view(), name="deputy_home"),
    path("accounts/", include("accounts.urls")),
    path("files/", include("core.urls")),
    path("notifications/", include("notifications.urls")),
    path("deputies/", include("deputies.urls")),
    path("stations/", include("liaison_stations.urls")),
    path("messages/", include("citizen_messages.urls")),
    path("suggestions/", include("suggestions.urls")),
    path("livelihood/", include("livelihood.urls")),
    path("collaboration/", include("collaboration.urls")),
    path("reports/", include("reports.urls")),
    path("", include("citizen_messages.short_urls")),
    path("healthz/", health.health, name="health"),
    path("i18n/setlang/", view_scope("public")(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = "renda_portal.views.error_403"
handler404 = "renda_portal.views.error_404"
handler500 = "renda_portal.views.error_500"
# No /media/ route, not even with DEBUG: every upload goes through core/files.py's checked views, in
# development as in production (where nginx answers 404 for /media/).
