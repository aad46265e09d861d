"""The history of changes in the admin (django-simple-history), kept to the user's branch.

`ScopedAdmin` already answers 404 for any URL naming an object outside the branch, including
simple-history's list and detail views. What this base adds: the history is for reading. Staff
have never needed "revert" (a record's own loop is how it changes), and a revert form is a second
edit form that bypasses the model admin's own rules, so it is turned off: the detail of a past
version is shown read-only and a POST to it is refused. Masked fields (`masked_fields`) are left out
of the list of changes for users who may not read them in full, as on the change form.
"""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from accounts.scoping import ScopedAdmin

HISTORY_DETAIL_SUFFIX = "_simple_history"


class MaskedContextHelper(HistoricalRecordContextHelper):
    """Lists the changes of a past version without the fields the reader may not see."""

    def __init__(self, model, record, hidden: set[str]):
        super().__init__(model, record)
        self.hidden = hidden

    def context_for_delta_changes(self, delta):
        changes = [c for c in delta.changes if c.field not in self.hidden]
        fields = [f for f in delta.changed_fields if f not in self.hidden]
        return super().context_for_delta_changes(replace(delta, changes=changes, changed_fields=fields))


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Base of every admin that shows a model's history: scoped, read-only history, masks kept."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        match = getattr(request, "resolver_match", None)
        if match and (match.url_name or "").endswith(HISTORY_DETAIL_SUFFIX):
            # A past version is shown, never edited: every field read-only (masked ones by display).
            return [f for f in self._flat_fields(request, obj)]
        return super().get_readonly_fields(request, obj)

    def _flat_fields(self, request, obj):
        names = []
        for _name, opts in self.get_fieldsets(request, obj):
            for item in opts["fields"]:
                names.extend(item if isinstance(item, (list, tuple)) else [item])
        return names

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedContextHelper(self.model, historical_record, self.hidden_fields(request))
