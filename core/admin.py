from django.contrib import admin

from accounts.scoping import ScopedAdmin

from .models import Holiday, ReminderLog


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
