"""Exactly-once writes for the deputy's phone (docs/offline.md).

`idempotent` wraps a view that takes a POST from the deputy's offline queue (or from the plain form,
which carries a key too). The phone makes a UUID per record and sends it as `Idempotency-Key` (or the
`idempotency_key` field); the first request with that key runs the view and stores its outcome in
core.IdempotentRequest in the same transaction, every later one gets the stored outcome back.

A client that asks for JSON (`Accept: application/json`) gets
`{"ok": true, "redirect": ..., "messages": [...]}` or, for a refusal, HTTP 422 with
`{"ok": false, "errors": [...]}` in the deputy's language, so the queue can show the reason and keep
the text. A refusal stores nothing: the deputy corrects the record and sends it again.
"""

import uuid
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"


def _key(request):
    raw = request.headers.get(HEADER) or request.POST.get(FIELD)
    if not raw:
        return None
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return False


def _form_errors(response):
    """Errors of the forms a refused page shows again (TemplateResponse keeps its context)."""
    errors = []
    for value in (getattr(response, "context_data", None) or {}).values():
        form_errors = getattr(value, "errors", None)
        if getattr(value, "is_bound", False) and form_errors:
            for field, texts in form_errors.items():
                label = value.fields[field].label if field in value.fields else ""
                errors += [f"{label}：{t}" if label else str(t) for t in texts]
    return errors


def outcome(request, response, consume):
    """What the view did, read off its response and the messages it flashed:
    (refused?, texts, redirect URL). A JSON client shows the messages itself, so they are marked
    shown (`consume`); a plain form keeps them for the page it is redirected to."""
    storage = messages.get_messages(request)
    flashed = list(storage)
    storage.used = consume
    errors = [str(m) for m in flashed if m.level >= messages.ERROR] + _form_errors(response)
    if not errors and response.status_code >= 400:
        errors = [_("提交未被接受（%(code)s），请检查后重试") % {"code": response.status_code}]
    texts = [str(m) for m in flashed if m.level < messages.ERROR]
    return bool(errors), errors or texts, response.get("Location", "")


def _replay(request, record, wants_json):
    if wants_json:
        return JsonResponse({**record.result, "replayed": True})
    messages.info(request, _("这条记录已经提交过，没有重复保存"))
    return redirect(record.result.get("redirect") or request.path)


def idempotent(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        key = _key(request) if request.method == "POST" else None
        if key is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        wants_json = "application/json" in request.headers.get("Accept", "")
        if key is False:
            return JsonResponse({"ok": False, "errors": [_("提交编号无效，请刷新页面后重试")]}, status=400)
        try:
            with transaction.atomic():
                # On PostgreSQL a concurrent resend waits here on the unique index until the first
                # request commits, then fails the insert and reads the stored result below.
                record, created = IdempotentRequest.objects.get_or_create(
                    user=request.user, key=key, defaults={"path": request.path[:200]}
                )
                if not created:
                    if record.path != request.path[:200]:
                        return JsonResponse({"ok": False, "errors": [_("提交编号已用于另一项操作")]}, status=409)
                    return _replay(request, record, wants_json)
                response = view(request, *args, **kwargs)
                refused, texts, location = outcome(request, response, consume=wants_json)
                if refused:
                    transaction.set_rollback(True)
                    if wants_json:
                        return JsonResponse({"ok": False, "errors": texts}, status=422)
                    return response
                record.result = {"ok": True, "redirect": location, "messages": texts}
                record.save(update_fields=["result"])
                return JsonResponse(record.result) if wants_json else response
        except (Http404, PermissionDenied):
            if not wants_json:
                raise
            # A queued record that no longer fits: the duty was given to another deputy, the message
            # moved on. Said so in words, or the queue would keep resending a record nobody can take.
            reason = _("这条记录对应的事项已不存在或已不归您办理（可能已调整给其他代表）")
            return JsonResponse({"ok": False, "errors": [reason]}, status=422)
        except IntegrityError:
            # SQLite has no row lock to wait on: the loser of a race gets here; the winner has committed.
            record = IdempotentRequest.objects.get(user=request.user, key=key)
            return _replay(request, record, wants_json)

    return wrapped
