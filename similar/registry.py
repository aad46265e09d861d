"""What each domain app declares so that its records are indexed for "similar items".

    class SuggestionsConfig(AppConfig):
        similar = [SimilarKind("suggestion", "suggestions.Suggestion", _("代表建议"), ("title", "body"),
                               region="region_id", url_name="suggestions:detail", unit="lead_unit_id")]

The similar app reads these declarations (core.registry.declared) and never imports a domain app:
the model is named by its label and looked up in the app registry on first use.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string

from core.registry import declared


@dataclass(frozen=True)
class SimilarKind:
    key: str  # short, stored in the index: "suggestion", "opinion", "message"
    model_label: str  # "app_label.ModelName"
    label: str  # shown next to each similar item
    fields: tuple[str, ...]  # text fields, joined in this order
    region: str  # attribute path to the region code, e.g. "place.region_id"
    url_name: str  # the staff page of a record, reversed with pk
    unit: str = ""  # attribute holding the handling unit's id once assigned ("" = none)
    date: str = "created_at"
    owner_url_name: str = ""  # the owner's page when it is not the staff page (a deputy's inbox)
    order: int = 100
    # Merged handling: `attach(record, suggestion, user)` (dotted path, imported on use) makes the
    # record a source of a suggestion; offered while the record's `state` is one of `attach_states`.
    attach: str = ""
    state: str = ""
    attach_states: tuple[str, ...] = ()
    # Set once the record is handled with a suggestion (the case it was merged into, the suggestion it
    # is a source of): such a record is shown with `joined_label` and offered for merging no more.
    joined: str = ""
    joined_label: str = ""
    # True: a hot write path may leave a new record's indexing to the catch-up task
    # (`services.index_later`, `tasks.index_pending`), which finds such records by `date` (indexed).
    deferred: bool = False

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def text(self, obj) -> str:
        return "\n".join(str(getattr(obj, f) or "") for f in self.fields)

    def title(self, obj) -> str:
        return str(getattr(obj, self.fields[0]) or "")

    def region_of(self, obj) -> str:
        return _follow(obj, self.region)

    def unit_of(self, obj):
        return _follow(obj, self.unit) if self.unit else None

    def is_joined(self, obj) -> bool:
        return bool(self.joined) and getattr(obj, self.joined, None) is not None

    def attachable(self, obj) -> bool:
        return bool(self.attach) and getattr(obj, self.state, None) in self.attach_states

    def attach_to(self, obj, suggestion, user):
        return import_string(self.attach)(obj, suggestion, user)

    def url(self, pk, user=None) -> str:
        """The page of the record this user can open: the staff page for staff, the owner's page for
        a deputy, or "" (shown without a link) when a deputy has no page of that kind."""
        staff = user is None or user.is_superuser or user.is_region_staff
        if staff:
            return reverse(self.url_name, kwargs={"pk": pk})
        return reverse(self.owner_url_name, kwargs={"pk": pk}) if self.owner_url_name else ""


def _follow(obj, path):
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def kinds() -> tuple[SimilarKind, ...]:
    return declared("similar")


@cache
def by_key() -> dict[str, SimilarKind]:
    return {k.key: k for k in kinds()}


def for_model(model) -> SimilarKind | None:
    label = model._meta.label
    return next((k for k in kinds() if k.model_label == label), None)
