"""Change history (django-simple-history) that keeps to the user's branch like the model itself.

    history = scoped_history("region", excluded_fields=[...])

gives the historical table a `ScopedQuerySet` with the same `region_path`, so an admin history
page (or any read of it) can be filtered by `visible_to(user)`. Without a region path it is plain
`HistoricalRecords` (for records that hang on a scoped parent).
"""

from django.db import models

from accounts.models import ScopedQuerySet


def scoped_history_base(region_path: str):
    """An abstract base for a model's historical table, so its history keeps to the user's branch too."""
    queryset = type("HistoricalScopedQuerySet", (ScopedQuerySet,), {"region_path": region_path})
    meta = type("Meta", (), {"abstract": True})
    name = "HistoryBase_" + region_path.replace("__", "_")
    return type(name, (models.Model,), {"__module__": __name__, "Meta": meta, "objects": queryset.as_manager()})


def scoped_history(region_path: str | None = None, **kwargs):
    from simple_history.models import HistoricalRecords

    if region_path:
        kwargs["bases"] = [scoped_history_base(region_path)]
    return HistoricalRecords(**kwargs)
