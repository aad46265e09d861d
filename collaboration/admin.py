"""Master data of the collaborations (collaborations, members and their four ones, agreements,
disputes) kept by the committee's staff. The partner liaison has no admin access (not is_staff)."""

from django.contrib import admin

from accounts.models import Region
from accounts.scoping import ScopedAdmin, ScopedInline

from .models import Agreement, Collaboration, Dispute, ItemSide, JointActivity, JointMeeting, Member, ProblemItem


class MemberInline(ScopedInline, admin.TabularInline):
    model = Member
    fields = ("region", "congress_name", "vice_chair", "liaison_name", "liaison_phone", "liaison_user", "order")
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A partner member lies in another county or province, outside the writer's branch: any
        # region may be chosen (the record itself stays in the branch through its collaboration).
        if db_field.name == "region":
            kwargs["queryset"] = Region.objects.filter(kind__in=["county", "township"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Collaboration)
class CollaborationAdmin(ScopedAdmin):
    list_display = ("name", "level", "region", "started_on", "status")
    list_filter = ("level", "status")
    search_fields = ("name",)
    inlines = [MemberInline]


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    list_display = ("title", "collaboration", "signed_on", "place")
    fields = ("collaboration", "title", "signed_on", "place", "signatories", "areas", "mechanisms", "document")
    filter_horizontal = ("signatories",)


@admin.register(JointMeeting)
class JointMeetingAdmin(ScopedAdmin):
    list_display = ("__str__", "collaboration", "date", "host", "place")
    list_select_related = ("collaboration", "host__region")


@admin.register(JointActivity)
class JointActivityAdmin(ScopedAdmin):
    list_display = ("title", "collaboration", "kind", "date")
    list_filter = ("kind",)
    search_fields = ("title",)
    readonly_fields = ("duty_activity",)
    filter_horizontal = ("members", "deputies")


class ItemSideInline(ScopedInline, admin.TabularInline):
    model = ItemSide
    fields = ("member", "owner", "owner_user")
    extra = 0


@admin.register(ProblemItem)
class ProblemItemAdmin(ScopedAdmin):
    """The status is read-only here: it moves only through the table in workflow.py (the item's page)."""

    list_display = ("number", "title", "collaboration", "category", "lead", "status", "due_date")
    list_filter = ("status", "category")
    search_fields = ("title",)
    readonly_fields = ("status", "resolved_on")
    filter_horizontal = ("meetings", "activities")
    inlines = [ItemSideInline]


@admin.register(Dispute)
class DisputeAdmin(ScopedAdmin):
    list_display = ("title", "collaboration", "kind", "parties", "resolved_on")
    list_filter = ("kind",)
    search_fields = ("title", "parties")
    filter_horizontal = ("members",)
