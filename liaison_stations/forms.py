import datetime

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from deputies.models import Deputy

from .models import OpinionCategory, OpinionState, ReceptionKind, Shift

MONTHS = [(m, _("%(m)s月") % {"m": m}) for m in range(1, 13)]


class DeputyChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class RotaGenerateForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTHS, coerce=int)
    pool = DeputyChoiceField(label=_("轮值代表（按顺序轮流）"), queryset=Deputy.objects.none())
    per_day = forms.IntegerField(label=_("每天值班人数"), min_value=1, max_value=20, initial=1)
    shift = forms.ChoiceField(label=_("班次"), choices=Shift.choices, initial=Shift.DAY)
    include_weekends = forms.BooleanField(label=_("周末也排班"), required=False)
    staff_holidays = forms.BooleanField(
        label=_("法定节假日也排班"),
        required=False,
        help_text=_("默认按工作日历排班：节假日（如国庆假期）不排，调休上班日照常排"),
    )

    def __init__(self, *args, pool_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pool_queryset is not None:
            self.fields["pool"].queryset = pool_queryset


class AddDutyForm(forms.Form):
    deputy = forms.ModelChoiceField(label=_("代表"), queryset=Deputy.objects.none())
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    shift = forms.ChoiceField(label=_("班次"), choices=Shift.choices, initial=Shift.DAY)

    def __init__(self, *args, deputy_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if deputy_queryset is not None:
            self.fields["deputy"].queryset = deputy_queryset


class SwapForm(forms.Form):
    new_deputy = forms.ModelChoiceField(label=_("改由代表"), queryset=Deputy.objects.none())
    asked_by_deputy = forms.BooleanField(
        label=_("由原值班代表本人提出"), required=False, help_text=_("不勾选则记为工作人员安排")
    )
    reason = forms.CharField(label=_("调班原因"), max_length=200, required=False)

    def __init__(self, *args, deputy_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if deputy_queryset is not None:
            self.fields["new_deputy"].queryset = deputy_queryset


class ReceptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ReceptionKind.choices, initial=ReceptionKind.RECEPTION)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    deputies = DeputyChoiceField(label=_("到场代表"), queryset=Deputy.objects.none())
    citizens_count = forms.IntegerField(label=_("接待群众人数"), min_value=0, max_value=10000, initial=0)
    citizen_names = forms.CharField(
        label=_("群众姓名（可不填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("仅工作人员可见，不在公开页面显示"),
    )
    topics = forms.CharField(label=_("反映的主要问题"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, deputy_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if deputy_queryset is not None:
            self.fields["deputies"].queryset = deputy_queryset

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("接待日期不能晚于今天。"))
        if day < timezone.localdate() - datetime.timedelta(days=366):
            raise forms.ValidationError(_("接待日期不能早于一年前。"))
        return day


class OpinionForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=[("", "---------"), *OpinionCategory.choices], required=False)
    text = forms.CharField(label=_("意见建议内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    raised_by = forms.CharField(label=_("反映人（可不填）"), max_length=32, required=False)
    contact = forms.CharField(label=_("联系方式（可不填）"), max_length=32, required=False)

    def clean(self):
        data = super().clean()
        if data.get("text") and not data.get("category"):
            self.add_error("category", _("请选择意见建议的类别。"))
        if not data.get("text") and (data.get("raised_by") or data.get("contact") or data.get("category")):
            self.add_error("text", _("请填写意见建议内容。"))
        return data


OpinionFormSet = formset_factory(OpinionForm, extra=2, max_num=20)


class OpinionActionForm(forms.Form):
    to_state = forms.ChoiceField(choices=OpinionState.choices, widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(label=_("转交承办单位"), queryset=Unit.objects.none(), required=False)
    to_suggestion = forms.BooleanField(label=_("转为代表建议"), required=False)
    deputy = forms.ModelChoiceField(
        label=_("接办代表"),
        queryset=Deputy.objects.none(),
        required=False,
        help_text=_("转为代表建议时选择：到场或驻站的代表，建议草稿将生成在其名下"),
    )
    result = forms.CharField(label=_("办理结果"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    feedback = forms.CharField(label=_("反馈情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit_queryset=None, deputy_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_queryset is not None:
            self.fields["unit"].queryset = unit_queryset
        if deputy_queryset is not None:
            self.fields["deputy"].queryset = deputy_queryset


class StationActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=())
    title = forms.CharField(label=_("活动名称"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    deputies = DeputyChoiceField(label=_("参加代表"), queryset=Deputy.objects.none())
    summary = forms.CharField(label=_("活动内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, deputy_queryset=None, **kwargs):
        from deputies.models import ActivityKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.value, k.label)
            for k in (ActivityKind.LISTEN_GATHER_SOLVE, ActivityKind.STATION_MONTH, ActivityKind.DOUBLE_CONTACT_MONTH)
        ]
        if deputy_queryset is not None:
            self.fields["deputies"].queryset = deputy_queryset

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("活动日期不能晚于今天。"))
        return day


class UnitAnswerForm(forms.Form):
    result = forms.CharField(
        label=_("办理结果"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("请填写办理结果。")},
        help_text=_("答复将记入意见建议的流转记录，由联络站向反映人反馈"),
    )


class SwapRequestForm(forms.Form):
    """A deputy asks, from the phone, to hand a duty to a colleague."""

    proposed_deputy = forms.ModelChoiceField(
        label=_("建议代班代表（可不选）"), queryset=Deputy.objects.none(), required=False
    )
    reason = forms.CharField(label=_("调班原因"), max_length=200, error_messages={"required": _("请填写调班原因。")})

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_deputy"].queryset = colleagues


class SwapDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("同意")), ("0", _("不同意"))], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
    new_deputy = forms.ModelChoiceField(label=_("代班代表"), queryset=Deputy.objects.none(), required=False)
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_deputy"].queryset = colleagues
