"""Every state change of a citizen message: one function each, checked, in one transaction, with the
history row. A refused change raises ValidationError with a Chinese message."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.recipients import staff_for
from notifications.services import notify
from similar.services import index_later
from suggestions import services as suggestions_services

from . import abuse
from .models import (
    DeputyToken,
    EventKind,
    HoldReason,
    Message,
    MessageEvent,
    Rating,
    Status,
    digest,
)
from .workflow import MACHINE

TOKEN_BYTES = 18  # 144 bits, 24 URL-safe characters
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L


def daily_cap() -> int:
    return getattr(settings, "CITIZEN_MESSAGES_DAILY_CAP", 20)


def remind_days() -> int:
    return getattr(settings, "CITIZEN_MESSAGES_REMIND_DAYS", 7)


def retention_days() -> int:
    return getattr(settings, "CITIZEN_MESSAGES_RETENTION_DAYS", 365)


# --- tokens ---------------------------------------------------------------------------------
def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _revoke(deputy):
    return DeputyToken.objects.filter(deputy=deputy, is_active=True).update(is_active=False, revoked_at=timezone.now())


@transaction.atomic
def ensure_token(deputy) -> DeputyToken:
    """The deputy's active token, created when missing."""
    existing = DeputyToken.objects.filter(deputy=deputy, is_active=True).first()
    return existing or DeputyToken.objects.create(deputy=deputy, token=new_token())


@transaction.atomic
def rotate_token(deputy) -> DeputyToken:
    """A new token; the old one stops working at once."""
    _revoke(deputy)
    return DeputyToken.objects.create(deputy=deputy, token=new_token())


@transaction.atomic
def disable_token(deputy) -> int:
    if not _revoke(deputy):
        raise ValidationError(_("该代表没有有效的二维码"))
    return 1


# The token lookup runs on every public GET and POST. Its queryset (select_related two levels deep,
# .only(), and on a POST two subqueries) cost 1.3–2.2 ms of CPU to compile per request, more than the
# query itself takes in the database, so the SQL is written once here and the rows are built with
# Model.from_db (deferred fields as with .only()). tests/citizen_messages/test_post_cost.py checks it
# against the ORM's answer on both databases.
_TOKEN_SQL: dict = {}


def _token_sql(vendor: str, with_nonce: bool) -> str:
    sql = _TOKEN_SQL.get((vendor, with_nonce))
    if sql is None:
        from accounts.models import User
        from deputies.models import Deputy

        quote = connection.ops.quote_name
        tokens, deputies, users, messages = (
            quote(model._meta.db_table) for model in (DeputyToken, Deputy, User, Message)
        )
        extra = ""
        if with_nonce:
            extra = (
                f", (SELECT m.id FROM {messages} m WHERE m.nonce = %s LIMIT 1)"
                f", (SELECT COUNT(*) FROM {messages} m WHERE m.deputy_id = t.deputy_id AND m.created_at >= %s)"
            )
        sql = _TOKEN_SQL[(vendor, with_nonce)] = (
            f"SELECT t.id, t.token, t.deputy_id, d.name, d.photo, d.region_id, d.user_id, u.email{extra} "
            f"FROM {tokens} t INNER JOIN {deputies} d ON d.id = t.deputy_id "
            f"LEFT OUTER JOIN {users} u ON u.id = d.user_id "
            "WHERE t.token = %s AND t.is_active LIMIT 1"
        )
    return sql


def _from_db(model, **values):
    """An instance with only these fields loaded (the others deferred), as .only() would build it;
    Model.from_db wants the values in the model's field order."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def active_token(token: str, nonce: str = ""):
    """The active token row with its deputy (id, name, photo, region) and the deputy's account (id,
    email: a submission notifies it), or None (unknown, rotated, disabled). One query.

    With the `nonce` of a posted form the row also carries, read in the same query (one round trip
    instead of three on the citizen's POST): `stored_id`, the message already stored for that nonce
    (a double tap, a replay) or None, and `received_today`, the deputy's messages since midnight."""
    if not token or len(token) > 64:
        return None
    from accounts.models import User
    from deputies.models import Deputy

    params: list = [token]
    if nonce:
        params = [nonce, connection.ops.adapt_datetimefield_value(_midnight()), token]
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(connection.vendor, bool(nonce)), params)
        row = cursor.fetchone()
    if row is None:
        return None
    deputy = _from_db(Deputy, id=row[2], name=row[3], photo=row[4], region_id=row[5], user_id=row[6])
    if row[6] is not None:
        deputy.user = _from_db(User, id=row[6], email=row[7] or "")
    token_row = _from_db(DeputyToken, id=row[0], token=row[1], deputy_id=row[2])
    token_row.deputy = deputy
    if nonce:
        token_row.stored_id, token_row.received_today = row[8], row[9]
    return token_row


