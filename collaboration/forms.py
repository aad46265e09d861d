from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy

from .models import Category, Document, JointActivityKind, Member


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, record=None, data=None, files=None, user=None, required=True):
        super().__init__(data, files, prefix=None)
        self.fields["note"].required = required


def note_form(record, data=None, files=None, user=None):
    """The form of an action that needs a note (an update, a resolution, a reopening)."""
    return NoteForm(record, data, files)


def optional_note_form(record, data=None, files=None, user=None):
    return NoteForm(record, data, files, required=False)


class MemberChoiceMixin:
    def members(self, collaboration):
        return Member.objects.filter(collaboration=collaboration).select_related("region")


class MeetingForm(MemberChoiceMixin, forms.Form):
    """A joint meeting, and the problem-list items its decisions create (one per line)."""

    date = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    host = forms.ModelChoiceField(label=_("承办成员"), queryset=Member.objects.none())
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    agenda = forms.CharField(label=_("议程"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    decisions = forms.CharField(
        label=_("议定事项"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项；勾选下方选项时，每一项列入联动共治问题清单"),
    )
    to_list = forms.BooleanField(label=_("议定事项列入问题清单"), required=False, initial=True)
    category = forms.ChoiceField(label=_("问题类别"), choices=Category.choices, initial=Category.OTHER)
    lead = forms.ModelChoiceField(label=_("牵头成员"), queryset=Member.objects.none(), required=False)
    sides = forms.ModelMultipleChoiceField(
        label=_("涉及成员"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("涉及成员的联络员可以报送进展"),
    )
    due_date = forms.DateField(label=_("约定完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, collaboration, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.members(collaboration)
        for name in ("host", "lead", "sides"):
            self.fields[name].queryset = members

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("会议日期不能晚于今天"))
        return date

    def clean(self):
        data = super().clean()
        if data.get("to_list") and not data.get("lead"):
            self.add_error("lead", _("列入问题清单时请选择牵头成员"))
        return data

    def decision_lines(self):
        return [line.strip() for line in self.cleaned_data["decisions"].splitlines() if line.strip()]


class AttendanceForm(MemberChoiceMixin, forms.Form):
    member = forms.ModelChoiceField(label=_("成员"), queryset=Member.objects.none())
    attendees = forms.CharField(label=_("出席人员"), max_length=300, help_text=_("姓名、职务，用顿号分隔"))

    def __init__(self, *args, collaboration, own_member=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.members(collaboration)
        if own_member is not None:  # a liaison records their own side only
            members = members.filter(pk=own_member.pk)
            self.fields["member"].initial = own_member.pk
        self.fields["member"].queryset = members


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "file"]


class ActivityForm(MemberChoiceMixin, forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=JointActivityKind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=150)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("参加成员"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    deputies = forms.ModelMultipleChoiceField(
        label=_("参加代表"),
        queryset=Deputy.objects.none(),
        required=False,
        help_text=_("记入每位代表的履职档案"),
    )
    summary = forms.CharField(label=_("活动内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    opinions_count = forms.IntegerField(label=_("征集意见建议数"), min_value=0, initial=0, required=False)

    def clean_opinions_count(self):
        return self.cleaned_data["opinions_count"] or 0

    def __init__(self, *args, collaboration, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = self.members(collaboration)
        self.fields["deputies"].queryset = Deputy.objects.visible_to(user).order_by("name_pinyin")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("活动日期不能晚于今天"))
        return date
