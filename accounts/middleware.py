"""Session limits, the forced password change, and the audit of refusals and exports.

One middleware placed after AuthenticationMiddleware and MessageMiddleware (settings.MIDDLEWARE):
- a session idle for SESSION_IDLE_SECONDS (30 min) or older than SESSION_ABSOLUTE_SECONDS (12 h)
  is ended, and the visitor goes back to the login page (等保: 登录连接超时自动退出);
- a session whose second factor is still due (accounts/second_factor.py) reaches only the code
  page, or the enrolment page for staff without a device yet, the logout and the language switch;
  the admin site included;
- a staff account whose password is older than PASSWORD_MAX_AGE_DAYS only reaches the password
  change page (accounts/passwords.py);
- every 403 answered to anybody and every file download (an attachment: the Excel/PDF exports) is
  written to the security audit trail;
- every response carries settings.CONTENT_SECURITY_POLICY (Django 5.2 has no CSP of its own).
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import audit

SESSION_START = "_security_started"
SESSION_SEEN = "_security_seen"
# Refresh the "last seen" stamp at most once a minute: a session write per request would cost a
# database write for every page.
SEEN_RESOLUTION = 60


def idle_seconds() -> int:
    return getattr(settings, "SESSION_IDLE_SECONDS", 30 * 60)


def absolute_seconds() -> int:
    return getattr(settings, "SESSION_ABSOLUTE_SECONDS", 12 * 3600)


def mark_session_start(request) -> None:
    now = int(time.time())
    request.session[SESSION_START] = now
    request.session[SESSION_SEEN] = now


def _exempt(path: str) -> bool:
    prefixes = (settings.STATIC_URL, settings.MEDIA_URL, "/i18n/")
    return path.startswith(prefixes)


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A NUL in the query string reaches PostgreSQL through any search filter and fails there
        # ("A string literal cannot contain NUL"): refuse it once, here, for every page.
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            return HttpResponseBadRequest(_("请求中含有不允许的字符。"))
        ended = self._check_session(request)
        if ended is not None:
            return ended
        due = self._second_factor_due(request)
        if due is not None:
            return due
        forced = self._force_password_change(request)
        if forced is not None:
            return forced
        response = self.get_response(request)
        self._audit(request, response)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response

    def _check_session(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = int(time.time())
        started = request.session.get(SESSION_START)
        seen = request.session.get(SESSION_SEEN)
        if started is None:  # a session from before this middleware, or made by force_login
            mark_session_start(request)
            return None
        if now - started > absolute_seconds() or now - (seen or started) > idle_seconds():
            logout(request)
            messages.info(request, _("登录已超时，请重新登录。"))
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        if now - (seen or 0) >= SEEN_RESOLUTION:
            request.session[SESSION_SEEN] = now  # saving the session also slides its expiry
        return None

    def _second_factor_due(self, request):
        from . import second_factor as sf

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _exempt(request.path):
            return None
        state = sf.session_state(request)
        if state == sf.VERIFIED:
            return None
        page = reverse("accounts:second_factor" if state == sf.PENDING else "accounts:second_factor_setup")
        if request.path in (page, reverse("accounts:logout"), reverse("set_language")):
            return None
        if request.method == "GET" and request.path != reverse("home"):
            return redirect(f"{page}?{urlencode({'next': request.get_full_path()})}")
        return redirect(page)

    def _force_password_change(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _exempt(request.path):
            return None
        from . import second_factor as sf

        if request.session.get(sf.SESSION_KEY) != sf.VERIFIED:
            return None  # the code first (only the second-factor pages are reachable until then)
        allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
        if request.path in allowed or not user.password_expired:
            return None
        messages.warning(request, _("您的密码已超过%(n)s天未修改，请先修改密码。") % {"n": _max_age()})
        return redirect("accounts:password_change")

    def _audit(self, request, response):
        from .models import AuditEvent

        if response.status_code == 403:
            audit.record(
                AuditEvent.Event.DENIED,
                request=request,
                outcome=AuditEvent.Outcome.DENIED,
                detail=f"{request.method} {request.path}",
            )
        elif response.status_code == 200 and "attachment" in response.get("Content-Disposition", ""):
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                audit.record(
                    AuditEvent.Event.EXPORT,
                    request=request,
                    detail=f"{request.get_full_path()} {response['Content-Disposition']}",
                )


def _max_age():
    from .passwords import max_age_days

    return max_age_days()