# --- tracking codes -------------------------------------------------------------------------
def tracking_code_for(nonce: str) -> str:
    """The citizen's tracking code, derived from the form's one-time nonce with the secret key.

    A replay of the same form (double tap, reload) finds the same message and can show the same
    code again; nobody without the nonce (which only the submitter's page held) can derive it.
    20 characters of a 31-letter alphabet: about 99 bits."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"cm-track:{nonce}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(mac, "big")
    chars = []
    for _i in range(20):
        number, r = divmod(number, len(TRACKING_ALPHABET))
        chars.append(TRACKING_ALPHABET[r])
    return "-".join("".join(chars[i : i + 5]) for i in range(0, 20, 5))


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    raw = raw.replace("O", "0").replace("I", "1").replace("L", "1")
    return "-".join(raw[i : i + 5] for i in range(0, len(raw), 5))


def find_by_code(code: str):
    code = normalise_code(code)
    if len(code) != 23:
        return None
    return Message.objects.select_related("deputy").filter(tracking_digest=digest(code)).first()


# --- submission -----------------------------------------------------------------------------
def _deputy_link(message) -> str:
    return reverse("citizen_messages:inbox_detail", args=[message.pk])


def stored(nonce: str):
    """The message already stored for this form's nonce (a double tap or a replay), or None."""
    return Message.objects.select_related("deputy").only("id", "deputy__id", "deputy__name").filter(nonce=nonce).first()


def _midnight():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def received_today(deputy_id) -> int:
    """Messages the deputy received today (the daily cap counts them)."""
    return Message.objects.filter(deputy_id=deputy_id, created_at__gte=_midnight()).count()


def _received_today(token_row) -> int:
    counted = getattr(token_row, "received_today", None)  # read with the token (active_token(nonce=...))
    return received_today(token_row.deputy_id) if counted is None else counted


def submit(*, token_row, nonce: str, cleaned: dict) -> tuple[Message, str, bool]:
    """Store one message; returns (message, tracking code, created). A second call with the same
    nonce (double tap, replay) returns the first message and stores nothing: the unique index on
    the nonce refuses the second row (the public view looks the nonce up before it counts the
    submission against the limits, so it does not ask again here).

    The message and the deputy's notification (the outbox row its email is sent from) are written in
    one transaction, and nothing else happens in the request: the notifications sweep (every minute)
    sends the email, similar.tasks.index_pending (every minute) indexes the message for similar
    items. Both used to run here and cost more than the rest of the request (docs/performance.md).
    Redis down changes nothing for the message: both wait in the database."""
    code = tracking_code_for(nonce)
    deputy = token_row.deputy
    words = abuse.sensitive_words_in(cleaned["body"], deputy.region_id)
    status, reason = Status.NEW, HoldReason.NONE
    if words:
        status, reason = Status.HELD, HoldReason.SENSITIVE
    elif _received_today(token_row) >= daily_cap():
        status, reason = Status.HELD, HoldReason.DAILY_CAP
    message = Message(
        deputy=deputy,
        region_id=deputy.region_id,
        token=token_row,
        category=cleaned["category"],
        body=cleaned["body"],
        citizen_name=cleaned.get("name", ""),
        citizen_phone=cleaned.get("mobile", ""),
        status=status,
        hold_reason=reason,
        matched_words="、".join(words)[:200],
        tracking_digest=digest(code),
        nonce=nonce,
    )
    index_later(message)
    try:
        with transaction.atomic():
            message.save(force_insert=True)
            if status == Status.NEW:
                _notify_deputy_new(message, new=True)
    except IntegrityError:  # the same nonce was stored by a concurrent request
        existing = stored(nonce)
        if existing is None:
            raise
        return existing, code, False
    return message, code, True


def _notify_deputy_new(message, new: bool = False) -> None:
    """`new`: the message was inserted in this transaction, so its notification cannot exist yet; the
    email is then left to the notifications sweep (no broker publish in the citizen's request)."""
    user = message.deputy.user
    if user is None:
        return
    notify(
        user,
        kind="citizen_messages.new",
        subject=_("您收到一条群众留言"),
        body=message.body[:200],
        dedup_key=f"cm:{message.pk}:new",
        link=_deputy_link(message),
        new_key=new,
        email_by_sweep=new,
    )


def _event(message, kind, actor=None, note=""):
    return MessageEvent.objects.create(message=message, kind=kind, actor=actor, note=note)


