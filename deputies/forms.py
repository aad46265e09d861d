import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit

from .models import (
    ActivityKind,
    Deputy,
    EnterpriseLink,
    OpinionCategory,
    OpinionStatus,
    ProfessionalGroup,
    Term,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# The kinds a deputy logs for themself (session attendance is recorded by staff).
SELF_KINDS = [(k, v) for k, v in ActivityKind.choices if k != ActivityKind.SESSION_ATTENDANCE]


class MyActivityForm(forms.Form):
    """The short phone form: kind, what, when, where; the rest is optional."""

    kind = forms.ChoiceField(label=_("活动类型"), choices=SELF_KINDS)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    summary = forms.CharField(label=_("活动内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    opinions_count = forms.IntegerField(
        label=_("收集意见建议数"), min_value=0, max_value=999, initial=0, required=False
    )
    photos = MultiplePhotoField(label=_("照片"), widget=MultipleFileInput(attrs={"accept": "image/*"}))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("活动日期不能晚于今天"))
        return date


NAME_SPLIT = re.compile(r"[\s,，、;；]+")


class StaffActivityForm(MyActivityForm):
    """Staff log one activity for many deputies at once (names separated by 、 or commas)."""

    kind = forms.ChoiceField(label=_("活动类型"), choices=ActivityKind.choices)
    names = forms.CharField(
        label=_("参加代表"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("填写代表姓名，用顿号、逗号或空格分隔；第一位为牵头代表"),
    )
    group = forms.ModelChoiceField(
        label=_("专业（产业）小组"), queryset=ProfessionalGroup.objects.none(), required=False
    )
    verify_now = forms.BooleanField(label=_("登记后直接审核通过"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["group"].queryset = ProfessionalGroup.objects.visible_to(user)

    def clean_names(self):
        names = [n for n in NAME_SPLIT.split(self.cleaned_data["names"]) if n]
        if not names:
            raise ValidationError(_("请至少填写一名参加代表"))
        found: dict[str, list] = {}
        for d in Deputy.objects.visible_to(self.user).current().filter(name__in=names):
            found.setdefault(d.name, []).append(d)
        unknown = [n for n in names if n not in found]
        twice = [n for n in names if len(found.get(n, [])) > 1]
        if unknown:
            raise ValidationError(_("未找到这些现任代表：%(names)s") % {"names": "、".join(unknown)})
        if twice:
            raise ValidationError(_("有重名代表：%(names)s，请在管理后台逐一添加") % {"names": "、".join(twice)})
        ordered, seen = [], set()
        for n in names:
            if n not in seen:
                seen.add(n)
                ordered.append(found[n][0])
        return ordered


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("退回原因（必填）")}),
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("代表照片"))


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("名册文件（.xlsx）"))
    term = forms.ModelChoiceField(label=_("导入到哪一届"), queryset=Term.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.visible_to(user).select_related("congress")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 10 * 1024 * 1024:
            raise ValidationError(_("文件不能超过 10 MB"))
        if not f.name.lower().endswith(".xlsx"):
            raise ValidationError(_("请上传 .xlsx 格式的 Excel 文件（可先下载模板）"))
        return f


class EnterpriseOpinionForm(forms.Form):
    """A deputy records an enterprise's opinion from the phone."""

    link = forms.ModelChoiceField(
        label=_("企业"), queryset=EnterpriseLink.objects.none(), error_messages={"required": _("请选择企业")}
    )
    date = forms.DateField(label=_("收集日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    category = forms.ChoiceField(label=_("类别"), choices=OpinionCategory.choices, initial=OpinionCategory.OTHER)
    text = forms.CharField(
        label=_("意见内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写意见内容")},
    )

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = links
        self.fields["link"].label_from_instance = lambda link: link.enterprise.name


class EnterpriseOpinionStepForm(forms.Form):
    status = forms.ChoiceField(choices=OpinionStatus.choices, widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(label=_("转交承办单位"), queryset=Unit.objects.none(), required=False)
    answer = forms.CharField(label=_("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
