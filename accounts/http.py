"""Reading what a request says about itself, the one way the whole portal does it.

These helpers live in accounts (the bottom of the app stack) so that the login lockout, the audit
trail and every domain app can use them without importing upwards.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

# An id in a query string: ASCII digits only and at most 18 of them, so it always fits a signed
# 64-bit column. str.isdigit() is not enough: it accepts "²" and "١" (int() refuses the first) and
# a 20-digit number overflows PostgreSQL's bigint.
_ID_RE = re.compile(r"[0-9]{1,18}")
MAX_ID = 10**18 - 1


def parse_id(value) -> int | None:
    """The positive integer `value` spells, or None for anything else (empty, signs, non-ASCII digits, too big)."""
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        return None
    number = int(value)
    return number or None


def query_id(request, name: str) -> int | None:
    """The id in `?name=`, or None when it is missing or not an id (the filter is then simply not applied)."""
    return parse_id(request.GET.get(name, ""))


def client_ip(request) -> str:
    """The client's address. Behind nginx every request comes from the proxy, so with
    TRUSTED_PROXY_COUNT = n the address is the n-th entry from the right of X-Forwarded-For
    (the one the outermost trusted proxy saw); entries further left are the client's own claims."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:45]  # the longest textual IPv6 address
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def safe_next(request, default="home") -> str:
    """The `next` a form or link carries when it points into this site, else `default` (a URL name):
    never an open redirect."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)
