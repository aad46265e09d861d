from django.contrib import admin

from accounts.scoping import ScopedAdmin, ScopedInline
from deputies.paging import CappedPaginator

from . import selectors
from .models import DeputyToken, Message, MessageEvent, SensitiveWord


@admin.register(SensitiveWord)
class SensitiveWordAdmin(ScopedAdmin):
    list_display = ("word", "region", "updated_at")
    list_filter = ("region",)
    search_fields = ("word",)
    fields = ("word", "region")


class MessageEventInline(ScopedInline, admin.TabularInline):
    model = MessageEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(ScopedAdmin):
    list_display = ("created_at", "deputy", "category", "status", "hold_reason", "rating")
    list_filter = ("status", "category", "hold_reason", "rating")
    search_fields = ("body", "deputy__name")
    list_select_related = ("deputy",)
    # A province has millions of messages: count at most 10,001 of them, and never the unfiltered total.
    paginator = CappedPaginator
    show_full_result_count = False
    inlines = [MessageEventInline]
    readonly_fields = (
        "deputy",
        "region",
        "token",
        "category",
        "body",
        "status",
        "hold_reason",
        "matched_words",
        "answer",
        "answered_at",
        "rating",
        "created_at",
        "closed_at",
        "anonymised_at",
    )
    fields = readonly_fields

    def get_search_results(self, request, queryset, search_term):
        # The staff list's search (LIKE on body and name, served by the trigram indexes), not the
        # admin's UPPER(...) LIKE, which no index serves.
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(selectors.search_q(term)), False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeputyToken)
class DeputyTokenAdmin(ScopedAdmin):
    list_display = ("deputy", "is_active", "created_at", "revoked_at")
    list_filter = ("is_active",)
    search_fields = ("deputy__name",)
    fields = ("deputy", "is_active", "created_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
