"""The citizens' pages: entry by township/station, the message page behind a QR token, tracking.

Kept light on purpose: a small dedicated stylesheet instead of Bootstrap, inputs written by hand in
the template (MessageForm still validates), no JavaScript, at most 3 queries for the GET."""

import re
import threading
import time
from types import SimpleNamespace

from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie

from accounts.http import client_ip
from accounts.models import Region, RegionKind
from accounts.scoping import view_scope
from core.files import public_file_url
from core.regions import county_of
from deputies.models import deputy_title

from . import abuse, selectors, services
from .forms import MessageForm, RateForm, TrackForm
from .models import Category, Rating, Status


def _not_found(request):
    # One 404 for unknown, rotated and disabled tokens: byte for byte the same page.
    return render(request, "citizen_messages/public/not_found.html", status=404)


FACTS_TTL = 300  # public facts of a deputy (congress, station) may lag an edit by 5 minutes


def _facts_key(deputy_id) -> str:
    return f"cm:facts:{deputy_id}"


def _deputy_facts(deputy, cached: dict) -> dict:
    """Congress terms and station name: from the cache fetched with the limits, else 1–2 queries.
    The terms are kept as (place, number) so each language composes its own title."""
    facts = cached.get(_facts_key(deputy.pk))
    if facts is None or not isinstance(facts.get("terms"), tuple):
        facts = {
            "station": selectors.station_names_for([deputy.pk]).get(deputy.pk, ""),
            "terms": tuple(selectors.congress_terms([deputy.pk]).get(deputy.pk, ())),
        }
        abuse.cache_set(_facts_key(deputy.pk), facts, FACTS_TTL)
    return facts


def _page_context(token_row, form, facts, *, captcha=False, errors=None, general=()):
    ctx = {
        "deputy": token_row.deputy,
        "initial": token_row.deputy.name[:1],
        # The public route of core/files.py (the shell's stand-in has no record: its slot is filled in).
        "photo_url": public_file_url(token_row.deputy, "photo")
        if token_row.deputy.photo and token_row.deputy.pk
        else "",
        "token": token_row.token,
        "station": facts["station"],
        "deputy_title": deputy_title(facts["terms"]),
        "form": form,
        "data": form.data if form.is_bound else {},
        "errors": errors if errors is not None else (form.errors if form.is_bound else {}),
        "general_errors": list(general) + (list(form.non_field_errors()) if form.is_bound else []),
        "categories": Category.choices,
        "stamp": abuse.make_stamp(token_row.token),
        "body_max": 1000,
    }
    if captcha:
        ctx["captcha_question"], ctx["captcha_key"] = abuse.make_captcha()
    return ctx


# The GET page without errors or captcha differs between visitors only in the CSRF token and the form
# stamp, and between deputies only in their name, photo and public facts. So its HTML is rendered once
# per (language, has photo, has a congress term, has station) with markers in those places, split at the
# markers, and kept in the process; a request joins the parts with its own (escaped) values. Rendering
# the template every time cost ~1.2 ms of CPU, ten times a bare template, and a shell per token (as
# before) missed on nearly every request once the QR codes of 200,000 deputies were being scanned
# (docs/performance.md).
_SLOT = "__CM_SLOT_%s__"
_SLOT_RE = re.compile(r"__CM_SLOT_([a-z]+)__")
_shells: dict = {}
_shells_lock = threading.Lock()


def _shell(request, facts, has_photo: bool) -> list[str]:
    """The page split at its markers: literal HTML at even positions, slot names at odd ones."""
    key = (get_language(), has_photo, bool(facts["terms"]), bool(facts["station"]))
    parts = _shells.get(key)
    if parts is not None:
        return parts
    stand_in = SimpleNamespace(name=_SLOT % "name", photo=has_photo, pk=None)
    facts_in = {"station": _SLOT % "station" if facts["station"] else "", "terms": ()}
    ctx = _page_context(SimpleNamespace(deputy=stand_in, token=""), MessageForm(), facts_in)
    ctx.update(stamp=_SLOT % "stamp", csrf_token=_SLOT % "csrf", initial=_SLOT % "initial")
    ctx.update(photo_url=_SLOT % "photo" if has_photo else "", deputy_title=_SLOT % "title" if facts["terms"] else "")
    parts = _SLOT_RE.split(render(request, "citizen_messages/public/message.html", ctx).content.decode())
    with _shells_lock:
        _shells[key] = parts
    return parts


