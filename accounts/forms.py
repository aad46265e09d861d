from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名或手机号"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": _("用户名（或手机号）或密码不正确，请重新输入。"),
        "inactive": _("该账号已停用，请联系管理员。"),
    }


class PortalPasswordChangeForm(PasswordChangeForm):
    pass


def _code_field(help_text, **attrs):
    """The one field of the second-factor forms: a code from the authenticator app (browsers offer
    one-time codes for autocomplete="one-time-code")."""
    return forms.CharField(
        label=_("验证码"),
        max_length=32,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", **attrs}),
    )


class SecondFactorForm(forms.Form):
    """The code of the second step: six digits from the authenticator app, or a recovery code."""

    code = _code_field(
        _("请输入验证器应用中显示的6位数字；手机不在身边时，可输入一个恢复码。"),
        autofocus=True,
        autocapitalize="none",
        spellcheck="false",
    )


class EnrolForm(forms.Form):
    code = _code_field(
        _("扫描二维码后，输入验证器应用中显示的6位数字。"), autofocus=True, inputmode="numeric", pattern="[0-9 ]*"
    )


class ConfirmCodeForm(forms.Form):
    """A change to one's second factor is confirmed with a current code from the app."""

    code = _code_field(_("输入验证器应用中当前显示的6位数字，确认是本人操作。"), inputmode="numeric")
