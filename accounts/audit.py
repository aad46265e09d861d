"""Writing the security audit trail (AuditEvent): one function, called from every place that must
leave a trace. It never raises: an audit write that fails is logged, and the request goes on (the
event is still in the server log)."""

import logging

from django.db import transaction

from .http import client_ip

log = logging.getLogger("renda.audit")


def record(event, *, request=None, user=None, username="", obj=None, outcome="success", detail="") -> None:
    from .models import AuditEvent

    if user is None and request is not None and getattr(request.user, "is_authenticated", False):
        user = request.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    values = {
        "event": event,
        "outcome": outcome,
        "user": user,
        "username": (username or (user.get_username() if user else ""))[:150],
        "ip": client_ip(request)[:45] if request is not None else "",
        "detail": str(detail)[:255],
    }
    if obj is not None:
        values.update(
            object_type=obj._meta.label,
            object_id=str(obj.pk)[:64],
            object_repr=str(obj)[:200],
        )
    log.info("audit %s %s user=%s ip=%s %s", event, outcome, values["username"], values["ip"], values["detail"])
    try:
        with transaction.atomic():  # a savepoint: a failed insert must not break the caller's transaction
            AuditEvent.objects.create(**values)
    except Exception:  # the trail must not turn a page into a 500
        log.exception("audit: could not store %s", event)
