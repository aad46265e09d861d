from django.contrib import admin

from accounts.scoping import ScopedAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    list_display = ("created_at", "recipient", "kind", "subject", "read_at", "email_status", "email_attempts")
    list_filter = ("kind", "email_status")
    search_fields = ("subject", "recipient__username", "recipient__full_name", "dedup_key")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    fields = (
        "recipient",
        "kind",
        "subject",
        "body",
        "link",
        "dedup_key",
        "created_at",
        "read_at",
        "email_status",
        "email_attempts",
        "email_sent_at",
        "last_error",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
