from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from . import audit
from . import second_factor as sf
from .forms import ConfirmCodeForm, EnrolForm, LoginForm, PortalPasswordChangeForm, SecondFactorForm
from .http import client_ip, safe_next
from .models import AuditEvent


def _ip_key(request) -> str:
    return f"login-fail-ip:{client_ip(request)}"


def ip_throttled(request) -> bool:
    """Too many failed logins from one address, whatever accounts they named (the per-IP throttle
    on top of django-axes' per-account lock). A cache outage lets logins through: the per-account
    lock, kept in the database, still holds."""
    try:
        return (cache.get(_ip_key(request)) or 0) >= settings.LOGIN_IP_FAILURE_LIMIT
    except Exception:
        return False


def count_ip_failure(request) -> None:
    key = _ip_key(request)
    try:
        if not cache.add(key, 1, settings.LOGIN_IP_WINDOW_SECONDS):
            cache.incr(key)
    except Exception:
        pass


def lockout_response(request, credentials, *args, **kwargs):
    """AXES_LOCKOUT_CALLABLE: the page of a locked account (429), in Chinese."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked.html",
        {"minutes": minutes, "reason": "account"},
        status=429,
    )


class LoginView(auth_views.LoginView):
    scope = "public"
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if ip_throttled(request):
            audit.record(
                AuditEvent.Event.THROTTLED,
                request=request,
                username=str(request.POST.get("username", ""))[:150],
                outcome=AuditEvent.Outcome.DENIED,
            )
            minutes = settings.LOGIN_IP_WINDOW_SECONDS // 60
            return render(request, "accounts/locked.html", {"minutes": minutes, "reason": "ip"}, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        count_ip_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        # The password was right; the signal (accounts.signals.record_login) wrote what is left.
        step = {sf.PENDING: "accounts:second_factor", sf.ENROL: "accounts:second_factor_setup"}
        state = self.request.session.get(sf.SESSION_KEY)
        if state in step:
            return redirect(with_next(reverse(step[state]), response.url))
        return response


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _account_locked(request) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": request.user.get_username()})


def _wait_message(wait: int) -> str:
    return _("验证失败次数较多，请等待%(n)s秒后再试。") % {"n": wait}


class SecondFactorView(LoginRequiredMixin, View):
    """The second step of a login: a code from the authenticator app, or a recovery code."""

    scope = "own"
    template_name = "accounts/second_factor.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        state = sf.session_state(request)
        if state == sf.ENROL:
            return redirect(with_next(reverse("accounts:second_factor_setup"), request.GET.get("next", "")))
        if state == sf.VERIFIED:
            return HttpResponseRedirect(safe_next(request))
        if _account_locked(request):
            logout(request)
            return lockout_response(request, None)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._page(SecondFactorForm())

    def post(self, request):
        form = SecondFactorForm(request.POST)
        if form.is_valid():
            result = sf.check(request, request.user, form.cleaned_data["code"])
            if result.ok:
                sf.mark_verified(request)
                if result.kind == "recovery":
                    left = sf.recovery_device(request.user).codes.count()
                    text = _("您使用了一个恢复码，还剩%(n)s个。请尽快在“两步验证”页面生成新的恢复码。")
                    messages.warning(request, text % {"n": left})
                return HttpResponseRedirect(safe_next(request))
            if getattr(request, "axes_locked_out", False):
                # The fifth failure: django-axes' middleware answers with the lockout page.
                logout(request)
                return self._page(form)
            if result.wait:
                form.add_error("code", _wait_message(result.wait))
            else:
                form.add_error("code", _("验证码不正确或已使用过，请输入验证器应用中当前显示的6位数字。"))
        return self._page(form)

    def _page(self, form):
        context = {"form": form, "next": self.request.POST.get("next") or self.request.GET.get("next", "")}
        return render(self.request, self.template_name, context)


class SecondFactorSetupView(LoginRequiredMixin, View):
    """Enrolment: scan the QR code, confirm with a code, note the recovery codes (shown once)."""

    scope = "own"
    template_name = "accounts/second_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        state = sf.session_state(request)
        if state == sf.PENDING:
            return redirect(with_next(reverse("accounts:second_factor"), request.GET.get("next", "")))
        if state == sf.VERIFIED and sf.totp_device(request.user) is not None:
            return redirect("accounts:second_factor_manage")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._page(EnrolForm())

    def post(self, request):
        form = EnrolForm(request.POST)
        device = sf.pending_device(request.user)
        if form.is_valid():
            codes = sf.confirm(request, request.user, device, form.cleaned_data["code"])
            if codes is not None:
                sf.mark_verified(request)
                context = {"codes": codes, "next": safe_next(request), "enrolled": True}
                return render(request, "accounts/second_factor_codes.html", context)
            wait = sf.wait_seconds(device)
            form.add_error(
                "code",
                _wait_message(wait)
                if wait
                else _("验证码不正确。请确认已扫描本页的二维码、手机时间准确，然后输入当前显示的6位数字。"),
            )
        return self._page(form)

    def _page(self, form):
        device = sf.pending_device(self.request.user)
        context = {
            "form": form,
            "qr": sf.qr_svg(device.config_url),
            "secret": sf.secret_for_typing(device),
            "required": sf.required(self.request.user),
            "next": self.request.POST.get("next") or self.request.GET.get("next", ""),
        }
        return render(self.request, self.template_name, context)


class SecondFactorManageView(LoginRequiredMixin, View):
    """The "两步验证" page of one's account: status, new recovery codes, and (for the accounts that
    need not have one, i.e. deputies) turning it off. Each change asks for a current code."""

    scope = "own"
    template_name = "accounts/second_factor_manage.html"

    def get(self, request):
        return self._page(ConfirmCodeForm())

    def post(self, request):
        from .models import AuditEvent

        action = request.POST.get("action")
        device = sf.totp_device(request.user)
        form = ConfirmCodeForm(request.POST)
        if device is None or action not in ("codes", "disable") or not form.is_valid():
            return self._page(form)
        if action == "disable" and sf.required(request.user):
            form.add_error(None, _("工作人员和管理员必须使用两步验证，不能关闭。"))
            return self._page(form)
        code = sf.normalise(form.cleaned_data["code"])
        wait = sf.wait_seconds(device)
        if wait or not sf.is_totp_code(code) or not device.verify_token(code):
            wrong = _("验证码不正确或已使用过，请输入当前显示的6位数字。")
            form.add_error("code", _wait_message(wait) if wait else wrong)
            return self._page(form)
        if action == "disable":
            sf.remove(request.user)
            audit.record(AuditEvent.Event.OTP_DISABLED, request=request)
            messages.success(request, _("已关闭两步验证。"))
            return redirect("accounts:second_factor_manage")
        codes = sf.new_recovery_codes(request.user)
        return render(request, "accounts/second_factor_codes.html", {"codes": codes, "enrolled": False})

    def _page(self, form):
        user = self.request.user
        device = sf.totp_device(user)
        recovery = sf.recovery_device(user)
        context = {
            "form": form,
            "device": device,
            "required": sf.required(user),
            "codes_left": recovery.codes.count() if recovery else 0,
        }
        return render(self.request, self.template_name, context)


class LogoutView(auth_views.LogoutView):
    scope = "own"


class PasswordChangeView(auth_views.PasswordChangeView):
    scope = "own"
    form_class = PortalPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(AuditEvent.Event.PASSWORD_CHANGE, request=self.request)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    scope = "own"
    template_name = "accounts/password_change_done.html"