def _begin(message, action, user) -> Message:
    """Re-read under a lock, then refuse in Chinese what the table in workflow.py refuses."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    MACHINE.check(message, action, user)
    return message


# --- merged handling: a message attached to a deputy's suggestion -----------------------------
@transaction.atomic
def attach_to_suggestion(message, suggestion, user) -> Message:
    """Staff make the message a source of a suggestion about the same matter (same county only).
    The message counts as forwarded; the suggestion's reply will be the citizen's answer."""
    message = _begin(message, "attach", user)
    message.suggestion = suggestion
    label = _("代表建议 #%(pk)s：%(title)s") % {"pk": suggestion.pk, "title": suggestion.title}
    MACHINE.move(
        message,
        Status.FORWARDED,
        action="attach",
        user=user,
        note=_("并入%(label)s办理") % {"label": label},
        update_fields=["suggestion"],
    )
    suggestions_services.record_source(
        suggestion,
        user,
        _("群众留言 #%(pk)s：%(text)s") % {"pk": message.pk, "text": message.body[:60]},
        region_id=message.region_id,
    )
    if message.deputy.user_id:
        notify(
            message.deputy.user,
            kind="citizen_messages.attached",
            subject=_("您收到的群众留言已并入代表建议办理，答复后将自动回复群众"),
            body=label,
            dedup_key=f"cm:{message.pk}:attached:{suggestion.pk}",
            link=_deputy_link(message),
        )
    return message


def on_suggestion_replied(sender, *, suggestion, reply, by=None, **kwargs):
    """`suggestions.signals.replied`: every open message attached to the suggestion is answered
    with the reply (the citizen sees it with the tracking code); its deputy is told. Returns how
    many were answered."""
    answered = 0
    for message in Message.objects.select_for_update().filter(
        suggestion=suggestion, status__in=[Status.NEW, Status.FORWARDED, Status.REOPENED]
    ):
        text = _("您反映的问题已并入代表建议办理，%(unit)s答复如下：\n%(text)s") % {
            "unit": reply.unit.name,
            "text": reply.text,
        }
        message.answer = text
        message.answered_at = timezone.now()
        message.answered_by = by
        MACHINE.move(
            message,
            Status.ANSWERED,
            action="suggestion_reply",
            user=by,
            note=text,
            update_fields=["answer", "answered_at", "answered_by"],
        )
        if message.deputy.user_id:
            notify(
                message.deputy.user,
                kind="citizen_messages.suggestion_replied",
                subject=_("并入代表建议的群众留言已随建议答复回复群众"),
                body=reply.text[:200],
                dedup_key=f"cm:{message.pk}:suggestion-reply:{reply.pk}",
                link=_deputy_link(message),
            )
        answered += 1
    return answered


# --- the deputy's actions -------------------------------------------------------------------
@transaction.atomic
def answer(message, user, answer: str, action: str = "answer") -> Message:
    text = (answer or "").strip()
    if not text:
        raise ValidationError(_("请填写回复内容"))
    message = _begin(message, action, user)
    if message.answer and message.answer != text:
        _event(message, EventKind.ANSWERED, user, _("修改前的回复：%(old)s") % {"old": message.answer})
    message.answer = text
    message.answered_at = timezone.now()
    message.answered_by = user
    MACHINE.move(
        message,
        Status.ANSWERED,
        action=action,
        user=user,
        note=text,
        update_fields=["answer", "answered_at", "answered_by"],
    )
    return message


@transaction.atomic
def forward(message, user, *, unit=None, to_staff=False, note="") -> Message:
    if not unit and not to_staff:
        raise ValidationError(_("请选择转交的单位或人大常委会工作人员"))
    message = _begin(message, "forward", user)
    message.forwarded_unit = unit
    message.forwarded_to_staff = bool(to_staff)
    message.forward_note = (note or "")[:200]
    target = unit.name if unit else _("人大常委会工作人员")
    MACHINE.move(
        message,
        Status.FORWARDED,
        action="forward",
        user=user,
        note=f"{target} {note}".strip(),
        update_fields=["forwarded_unit", "forwarded_to_staff", "forward_note"],
    )
    recipients = list(unit.active_staff()) if unit else []
    if to_staff:
        recipients += staff_for(message.region_id)
    for r in recipients:
        notify(
            r,
            kind="citizen_messages.forwarded",
            subject=_("代表转来一条群众留言"),
            body=message.body[:200],
            dedup_key=f"cm:{message.pk}:fwd:{message.events.count()}",
            link=reverse("citizen_messages:staff_detail", args=[message.pk])
            if r.is_region_staff
            else reverse("citizen_messages:unit_detail", args=[message.pk]),
        )
    return message


@transaction.atomic
def unit_reply(message, user, reply: str) -> Message:
    """A unit answers a message forwarded to it. The citizen does not see it: the deputy (or staff,
    publishing it) answers the citizen, so the reply goes to the deputy's inbox first."""
    text = (reply or "").strip()
    if not text:
        raise ValidationError(_("请填写答复内容"))
    message = _begin(message, "unit_reply", user)
    message.unit_reply = text
    message.unit_replied_at = timezone.now()
    message.unit_replied_by = user
    message.save(update_fields=["unit_reply", "unit_replied_at", "unit_replied_by"])
    event = MACHINE.event(message, action="unit_reply", user=user, note=text)
    if message.deputy.user_id:
        notify(
            message.deputy.user,
            kind="citizen_messages.unit_replied",
            subject=_("%(unit)s答复了您转办的群众留言，请回复群众") % {"unit": user.unit.name},
            body=text[:200],
            dedup_key=f"cm:{message.pk}:unit-reply:{event.pk}",
            link=_deputy_link(message),
        )
    return message


