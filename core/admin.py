from django.contrib import admin

from accounts.scoping import ScopedAdmin

from .models import Holiday


@admin.register(Holiday)
class HolidayAdmin(ScopedAdmin):
    list_display = ("date", "name", "is_workday", "region")
    list_filter = ("is_workday",)
    search_fields = ("name",)
    date_hierarchy = "date"
    fields = ("region", "date", "is_workday", "name")
    autocomplete_fields = ("region",)