def _shell_page(request, token_row, facts) -> HttpResponse:
    deputy = token_row.deputy
    parts = _shell(request, facts, bool(deputy.photo))
    values = {
        "name": escape(deputy.name),
        "initial": escape(deputy.name[:1]),
        "photo": escape(public_file_url(deputy, "photo")) if deputy.photo else "",
        "title": escape(deputy_title(facts["terms"])),
        "station": escape(facts["station"]),
        "csrf": get_token(request),
        "stamp": abuse.make_stamp(token_row.token),
    }
    return HttpResponse("".join(values[p] if i % 2 else p for i, p in enumerate(parts)))


@view_scope("public")
@ensure_csrf_cookie
@never_cache
def message_page(request, token):
    """GET: the deputy's card and the form. POST: validate, limit, store once, show the code."""
    # A POST's stamp is read first: its nonce lets the token query also say whether this form was
    # stored already and how many messages the deputy received today (one round trip, not three).
    stamp = abuse.read_stamp(request.POST.get("stamp", ""), token) if request.method == "POST" else None
    if request.method != "POST":
        # One query (the token with the deputy's public facts, also for a token seen for the first
        # time) and one cache round trip (the limits).
        token_row = selectors.public_token(token)
        if token_row is None:
            return _not_found(request)
        limits, _cached = abuse.peek(token_row.token, client_ip(request))
        facts = token_row.facts
        if not limits.near:
            return _shell_page(request, token_row, facts)
        form = MessageForm()
        return render(
            request, "citizen_messages/public/message.html", _page_context(token_row, form, facts, captcha=True)
        )

    token_row = services.active_token(token, nonce=stamp["n"] if stamp else "")
    if token_row is None:
        return _not_found(request)
    ip = client_ip(request)
    form = MessageForm(request.POST)
    honeypot = bool(request.POST.get("website"))
    replay = token_row.stored_id is not None  # this form was stored already (double tap, reload)
    too_fast = stamp is not None and time.time() - stamp["t"] < abuse.min_fill_seconds()
    captcha_key = request.POST.get("captcha_key", "")
    captcha_ok = bool(captcha_key) and abuse.check_captcha(captcha_key, request.POST.get("captcha", ""))
    # Whether this submission counts against the limits is known before the cache is asked, so the
    # limits are read and (if so) counted in one round trip, which also brings the deputy's facts.
    counts = stamp is not None and not honeypot and not replay and not too_fast and form.is_valid()
    limits, cached = abuse.admit(
        token_row.token, ip, count=counts, captcha_ok=captcha_ok, extra_keys=[_facts_key(token_row.deputy_id)]
    )
    general = []
    status = 200
    if stamp is None:
        general.append(_("页面已过期，请重新填写后提交"))
    if honeypot:
        general.append(_("提交失败，请稍后再试"))
    if limits.exceeded:
        general.append(_("留言过于频繁，请稍后再试"))
        status = 429
    if limits.near and not captcha_ok:
        general.append(_("请正确回答验证问题"))
    if stamp is not None and not general and form.is_valid():
        # A replay of a stored form shows the first result and counts nothing.
        existing = services.stored(stamp["n"]) if replay else None
        if existing is not None:
            return _sent(request, existing, services.tracking_code_for(stamp["n"]), replayed=True)
        if too_fast:
            general.append(_("提交太快了，请确认内容后再次提交"))
        elif limits.over:
            general.append(_("留言过于频繁，请稍后再试"))
            status = 429
    if general or not form.is_valid():
        # The deputy's public facts only for a page shown again (a successful POST never needs them).
        facts = _deputy_facts(token_row.deputy, cached)
        ctx = _page_context(
            token_row, form, facts, captcha=limits.near or status == 429, errors=form.errors, general=general
        )
        return render(request, "citizen_messages/public/message.html", ctx, status=status if status != 200 else 400)

    message, code, created = services.submit(token_row=token_row, nonce=stamp["n"], cleaned=form.cleaned_data)
    return _sent(request, message, code, replayed=not created)


