from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.registry import Panel

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)


class SimilarConfig(AppConfig):
    """Similar items, duplicate warnings and unit routing over the records other apps declare
    (`similar = [SimilarKind(...)]` on their AppConfig). Sits below the domain apps: it never
    imports them, it reads their declarations and keeps its index up to date from their signals."""

    name = "similar"
    verbose_name = _("相似件")
    panels = [
        Panel("similar-routing", "staff", "similar/panels/routing.html", "similar.panels.routing", 60, STAFF),
    ]

    def ready(self):
        from . import services
        from .registry import kinds

        for kind in kinds():
            uid = f"similar-{kind.key}"
            post_save.connect(services.index_instance, sender=kind.model, dispatch_uid=uid)
            post_delete.connect(services.remove_instance, sender=kind.model, dispatch_uid=uid)
