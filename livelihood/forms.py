from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from deputies.models import Session, WorkingCommittee

from .models import Candidate, ReviewMeeting, VoteSitting


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
