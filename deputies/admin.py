from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedAdmin, ScopedInline

from .models import Congress, Deputy, Mandate, Session, Term, WorkingCommittee


class TermInline(ScopedInline, admin.TabularInline):
    model = Term
    fields = ("number", "start_date", "end_date")
    extra = 0


@admin.register(Congress)
class CongressAdmin(ScopedAdmin):
    list_display = ("name", "level", "region")
    list_filter = ("level",)
    search_fields = ("name", "region__name")
    fields = ("name", "level", "region")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)
    inlines = [TermInline]


class SessionInline(ScopedInline, admin.TabularInline):
    model = Session
    fields = ("number", "start_date", "end_date")
    extra = 0


@admin.register(Term)
class TermAdmin(ScopedAdmin):
    list_display = ("__str__", "congress", "number", "start_date", "end_date")
    list_filter = ("congress__level",)
    search_fields = ("congress__name",)
    fields = ("congress", "number", "start_date", "end_date")
    list_select_related = ("congress",)
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(ScopedAdmin):
    list_display = ("__str__", "start_date", "end_date")
    search_fields = ("term__congress__name",)
    fields = ("term", "number", "start_date", "end_date")
    list_select_related = ("term__congress",)


class MandateInline(ScopedInline, admin.TabularInline):
    model = Mandate
    fields = ("term", "constituency", "delegation", "start_date", "end_date", "end_reason")
    extra = 0


@admin.register(Deputy)
class DeputyAdmin(ScopedAdmin):
    list_display = ("name", "gender", "party", "sector", "work_unit", "masked_mobile", "region")
    list_filter = ("gender", "sector", "party", "is_leader")
    search_fields = ("name", "name_pinyin", "name_initials", "work_unit")
    fields = (
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "party",
        "education",
        "occupation",
        "sector",
        "work_unit",
        "post",
        "mobile",
        "photo",
        "region",
        "user",
        "is_leader",
    )
    autocomplete_fields = ("region", "user")
    list_select_related = ("region",)
    inlines = [MandateInline]

    @admin.display(description=_("手机号"))
    def masked_mobile(self, obj):
        return obj.masked_mobile

    def get_search_results(self, request, queryset, search_term):
        # Pinyin and initials match by prefix (zhangs, zs); characters anywhere in the name.
        if search_term and search_term.replace(" ", "").isascii():
            return queryset.search(search_term), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(WorkingCommittee)
class WorkingCommitteeAdmin(ScopedAdmin):
    list_display = ("name", "congress")
    search_fields = ("name",)
    fields = ("congress", "name", "members")
    filter_horizontal = ("members",)
    list_select_related = ("congress",)
