from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.scoping import visible

from .models import Bulletin, BulletinSection, DistributionList


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["year", "number", "issue_date", "title", "issuing_body", "distribution", "send_to", "copy_to"]
        widgets = {
            "issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "send_to": forms.Textarea(attrs={"rows": 2}),
            "copy_to": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["distribution"].queryset = visible(DistributionList, user)

    def clean(self):
        data = super().clean()
        taken = Bulletin.objects.filter(region=self.instance.region, year=data.get("year"), number=data.get("number"))
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            self.add_error("number", _("本年度已有这一期号的简报"))
        return data


SectionFormSet = inlineformset_factory(
    Bulletin,
    BulletinSection,
    fields=["order", "title", "contributor", "text"],
    widgets={"text": forms.Textarea(attrs={"rows": 5})},
    extra=1,
    can_delete=True,
)


class DraftForm(forms.Form):
    distribution = forms.ModelChoiceField(label=_("分送名单"), queryset=DistributionList.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["distribution"].queryset = visible(DistributionList, user)


class DistributionListForm(forms.ModelForm):
    class Meta:
        model = DistributionList
        fields = ["name", "send_to", "copy_to"]
        widgets = {"send_to": forms.Textarea(attrs={"rows": 2}), "copy_to": forms.Textarea(attrs={"rows": 2})}
