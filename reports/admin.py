from django.contrib import admin

from accounts.scoping import ScopedAdmin, ScopedInline

from .models import Bulletin, BulletinSection, DistributionList


@admin.register(DistributionList)
class DistributionListAdmin(ScopedAdmin):
    list_display = ("name", "region")
    fields = ("region", "name", "send_to", "copy_to")
    list_select_related = ("region",)


class BulletinSectionInline(ScopedInline, admin.StackedInline):
    model = BulletinSection
    fields = ("order", "title", "contributor", "text")
    extra = 0


@admin.register(Bulletin)
class BulletinAdmin(ScopedAdmin):
    list_display = ("title", "year", "number", "issue_date", "status", "region")
    list_filter = ("status", "year")
    search_fields = ("title",)
    fields = ("region", "year", "number", "issue_date", "title", "issuing_body", "distribution", "send_to", "copy_to")
    list_select_related = ("region",)
    inlines = [BulletinSectionInline]
