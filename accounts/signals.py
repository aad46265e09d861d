"""Enforce the separation of the three administrators on every path that changes groups.

The admin form checks it too (for a friendly message); this guard catches the shell, scripts,
and any later view that calls `user.groups.add(...)`.
"""

from django.contrib.auth.models import Group

from .roles import ROLE_BY_GROUP_NAME, check_exclusive_roles


def guard_exclusive_roles(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        # group.user_set.add(users...): check each user against this group.
        group_role = ROLE_BY_GROUP_NAME.get(instance.name)
        if not group_role:
            return
        for user in model.objects.filter(pk__in=pk_set):
            check_exclusive_roles(set(user.role_keys) | {group_role})
        return
    names = set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    names |= set(instance.groups.values_list("name", flat=True))
    check_exclusive_roles({ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME})
    instance.__dict__.pop("_role_keys", None)


# --- the security audit trail and the sessions of a disabled account ----------------------------


def _was_active(sender, instance, **kwargs):
    """Remember whether the account was active before this save (to notice it being disabled)."""
    if instance.pk:
        instance._was_active = sender._default_manager.filter(pk=instance.pk, is_active=True).exists()


def after_user_saved(sender, instance, created, **kwargs):
    from . import audit
    from .models import AuditEvent
    from .passwords import remember_password

    if instance.__dict__.pop("_password_set", False) and instance.has_usable_password():
        remember_password(instance)
    if not created and not instance.is_active and instance.__dict__.pop("_was_active", False):
        end_sessions(instance)
        audit.record(AuditEvent.Event.USER_DISABLED, user=None, username=instance.get_username(), obj=instance)


def end_sessions(user) -> int:
    """Delete every stored session of `user` (database sessions: they hold the user's id).

    Sessions expire after 30 idle minutes, so the rows still alive are few; each is decoded here
    because the session table has no user column."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def record_role_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from . import audit
    from .models import AuditEvent

    verb = {"post_add": "+", "post_remove": "-", "post_clear": "-*"}[action]
    if reverse:  # group.user_set.add(...): instance is the group
        users = list(model.objects.filter(pk__in=pk_set or ()))
        names = [instance.name]
    else:
        users = [instance]
        names = list(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    for user in users:
        user.__dict__.pop("_role_keys", None)
        audit.record(
            AuditEvent.Event.ROLE_CHANGE,
            user=None,
            username=user.get_username(),
            obj=user,
            detail=f"{verb} {'、'.join(names)}",
        )


def record_login(sender, request, user, **kwargs):
    from . import audit
    from .models import AuditEvent

    if request is not None:
        # The start of the session, for the 12-hour absolute limit (accounts.middleware).
        from .middleware import mark_session_start

        mark_session_start(request)
        # What the session still has to do: a code, an enrolment, or nothing (accounts.second_factor).
        from .second_factor import PENDING, begin

        detail = "password; code pending" if begin(request, user) == PENDING else ""
    else:
        detail = ""
    audit.record(AuditEvent.Event.LOGIN, request=request, user=user, detail=detail)


def record_logout(sender, request, user, **kwargs):
    from . import audit
    from .models import AuditEvent

    if user is not None:
        audit.record(AuditEvent.Event.LOGOUT, request=request, user=user)


def record_login_failed(sender, credentials, request=None, **kwargs):
    from . import audit
    from .backends import find_user
    from .models import AuditEvent

    typed = str(credentials.get("username") or "")
    # A wrong code at the second step (accounts.second_factor.check) is sent as a failed login too,
    # so django-axes counts it; here it is recorded as what it is.
    second_factor = credentials.get("second_factor")
    audit.record(
        AuditEvent.Event.OTP_FAILED if second_factor else AuditEvent.Event.LOGIN_FAILED,
        request=request,
        user=find_user(typed),
        username=typed,
        outcome=AuditEvent.Outcome.FAILURE,
        detail=str(second_factor or ""),
    )


def record_lockout(sender, request, username, ip_address, **kwargs):
    from . import audit
    from .backends import find_user
    from .models import AuditEvent

    if request is not None:
        if getattr(request, "_audit_lock_recorded", False):
            return
        request._audit_lock_recorded = True
    audit.record(
        AuditEvent.Event.LOCKED,
        request=request,
        user=find_user(username or ""),
        username=username or "",
        outcome=AuditEvent.Outcome.DENIED,
        detail=ip_address or "",
    )
