from django.contrib import admin

from accounts.scoping import ScopedAdmin, ScopedInline

from .models import (
    Candidate,
    ChairsMeetingMember,
    Milestone,
    Project,
    Requirement,
    Review,
    ReviewAttachment,
    ReviewMeeting,
    VoteSitting,
)


@admin.register(ChairsMeetingMember)
class ChairsMeetingMemberAdmin(ScopedAdmin):
    list_display = ("user", "title", "congress", "order")
    list_filter = ("congress",)
    search_fields = ("user__full_name", "user__username", "title", "congress__name")
    fields = ("congress", "user", "title", "order")
    autocomplete_fields = ("congress", "user")
    list_select_related = ("user", "congress")
    ordering = ("congress", "order")


class CandidateInline(ScopedInline, admin.TabularInline):
    model = Candidate
    fields = ("name", "source", "unit", "committee", "budget", "status", "votes_for", "votes_against", "votes_abstain")
    readonly_fields = ("status", "votes_for", "votes_against", "votes_abstain")
    extra = 0


@admin.register(VoteSitting)
class VoteSittingAdmin(ScopedAdmin):
    list_display = ("__str__", "held_on", "rule", "deputies_present", "decided_at")
    fields = ("session", "title", "held_on", "rule", "top_n")
    list_select_related = ("session__term__congress",)
    inlines = [CandidateInline]


class MilestoneInline(ScopedInline, admin.TabularInline):
    model = Milestone
    fields = ("name", "planned_date", "actual_date")
    extra = 0


class RequirementInline(ScopedInline, admin.TabularInline):
    model = Requirement
    fields = ("kind", "description", "status", "note")
    extra = 0


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ("name", "region", "year", "unit", "committee", "target_date", "completed_on")
    list_filter = ("year",)
    search_fields = ("name",)
    fields = (
        "region",
        "year",
        "number",
        "name",
        "description",
        "unit",
        "committee",
        "budget",
        "funding_sources",
        "start_date",
        "target_date",
        "completed_on",
        "manual_progress",
        "manual_progress_reason",
    )
    list_select_related = ("region", "unit", "committee")
    inlines = [MilestoneInline, RequirementInline]


@admin.register(Review)
class ReviewAdmin(ScopedAdmin):
    list_display = ("project", "cadence", "period_key", "due_date", "held_on")
    list_filter = ("cadence",)
    search_fields = ("project__name", "period_key")
    fields = ("project", "cadence", "period_key", "held_on", "reported_progress", "problems", "decisions")
    readonly_fields = ("project", "cadence", "period_key")
    list_select_related = ("project",)


class ReviewAttachmentInline(ScopedInline, admin.TabularInline):
    model = ReviewAttachment
    fields = ("file", "name")
    extra = 0


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(ScopedAdmin):
    list_display = ("title", "cadence", "held_on", "region")
    fields = ("region", "cadence", "held_on", "title", "attendees", "decisions")
    list_select_related = ("region",)
    inlines = [ReviewAttachmentInline]
