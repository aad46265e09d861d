from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse_lazy

from . import audit
from .forms import LoginForm, PortalPasswordChangeForm
from .http import client_ip
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
