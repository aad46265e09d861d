"""Forms. The public form is validated by MessageForm but its inputs are written by hand in the
template (rendering `{{ form }}` halves the throughput of the hot public page, PERFORMANCE-NOTES)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.validators import validate_mobile
from deputies.models import Deputy

from .models import Category, HideReason, Rating

BODY_MAX = 1000


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("留言内容"),
        max_length=BODY_MAX,
        error_messages={
            "required": _("请填写留言内容"),
            "max_length": _("留言内容不能超过%(limit_value)d个字（当前%(show_value)d个字）"),
        },
    )
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices, initial=Category.PROBLEM)
    name = forms.CharField(label=_("姓名（选填）"), max_length=32, required=False)
    mobile = forms.CharField(label=_("手机号（选填）"), max_length=11, required=False, validators=[validate_mobile])
    consent = forms.BooleanField(
        label=_("我已阅读并同意上述个人信息处理说明"),
        error_messages={"required": _("请阅读个人信息处理说明并勾选同意")},
    )
    # The honeypot: hidden from people by CSS, filled by naive bots.
    website = forms.CharField(required=False)
    stamp = forms.CharField(required=False)
    captcha = forms.CharField(label=_("验证问题"), required=False, max_length=4)
    captcha_key = forms.CharField(required=False)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("请填写留言内容"))
        return body

    def clean_mobile(self):
        return self.cleaned_data["mobile"].strip()

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=40, error_messages={"required": _("请输入查询码")})


class RateForm(forms.Form):
    code = forms.CharField(max_length=40)
    rating = forms.ChoiceField(label=_("评价"), choices=Rating.choices, widget=forms.RadioSelect)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("回复内容（群众将看到）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("转交单位"), queryset=Unit.objects.none(), required=False)
    to_staff = forms.BooleanField(label=_("转人大常委会工作人员"), required=False)
    note = forms.CharField(label=_("转办说明"), max_length=200, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not data.get("to_staff"):
            raise forms.ValidationError(_("请选择转交的单位或人大常委会工作人员"))
        return data


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("屏蔽原因"), choices=HideReason.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ReassignForm(forms.Form):
    """The deputy to hand the message to, typed by name. A select of every current deputy the user
    sees took 30 s to render at 200,000 deputies (docs/performance.md); when several of them bear the
    name, the form offers those (with their township) to choose from. A posted `deputy` id alone
    (within the same deputies) is accepted too."""

    SAME_NAME_MAX = 50

    name = forms.CharField(label=_("改派给代表（姓名）"), max_length=32, required=False)
    deputy = forms.TypedChoiceField(label=_("同名代表"), coerce=int, required=False, widget=forms.RadioSelect)

    def __init__(self, *args, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        deputies = deputies if deputies is not None else Deputy.objects.none()
        name = (self.data.get("name") or "").strip() if self.is_bound else ""
        chosen = self.data.get("deputy") if self.is_bound else None
        self.candidates = []
        if name or (chosen and str(chosen).isdigit()):
            found = deputies.filter(name=name) if name else deputies.filter(pk=chosen)
            found = found.select_related("region").order_by("region_id", "id")
            self.candidates = list(found[: self.SAME_NAME_MAX + 1])
        if len(self.candidates) > 1:
            self.fields["deputy"].choices = [
                (d.pk, f"{d.name}（{d.region.name}）") for d in self.candidates[: self.SAME_NAME_MAX]
            ]
        else:
            del self.fields["deputy"]  # shown only when the name is ambiguous

    def clean(self):
        super().clean()
        if self.errors:
            return None
        if not self.candidates:
            if not (self.data.get("name") or "").strip():
                raise forms.ValidationError({"name": _("请填写代表姓名")})
            raise forms.ValidationError({"name": _("没有找到这位现任代表，请核对姓名")})
        if len(self.candidates) == 1:
            return {"deputy": self.candidates[0]}
        if len(self.candidates) > self.SAME_NAME_MAX:
            raise forms.ValidationError({"name": _("同名代表过多，请在代表名册中核对后再改派")})
        chosen = self.cleaned_data.get("deputy")
        match = next((d for d in self.candidates if d.pk == chosen), None)
        if match is None:
            raise forms.ValidationError({"deputy": _("有多位同名代表，请选择其中一位")})
        return {"deputy": match}


class StaffCloseForm(forms.Form):
    note = forms.CharField(label=_("复核意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class UnitReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("答复内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写答复内容")},
        help_text=_("答复先送转办的代表，由代表回复群众"),
    )