def publish_unit_reply(message, user) -> Message:
    """Staff approve the unit's reply as the answer the citizen sees."""
    if not message.unit_reply:
        raise ValidationError(_("承办单位尚未答复"))
    return answer(message, user, message.unit_reply, action="publish_unit_reply")


@transaction.atomic
def mark_handled(message, user, note="") -> Message:
    message = _begin(message, "handle", user)
    message.closed_at = timezone.now()
    MACHINE.move(message, Status.CLOSED, action="handle", user=user, note=note, update_fields=["closed_at"])
    return message


@transaction.atomic
def reveal_phone(message, user) -> str:
    """The full number, recorded in the history every time somebody asks for it."""
    _event(message, EventKind.PHONE_REVEALED, user)
    return message.citizen_phone


# --- the citizen's rating -------------------------------------------------------------------
@transaction.atomic
def rate(message, rating: str) -> Message:
    message = _begin(message, "rate", None)
    if rating not in Rating.values:
        raise ValidationError(_("请选择评价"))
    message.rating = rating
    message.rated_at = timezone.now()
    fields = ["rating", "rated_at"]
    MACHINE.event(message, action="rate", user=None, note=Rating(rating).label)
    if rating == Rating.UNSATISFIED:
        message.closed_at = None
        fields += ["closed_at"]
        MACHINE.move(message, Status.REOPENED, action="rate", user=None, save=False, record_as=EventKind.REOPENED)
        for r in staff_for(message.region_id):
            notify(
                r,
                kind="citizen_messages.reopened",
                subject=_("群众对留言回复不满意，请复核"),
                body=message.body[:200],
                dedup_key=f"cm:{message.pk}:reopened",
                link=reverse("citizen_messages:staff_detail", args=[message.pk]),
            )
    message.save(update_fields=[*fields, "status"])
    return message


# --- staff ----------------------------------------------------------------------------------
@transaction.atomic
def release(message, user) -> Message:
    message = _begin(message, "release", user)
    MACHINE.move(message, Status.NEW, action="release", user=user, update_fields=[])
    _notify_deputy_new(message)
    return message


@transaction.atomic
def hide(message, user, reason: str, note="") -> Message:
    from .models import HideReason

    if reason not in HideReason.values or not reason:
        raise ValidationError(_("请选择屏蔽原因"))
    message = _begin(message, "hide", user)
    message.hide_reason = reason
    message.closed_at = timezone.now()
    note = f"{HideReason(reason).label} {note}".strip()
    MACHINE.move(
        message, Status.HIDDEN, action="hide", user=user, note=note, update_fields=["hide_reason", "closed_at"]
    )
    return message


@transaction.atomic
def reassign(message, user, deputy) -> Message:
    message = _begin(message, "reassign", user)
    if deputy.pk == message.deputy_id:
        raise ValidationError(_("请选择另一位代表"))
    old = message.deputy
    message.deputy = deputy
    message.region_id = deputy.region_id
    message.save(update_fields=["deputy", "region"])
    MACHINE.event(message, action="reassign", user=user, note=f"{old.name} → {deputy.name}")
    if message.status == Status.NEW:
        _notify_deputy_new(message)
    return message


@transaction.atomic
def staff_close(message, user, note: str) -> Message:
    """Staff close a reopened message after reviewing it (with a note in the history)."""
    message = _begin(message, "staff_close", user)
    if not (note or "").strip():
        raise ValidationError(_("请填写复核意见"))
    message.closed_at = timezone.now()
    MACHINE.move(message, Status.CLOSED, action="staff_close", user=user, note=note, update_fields=["closed_at"])
    return message


# --- retention ------------------------------------------------------------------------------
def anonymise_closed(now=None) -> int:
    """Remove the citizen's name and phone from messages closed (or hidden) longer than the
    retention period; the text, the answer and the statistics stay."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    qs = Message.objects.filter(
        status__in=[Status.CLOSED, Status.HIDDEN], closed_at__lte=cutoff, anonymised_at__isnull=True
    )
    done = 0
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            Message.objects.filter(pk=pk).update(citizen_name="", citizen_phone="", anonymised_at=now)
            MessageEvent.objects.create(message_id=pk, kind=EventKind.ANONYMISED)
            done += 1
    return done


def is_staff(user) -> bool:
    return user.is_superuser or user.has_role(Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)