def _sent(request, message, code, *, replayed):
    """The tracking-code page, from a shell rendered once per (language, replayed) like the form's, with
    markers for the deputy's name, the code and the CSRF token: rendering it cost 0.6 ms of CPU per
    submission (docs/performance.md)."""
    key = ("sent", get_language(), replayed)
    parts = _shells.get(key)
    if parts is None:
        ctx = {
            "deputy": SimpleNamespace(name=_SLOT % "name"),
            "code": _SLOT % "code",
            "csrf_token": _SLOT % "csrf",
            "replayed": replayed,
        }
        parts = _SLOT_RE.split(render(request, "citizen_messages/public/sent.html", ctx).content.decode())
        with _shells_lock:
            _shells[key] = parts
    values = {"name": escape(message.deputy.name), "code": escape(code), "csrf": get_token(request)}
    return HttpResponse("".join(values[p] if i % 2 else p for i, p in enumerate(parts)))


@view_scope("public")
@csrf_protect
@never_cache
def track(request):
    """Enter the tracking code (POST, so it never sits in a URL or a log) and read the answer."""
    message = None
    form = TrackForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if not abuse.tracking_lookup_allowed(client_ip(request)):
            error = _("查询过于频繁，请稍后再试")
        else:
            message = services.find_by_code(form.cleaned_data["code"])
            if message is None:
                error = _("没有找到该查询码对应的留言，请核对后重试")
    elif request.method == "POST":
        error = _("请输入查询码")
    ctx = {
        "form": form,
        "message": message,
        "error": error,
        "code": services.normalise_code(form.data.get("code", "")) if form.is_bound else "",
        "ratings": Rating.choices,
        "can_rate": bool(message and message.status in (Status.ANSWERED, Status.CLOSED) and not message.rating),
    }
    return render(
        request,
        "citizen_messages/public/track.html",
        ctx,
        status=200 if not error else 404 if message is None and form.is_valid() else 400,
    )


@view_scope("public")
@csrf_protect
@never_cache
def rate(request):
    if request.method != "POST":
        raise Http404
    form = RateForm(request.POST)
    message = None
    error = ""
    if form.is_valid():
        if not abuse.tracking_lookup_allowed(client_ip(request)):
            error = _("查询过于频繁，请稍后再试")
        else:
            message = services.find_by_code(form.cleaned_data["code"])
            if message is None:
                error = _("没有找到该查询码对应的留言，请核对后重试")
            else:
                from django.core.exceptions import ValidationError

                try:
                    message = services.rate(message, form.cleaned_data["rating"])
                except ValidationError as e:
                    error = " ".join(e.messages)
    else:
        error = _("请选择评价")
    ctx = {
        "form": TrackForm(initial={"code": request.POST.get("code", "")}),
        "message": message,
        "error": error,
        "rated": message is not None and not error,
        "code": services.normalise_code(request.POST.get("code", "")),
        "ratings": Rating.choices,
        "can_rate": False,
    }
    return render(request, "citizen_messages/public/track.html", ctx, status=200 if not error else 400)


@view_scope("public")
def entry(request):
    """民意直通车: choose a county, then a township or a station, then a deputy."""
    region_code = (request.GET.get("region") or "").strip()
    station_key = (request.GET.get("station") or "").strip()
    region = None
    if region_code.isdigit() and len(region_code) in (6, 9):
        region = Region.objects.filter(code=region_code).first()
    ctx = {"region": region, "counties": [], "townships": [], "stations": [], "deputies": [], "station": None}
    if station_key:
        ids = selectors.deputy_ids_of_station(station_key)
        if ids is None:
            raise Http404
        ctx["deputies"] = selectors.public_deputies(deputy_ids=ids)
        county = county_of(region_code) if region else ""
        ctx["station"] = (
            next((s for s in selectors.public_stations(county) if s["key"] == station_key), None) if county else None
        )
    elif region is None:
        ctx["counties"] = selectors.counties_with_deputies()
    elif region.kind == RegionKind.COUNTY:
        ctx["townships"] = selectors.townships_of(region.code)
        ctx["stations"] = selectors.public_stations(region.code)
    else:
        ctx["deputies"] = selectors.public_deputies(region_code=region.code)
        ctx["county"] = Region.objects.filter(code=county_of(region.code)).first()
    return render(request, "citizen_messages/public/entry.html", ctx)
