from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from core.regions import county_of
from deputies.models import Deputy, Session

from .models import (
    ATTACHMENT_VALIDATORS,
    AssignmentMeeting,
    Category,
    Contact,
    CoSignature,
    ResultClass,
    Satisfaction,
    SupervisionGroup,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date input takes ISO dates only, whatever the locale's display format.
        super().__init__(attrs, format="%Y-%m-%d")


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    session = forms.ModelChoiceField(
        label=_("会议"), queryset=Session.objects.none(), required=False, empty_label=_("闭会期间")
    )
    body = forms.CharField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 8}))
    cosigners = forms.ModelMultipleChoiceField(
        label=_("邀请附议代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("可多选；提交后附议人名单锁定"),
    )
    attachment = forms.FileField(
        label=_("附件"),
        required=False,
        validators=ATTACHMENT_VALIDATORS,
        help_text=_("PDF、Word、Excel、图片等，不超过10MB"),
    )

    def __init__(self, *args, author: Deputy, **kwargs):
        super().__init__(*args, **kwargs)
        county = county_of(author.region_id)
        self.fields["session"].queryset = Session.objects.filter(term__congress__region_id=county).select_related(
            "term"
        )
        self.fields["cosigners"].queryset = (
            Deputy.objects.filter(region__code__startswith=county).current().exclude(pk=author.pk)
        )
        self.fields["session"].label_from_instance = lambda s: s.short_name


class SupplementForm(forms.Form):
    text = forms.CharField(label=_("补充内容"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("附件"), required=False, validators=ATTACHMENT_VALIDATORS)


class CosignForm(forms.Form):
    """The invited deputy's answer: the two buttons send accept=1 or accept=0."""

    accept = forms.TypedChoiceField(
        choices=[("1", _("附议")), ("0", _("谢绝"))], coerce=lambda v: v == "1", required=False, empty_value=True
    )


class CosignRequestAnswerForm(forms.Form):
    """The author's answer to a request to co-sign: each pending request has two buttons sending
    decision="<id>:1" (accept) or "<id>:0" (decline)."""

    decision = forms.RegexField(regex=r"^\d+:[01]$", error_messages={"invalid": _("请选择同意或谢绝")})

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = list(
            suggestion.cosigns.filter(status=CoSignature.Status.REQUESTED).select_related("deputy").order_by("pk")
        )

    def clean(self):
        decision = self.cleaned_data.get("decision")
        if not decision:
            return self.cleaned_data
        pk, accept = decision.split(":")
        request = next((c for c in self.pending if c.pk == int(pk)), None)
        if request is None:
            raise forms.ValidationError(_("该附议申请已处理"))
        return {"request": request, "accept": accept == "1"}


class EvaluateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("测评结果"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("测评意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("satisfaction") == Satisfaction.NOT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不满意时请写明理由"))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审查结果"),
        choices=[("accept", _("立案")), ("return", _("退回修改")), ("refuse", _("不予立案"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审查意见"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("refuse", "return") and not (data.get("note") or "").strip():
            self.add_error("note", _("不予立案或退回修改时请写明理由"))
        return data


def _units(region_id):
    return Unit.objects.filter(region__code__startswith=county_of(region_id), is_active=True)


class AssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("协办单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units(suggestion.region_id)
        self.fields["assisting_units"].queryset = _units(suggestion.region_id)


class KeyForm(forms.Form):
    is_key = forms.BooleanField(label=_("列为重点建议"), required=False, initial=True)
    leader = forms.ModelChoiceField(
        label=_("领办领导（代表）"), queryset=Deputy.objects.none(), required=False, help_text=_("县级领导干部代表")
    )
    leader_name = forms.CharField(label=_("或填写领导姓名"), max_length=32, required=False)
    leader_post = forms.CharField(label=_("领导职务"), max_length=64, required=False, help_text=_("如：副县长"))
    meeting = forms.ModelChoiceField(label=_("交办会"), queryset=AssignmentMeeting.objects.none(), required=False)

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Deputy.objects.filter(
            region__code__startswith=suggestion.region_id, is_leader=True
        )
        self.fields["meeting"].queryset = AssignmentMeeting.objects.filter(region_id=suggestion.region_id)

    def clean(self):
        data = super().clean()
        if data.get("is_key") and not data.get("leader") and not (data.get("leader_name") or "").strip():
            self.add_error("leader", _("重点建议须确定领办的县级领导"))
        return data


class ReturnRequestForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionRequestForm(forms.Form):
    new_deadline = forms.DateField(label=_("申请延期至"), widget=DateInput)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ContactForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DateInput, initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("方式"), choices=Contact.Kind.choices)
    note = forms.CharField(label=_("沟通情况"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    result_class = forms.ChoiceField(label=_("办理结果"), choices=ResultClass.choices)
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label=_("答复函"), required=False, validators=ATTACHMENT_VALIDATORS)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"),
        choices=[("1", _("同意")), ("0", _("不同意"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审批意见"), required=False, max_length=300)


class ReturnDecisionForm(DecisionForm):
    new_unit = forms.ModelChoiceField(label=_("改交主办单位"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_unit"].queryset = _units(suggestion.region_id).exclude(pk=suggestion.lead_unit_id)

    def clean(self):
        data = super().clean()
        if data.get("approve") and not data.get("new_unit"):
            self.add_error("new_unit", _("同意退回时须改交其他主办单位"))
        return data


class VisitForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DateInput, initial=timezone.localdate)
    unit = forms.ModelChoiceField(label=_("督办单位"), queryset=Unit.objects.none())
    findings = forms.CharField(label=_("督办发现"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("跟进要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, region_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(region_id)


class SuperviseForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("督办组"), queryset=SupervisionGroup.objects.none(), error_messages={"required": _("请选择督办组")}
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class SuggestionVisitForm(VisitForm):
    """A visit recorded from a key suggestion's page: which of its groups went."""

    group = forms.ModelChoiceField(
        label=_("督办组"), queryset=SupervisionGroup.objects.none(), error_messages={"required": _("请选择督办组")}
    )
    field_order = ["group", "date", "unit", "findings", "follow_up"]

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["findings"].error_messages["required"] = _("请填写督办发现")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("督办日期不能晚于今天"))
        return date
