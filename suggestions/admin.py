from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedAdmin, ScopedInline

from .models import AssignmentMeeting, Suggestion, SupervisionGroup, SupervisionVisit, Transition


class TransitionInline(ScopedInline, admin.TabularInline):
    model = Transition
    fields = ("at", "actor", "action", "from_state", "to_state", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(ScopedAdmin):
    """A read-only view with the audit trail; changes are made in the portal."""

    list_display = ("title", "author", "state", "lead_unit", "deadline", "is_key")
    list_filter = ("state", "is_key", "category")
    search_fields = ("title", "author__name")
    fields = ("title", "author", "state", "category", "lead_unit", "deadline", "is_key", "leader_label", "meeting")
    readonly_fields = fields
    list_select_related = ("author", "lead_unit")
    inlines = [TransitionInline]

    # Every change goes through the services (and leaves a Transition): the admin only reads.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeetingSuggestionInline(ScopedInline, admin.TabularInline):
    model = Suggestion
    fk_name = "meeting"
    fields = ("title", "lead_unit", "leader_label", "state")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("交办的建议")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssignmentMeeting)
class AssignmentMeetingAdmin(ScopedAdmin):
    inlines = [MeetingSuggestionInline]
    list_display = ("title", "date", "place", "region")
    search_fields = ("title", "place")
    fields = ("region", "title", "date", "place", "attendees")
    autocomplete_fields = ("region",)


class VisitInline(ScopedInline, admin.TabularInline):
    model = SupervisionVisit
    fields = ("date", "unit", "suggestion", "findings", "follow_up")
    autocomplete_fields = ("unit", "suggestion")
    # Narrow text boxes: the row fits a 1366-px screen.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 28})}}
    extra = 0


@admin.register(SupervisionGroup)
class SupervisionGroupAdmin(ScopedAdmin):
    list_display = ("name", "year", "number", "leader", "leader_name", "leader_post", "region")
    list_filter = ("year",)
    search_fields = ("name", "leader_name", "leader__name", "members__name")
    ordering = ("-year", "number", "name")
    fields = ("region", "year", "number", "name", "leader", "leader_name", "leader_post", "members", "suggestions")
    autocomplete_fields = ("region", "leader", "members", "suggestions")
    inlines = [VisitInline]
