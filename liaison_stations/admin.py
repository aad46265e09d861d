from django.contrib import admin

from accounts.scoping import ScopedAdmin, ScopedInline

from .models import Duty, EntryPlan, Opinion, OpinionTransition, Place, Reception, StationActivity, Stationing


class StationingInline(ScopedInline, admin.TabularInline):
    model = Stationing
    fields = ("deputy", "start_date", "end_date", "is_head")
    autocomplete_fields = ("deputy",)
    extra = 0


class EntryPlanInline(ScopedInline, admin.TabularInline):
    model = EntryPlan
    fields = ("year", "reception_days", "content")
    extra = 0


@admin.register(Place)
class PlaceAdmin(ScopedAdmin):
    list_display = ("name", "kind", "region", "address", "opening_hours", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "address", "region__name")
    fields = (
        "kind",
        "name",
        "region",
        "address",
        ("latitude", "longitude"),
        "opening_hours",
        ("contact_person", "contact_phone"),
        "host_hall",
        "services",
        "photo",
        "is_active",
    )
    autocomplete_fields = ("region",)
    list_select_related = ("region",)
    inlines = [StationingInline, EntryPlanInline]


@admin.register(Duty)
class DutyAdmin(ScopedAdmin):
    list_display = ("date", "shift", "place", "deputy", "confirmed_at", "attended", "swapped_from")
    list_filter = ("shift", "attended", "place__kind")
    search_fields = ("place__name", "deputy__name")
    date_hierarchy = "date"
    fields = (
        "place",
        "deputy",
        "date",
        "shift",
        "confirmed_at",
        "attended",
        "swapped_from",
        "requested_by",
        "swap_reason",
    )
    # The rota is written through the portal (generation, add, swap), which checks mandates and
    # conflicts; here only attendance is corrected.
    readonly_fields = (
        "place",
        "deputy",
        "date",
        "shift",
        "confirmed_at",
        "swapped_from",
        "requested_by",
        "swap_reason",
    )
    list_select_related = ("place", "deputy", "swapped_from")

    def has_add_permission(self, request):
        return False


class OpinionTransitionInline(ScopedInline, admin.TabularInline):
    model = OpinionTransition
    fields = ("at", "from_state", "to_state", "by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Opinion)
class OpinionAdmin(ScopedAdmin):
    """Read and correct the text; state changes go through the portal page (with their trail)."""

    list_display = ("__str__", "category", "place", "state", "state_since", "unit")
    list_filter = ("state", "category", "place__kind")
    search_fields = ("text", "place__name")
    fields = ("place", "reception", "station_activity", "category", "text", "state", "unit", "result", "feedback")
    readonly_fields = ("place", "reception", "station_activity", "state", "unit", "result", "feedback")
    list_select_related = ("place", "unit")
    inlines = [OpinionTransitionInline]

    def has_add_permission(self, request):
        return False


@admin.register(Reception)
class ReceptionAdmin(ScopedAdmin):
    list_display = ("date", "place", "kind", "citizens_count")
    list_filter = ("kind", "place__kind")
    search_fields = ("place__name", "topics")
    date_hierarchy = "date"
    fields = ("place", "kind", "date", "deputies", "citizens_count", "citizen_names", "topics")
    filter_horizontal = ("deputies",)
    list_select_related = ("place",)

    def has_add_permission(self, request):
        return False


@admin.register(StationActivity)
class StationActivityAdmin(ScopedAdmin):
    list_display = ("activity", "place")
    search_fields = ("activity__title", "place__name")
    fields = ("activity", "place")
    raw_id_fields = ("activity",)
    list_select_related = ("activity", "place")
