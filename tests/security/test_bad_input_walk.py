"""Every form and public endpoint, with a corpus of bad inputs: never a 500 (issue 14).

The URLs are enumerated from the resolver (not listed by hand), on the demo data, each requested as
the first role that may open it (a county's staff, a deputy, a handling unit's staff, an anonymous
citizen). Then:
- GET with every corpus value in the query parameters the portal reads;
- for every page with a POST form: each corpus value typed into every visible field, invalid UTF-8,
  a missing CSRF token, and for file fields uploads that lie about their type, a decompression bomb
  and a 255-character file name;
- every public URL with a foreign Host header, and an oversized body.
Every answer must be below 500; a page that shows a value shows it escaped.
"""

import functools
import io
import re
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.scoping import visible
from tests.accounts.test_object_urls import FILLERS, _user, named_portal_urls, url_models
from tests.accounts.test_scoping import view_scope_of

SCRIPT = "<script>alert(1)</script>"
CORPUS = [
    "A" * 20000,  # oversized field
    "a\x00b",  # NUL byte (PostgreSQL refuses it in text)
    "１２３４５",  # full-width digits
    "😀𠀀𪚥龘",  # emoji and rare CJK outside the BMP
    "\u202egnp.exe",  # right-to-left override
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",  # template syntax
    "' OR 1=1 --; DROP TABLE accounts_user;",
    '=HYPERLINK("http://evil.example","x")',  # spreadsheet formula
    "张三\r\nSet-Cookie: x=1",  # CRLF in a name
    "1" * 20,  # beyond 64 bits
    "-1",
    "²",
    "",
    "   ",
]
QUERY_PARAMS = ("q", "page", "place", "deputy", "year", "month", "term", "group", "status", "state", "region",
                "station", "township", "kind", "what", "category", "tab", "format", "cadence", "unit")  # fmt: skip
ROLES = ("anyang_staff", "deputy_demo", "unit_nongye", None)


def _client(username, **kwargs):
    c = Client(raise_request_exception=False, **kwargs)
    if username:
        c.force_login(_user(username))
    return c


def _public_token():
    from citizen_messages.models import DeputyToken

    return DeputyToken.objects.filter(is_active=True).order_by("pk").values_list("token", flat=True).first()


def _url_for(pattern, namespace, user):
    """The pattern filled with records `user` may see, or None."""
    kwargs = {}
    models = url_models(pattern)
    for name in pattern.pattern.converters:
        if name in models:
            obj = visible(models[name], user).order_by("pk").first() if user else None
            if obj is None:
                return None
            kwargs[name] = obj.pk
        elif name == "token":
            kwargs[name] = _public_token()
        elif name in FILLERS:
            kwargs[name] = FILLERS[name]
        else:
            return None
    try:
        return reverse(f"{namespace}{pattern.name}", kwargs=kwargs)
    except Exception:
        return None


def _reachable():
    """(url, username, page html) for each portal URL, as the first role that gets a 200 from it."""
    seen = set()
    for _route, pattern, namespace in named_portal_urls():
        if not pattern.name:
            continue
        scope, _cls = view_scope_of(pattern)
        roles = (None,) if scope == "public" else ROLES[:-1]
        for username in roles:
            user = _user(username) if username else None
            url = _url_for(pattern, namespace, user)
            if url is None or url in seen:
                continue
            response = _client(username).get(url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                seen.add(url)
                yield url, username, response.content.decode(errors="replace")
                break


FORM_RE = re.compile(r"<form\b[^>]*method=[\"']post[\"'][^>]*>(.*?)</form>", re.S | re.I)
FIELD_RE = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.I)


def _fields(form_html):
    """(name, type, value) of each field of a form."""
    out = []
    for _tag, attrs in FIELD_RE.findall(form_html):
        name = re.search(r'name="([^"]+)"', attrs)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', attrs)
        value = re.search(r'value="([^"]*)"', attrs)
        out.append((name.group(1), (kind.group(1) if kind else "text").lower(), value.group(1) if value else ""))
    return out


def _check(failures, where, response):
    if response.status_code >= 500:
        failures.append(f"{where} answered {response.status_code}")
    elif response.status_code == 200 and SCRIPT in response.content.decode(errors="replace"):
        failures.append(f"{where} showed the script unescaped")


@functools.cache
def _bomb() -> bytes:
    from PIL import Image

    bomb = io.BytesIO()
    Image.new("1", (15000, 15000)).save(bomb, "PNG")  # 225 million pixels in 27 kB
    return bomb.getvalue()


def _lying_uploads():
    return [
        SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a picture", content_type="image/png"),
        SimpleUploadedFile("bomb.png", _bomb(), content_type="image/png"),
        SimpleUploadedFile("a" * 251 + ".png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        SimpleUploadedFile("roster.xlsx", b"PK\x03\x04 broken zip", content_type="application/vnd.ms-excel"),
    ]


def test_every_form_and_public_endpoint_survives_the_corpus(demo, db):
    failures, pages, posts = [], 0, 0
    for url, username, html in _reachable():
        pages += 1
        client = _client(username)
        for value in CORPUS:
            # A query string is read value by value: a short "oversized" one is enough there.
            query = urlencode(dict.fromkeys(QUERY_PARAMS, value[:500]))
            _check(failures, f"{username} GET {url}?…={value[:20]!r}", client.get(f"{url}?{query}"))
        _check(failures, f"{username} GET {url} invalid UTF-8", client.get(f"{url}?q=%FF%FE%00&page=%C0"))
        for form_html in FORM_RE.findall(html)[:2]:
            fields = _fields(form_html)
            base = {n: v for n, k, v in fields if k in ("hidden", "checkbox", "radio") and n}
            typed = [n for n, k, _v in fields if k not in ("hidden", "checkbox", "radio", "submit", "file", "button")]
            files = [n for n, k, _v in fields if k == "file"]
            for value in CORPUS:
                posts += 1
                data = {**base, **dict.fromkeys(typed, value)}
                _check(failures, f"{username} POST {url} {value[:20]!r}", client.post(url, data))
            raw = "&".join(f"{n}=%FF%FE%00" for n in typed) or "x=%FF"
            _check(
                failures,
                f"{username} POST {url} invalid UTF-8",
                client.post(url, raw, content_type="application/x-www-form-urlencoded"),
            )
            declared = urlencode({**base, **dict.fromkeys(typed, "路灯坏了𠀀😀")}, encoding="gb18030")
            _check(
                failures,
                f"{username} POST {url} charset=gb18030",
                client.post(url, declared, content_type="application/x-www-form-urlencoded; charset=gb18030"),
            )
            strict = _client(username, enforce_csrf_checks=True)
            refused = strict.post(url, {**base, **dict.fromkeys(typed, "x")})
            if refused.status_code != 403:
                failures.append(f"{username} POST {url} without a CSRF token answered {refused.status_code}")
            for upload in _lying_uploads() if files else []:
                posted = client.post(url, {**base, **dict.fromkeys(files, upload)})
                _check(failures, f"{username} POST {url} upload {upload.name[:20]}", posted)
        if username is None:
            foreign = Client(raise_request_exception=False).get(url, HTTP_HOST="evil.example")
            _check(failures, f"GET {url} foreign Host", foreign)
            big = Client(raise_request_exception=False).post(
                url, "x=" + "A" * (11 * 1024 * 1024), content_type="application/x-www-form-urlencoded"
            )
            if big.status_code >= 500:
                failures.append(f"POST {url} oversized body answered {big.status_code}")
    assert pages > 40 and posts > 100, (pages, posts)
    assert not failures, "\n".join(failures[:60]) + f"\n({len(failures)} in all)"
