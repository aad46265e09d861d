from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from deputies.models import Session, WorkingCommittee

from .models import Candidate, Milestone, Project, Requirement, ReviewMeeting, VoteSitting


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SittingForm(forms.ModelForm):
    class Meta:
        model = VoteSitting
        fields = ["session", "title", "held_on", "rule", "top_n"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.visible_to(user).select_related("term__congress")


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["name", "source", "description", "budget", "unit", "committee"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, sitting, **kwargs):
        super().__init__(*args, **kwargs)
        region = sitting.session.term.congress.region_id
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(region_id=region)
        self.fields["committee"].queryset = WorkingCommittee.objects.visible_to(user).filter(
            congress=sitting.session.term.congress
        )
        self.sitting = sitting

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Candidate.objects.filter(sitting=self.sitting, name=name).exists():
            raise forms.ValidationError(_("本次票决已有同名候选项目"))
        return name


class VoteForm(forms.Form):
    """Deputies present, then votes for / against / abstaining for each shortlisted candidate."""

    deputies_present = forms.IntegerField(label=_("出席代表人数"), min_value=1)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for c in candidates:
            for name, label, value in (
                ("for", _("赞成"), c.votes_for),
                ("against", _("反对"), c.votes_against),
                ("abstain", _("弃权"), c.votes_abstain),
            ):
                self.fields[f"{name}_{c.pk}"] = forms.IntegerField(label=label, min_value=0, initial=value)

    def rows(self):
        return [(c, [self[f"{n}_{c.pk}"] for n in ("for", "against", "abstain")]) for c in self.candidates]

    def votes(self) -> dict:
        d = self.cleaned_data
        return {c.pk: (d[f"for_{c.pk}"], d[f"against_{c.pk}"], d[f"abstain_{c.pk}"]) for c in self.candidates}


class ReviewMeetingForm(forms.ModelForm):
    attachment = forms.FileField(label=_("附件"), required=False, help_text=_("会议纪要、照片等"))

    class Meta:
        model = ReviewMeeting
        fields = ["held_on", "title", "attendees", "decisions"]
        widgets = {
            "held_on": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


class ReviewEntryForm(forms.Form):
    include = forms.BooleanField(label=_("本次审议"), required=False)
    reported_progress = forms.IntegerField(label=_("汇报进度（%）"), min_value=0, max_value=100, required=False)
    progress_report = forms.CharField(label=_("进展情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    problems = forms.CharField(label=_("存在问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    missing_inputs = forms.CharField(label=_("尚缺要素保障"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decisions = forms.CharField(label=_("审议意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("include") and not (data.get("progress_report") or "").strip():
            self.add_error("progress_report", _("请填写进展情况"))
        return data


class ProgressForm(forms.Form):
    """The responsible unit's progress report."""

    note = forms.CharField(
        label=_("进展情况"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写进展情况。")},
    )
    milestone = forms.ModelChoiceField(
        label=_("本次完成的节点（可不选）"), queryset=Milestone.objects.none(), required=False
    )
    reached_on = forms.DateField(label=_("节点完成日期"), required=False, widget=DateInput())
    # A plain file field: the content is checked (and re-encoded) by deputies.images, whose
    # messages say what is wrong in Chinese.
    photo = forms.FileField(
        label=_("现场照片（可不传）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=_("JPG、PNG 等常见格式，不超过 5 MB"),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = project.milestones.filter(actual_date__isnull=True)


class CompactRowMixin:
    """Rows of a formset laid out as a table: small Bootstrap inputs, no crispy wrapper."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            elif not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-control form-control-sm"


class MilestoneForm(CompactRowMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["name", "planned_date", "actual_date"]
        widgets = {"planned_date": DateInput(), "actual_date": DateInput()}

    def clean(self):
        data = super().clean()
        actual = data.get("actual_date")
        if actual and actual > timezone.localdate():
            self.add_error("actual_date", _("实际完成日期不能晚于今天。"))
        return data


class RequirementForm(CompactRowMixin, forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["kind", "description", "status", "note"]


MilestoneFormSet = forms.inlineformset_factory(Project, Milestone, form=MilestoneForm, extra=1, can_delete=True)
RequirementFormSet = forms.inlineformset_factory(Project, Requirement, form=RequirementForm, extra=1, can_delete=True)
