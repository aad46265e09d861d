from django.contrib import admin

from accounts.scoping import ReadOnlyAdminMixin, ScopedAdmin

from .models import Holiday, IdempotentRequest, ReminderLog


@admin.register(Holiday)
class HolidayAdmin(ScopedAdmin):
    list_display = ("date", "name", "is_workday", "region")
    list_filter = ("is_workday",)
    search_fields = ("name",)
    date_hierarchy = "date"
    fields = ("region", "date", "is_workday", "name")
    autocomplete_fields = ("region",)


@admin.register(ReminderLog)
class ReminderLogAdmin(ScopedAdmin):
    """The log is written by the reminder engine alone: the roles get the view permission only."""

    list_display = ["created_at", "subject", "stage", "period", "region", "status", "recipients"]
    list_filter = ["status", "kind", "stage"]
    search_fields = ["subject", "target"]
    date_hierarchy = "created_at"


@admin.register(IdempotentRequest)
class IdempotentRequestAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """What a deputy's phone sent and what it was answered (docs/offline.md), for the system
    administrator to answer "was my record received?". Written by core/idempotency.py alone and
    pruned after IDEMPOTENCY_RETENTION_DAYS: read-only here."""

    list_display = ["created_at", "user", "path", "key"]
    search_fields = ["user__username", "path"]
    date_hierarchy = "created_at"
    fields = ["created_at", "user", "path", "key", "result"]
    readonly_fields = fields
