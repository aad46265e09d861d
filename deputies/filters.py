"""The filters of the staff lists (代表名册, 履职活动), as django-filter FilterSets.

Each filter names the query it makes; the list views, their Excel exports and the filter form on
the page share one FilterSet, so what is shown, what is exported and what the form offers cannot
drift apart. A value that does not validate is ignored (the others still apply) and the form says why.
"""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Region

from .models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    ActivityStatus,
    Deputy,
    Gender,
    GroupMembership,
    Level,
    Mandate,
    ProfessionalGroup,
    Term,
)
from .paging import pinyin_order

FEW_PEOPLE = 1000
FEW_ACTIVITIES = 10000


def branch_regions(user):
    """The counties and townships of the user's branch, for the region filter (at most 300)."""
    qs = Region.objects.visible_to(user).filter(kind__in=["county", "township"]).order_by("code")[:300]
    return [(r.code, ("" if r.kind == "county" else "· ") + r.name) for r in qs]


def in_region(queryset, name, value):
    return queryset.filter(**{f"{name}__code__startswith": value})


class BranchFilterSet(filters.FilterSet):
    """A staff list of the user's branch (visible_to), in `ordering`, with a region filter offering
    the branch's counties and townships (each subclass declares `region` where its form shows it)."""

    ordering: tuple[str, ...] = ()

    def __init__(self, data, *, user):
        model = self._meta.model
        records = model.objects.visible_to(user).select_related("region").order_by(*self.ordering)
        super().__init__(data or None, queryset=records)
        self.filters["region"].extra["choices"] = branch_regions(user)


class DeputyFilter(BranchFilterSet):
    q = filters.CharFilter(label=_("姓名 / 拼音 / 首字母"), method="search")
    region = filters.ChoiceFilter(label=_("区划"), empty_label=_("全部区划"), method=in_region)
    level = filters.ChoiceFilter(label=_("层级"), empty_label=_("全部层级"), choices=Level.choices, method="at_level")
    term = filters.ChoiceFilter(label=_("届"), empty_label=_("全部届次"), method="in_term")
    group = filters.ChoiceFilter(label=_("小组"), empty_label=_("全部小组"), method="in_group")
    sector = filters.CharFilter(label=_("行业"))
    gender = filters.ChoiceFilter(label=_("性别"), empty_label=_("全部性别"), choices=Gender.choices)
    party = filters.CharFilter(label=_("党派"))

    ordering = ("name_pinyin", "id")

    class Meta:
        model = Deputy
        fields: list[str] = []

    def __init__(self, data, *, user):
        super().__init__(data, user=user)
        self.filters["term"].extra["choices"] = [
            (str(t.pk), str(t)) for t in Term.objects.visible_to(user).select_related("congress")
        ]
        self.filters["group"].extra["choices"] = [
            (str(g.pk), g.name) for g in ProfessionalGroup.objects.visible_to(user)
        ]

    def search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def at_level(self, queryset, name, value):
        current = Mandate.objects.current().filter(term__congress__level=value)
        return queryset.filter(pk__in=current.values("deputy_id"))

    def in_term(self, queryset, name, value):
        return queryset.filter(pk__in=Mandate.objects.filter(term_id=value).values("deputy_id"))

    def in_group(self, queryset, name, value):
        return queryset.filter(pk__in=GroupMembership.objects.current().filter(group_id=value).values("deputy_id"))

    def filter_queryset(self, queryset):
        # A search orders by how well the name matches; otherwise by pinyin (the queryset's order).
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*pinyin_order()) if self.form.cleaned_data.get("q", "").strip() else queryset


def activities_of(text):
    """The activities of the deputies a search names: a list of ids when they are few, else a subquery.

    A subquery leaves PostgreSQL to guess: it estimates a pinyin prefix from its histogram (1,906
    deputies for 'wangjian' where there are 77) and, thinking the activities many, walks the whole date
    index to fill a page (8 s at 1 M activities); and it charges the region scope's subplan to every
    primary-key probe, so it reads all activities for the count (150 ms) instead of probing 522 ids
    (9 ms). Two indexed queries that fetch the ids first give it the real numbers. Many matches (a
    one-letter initial) stay a subquery: then walking the dates is the right plan."""
    people = Deputy.objects.search(text).order_by()
    deputy_ids = list(people.values_list("pk", flat=True)[: FEW_PEOPLE + 1])
    if len(deputy_ids) > FEW_PEOPLE:
        return ActivityParticipant.objects.filter(deputy__in=people.values("pk")).values("activity_id")
    ids = list(
        ActivityParticipant.objects.filter(deputy_id__in=deputy_ids)
        .order_by()
        .values_list("activity_id", flat=True)
        .distinct()[: FEW_ACTIVITIES + 1]
    )
    if len(ids) > FEW_ACTIVITIES:
        return ActivityParticipant.objects.filter(deputy_id__in=deputy_ids).values("activity_id")
    return ids


class ActivityFilter(BranchFilterSet):
    q = filters.CharFilter(label=_("参加代表（姓名 / 拼音 / 首字母）"), method="participants")
    title = filters.CharFilter(label=_("活动名称包含"), method="title_contains")
    status = filters.ChoiceFilter(label=_("状态"), empty_label=_("全部状态"), choices=ActivityStatus.choices)
    kind = filters.ChoiceFilter(label=_("类型"), empty_label=_("全部类型"), choices=ActivityKind.choices)
    region = filters.ChoiceFilter(label=_("区划"), empty_label=_("全部区划"), method=in_region)
    date_from = filters.DateFilter(
        label=_("起始日期"), field_name="date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = filters.DateFilter(
        label=_("截止日期"), field_name="date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    ordering = ("-date", "-id")

    class Meta:
        model = Activity
        fields: list[str] = []

    def participants(self, queryset, name, value):
        return queryset.filter(pk__in=activities_of(value.strip())) if value.strip() else queryset

    def title_contains(self, queryset, name, value):
        return queryset.filter(title__contains=value.strip()) if value.strip() else queryset
