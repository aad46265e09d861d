"""Every state change of a citizen message: one function each, checked, in one transaction, with the
history row. A refused change raises ValidationError with a Chinese message."""

import datetime
import hashlib
import hmac
import secrets
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.recipients import staff_for
from core.sql import CompiledQuery, from_row, insert_values
from notifications.services import build as build_notification
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


# The token lookup runs on every POST. Its queryset (two levels of joins, two subqueries) cost 1.3–2.2 ms
# of CPU to compile per request, more than the query takes in the database, so it is compiled once per
# process (core.sql.CompiledQuery) and only the token, the nonce and midnight change.
# tests/citizen_messages/test_post_cost.py checks the rows against plain ORM reads on both databases.
_NEVER = "!"  # a nonce no form carries (not of the URL-safe alphabet): a POST without a valid stamp


def _post_token_query(token, nonce, since):
    messages = Message.objects.order_by()
    cap = daily_cap()
    # Whether the deputy has had `cap` messages today: an index scan that stops at the cap-th row (a
    # COUNT read every message of the day, and a deputy flooded with thousands kept paying for them).
    today = messages.filter(deputy_id=OuterRef("deputy_id"), created_at__gte=since)
    at_cap = Exists(today[cap - 1 : cap]) if cap > 0 else Value(True)
    return (
        DeputyToken.objects.filter(token=token, is_active=True)
        .annotate(cm_stored=Subquery(messages.filter(nonce=nonce).values("id")[:1]), cm_at_cap=at_cap)
        .order_by()
        .values_list(
            "id",
            "token",
            "deputy_id",
            "deputy__name",
            "deputy__photo",
            "deputy__region_id",
            "deputy__user_id",
            "deputy__user__email",
            "cm_stored",
            "cm_at_cap",
        )[:1]
    )


_POST_TOKEN = CompiledQuery(
    _post_token_query,
    token="__cm_token__",
    nonce="__cm_nonce__",
    since=datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
)


def active_token(token: str, nonce: str = ""):
    """The active token row with its deputy (id, name, photo, region) and the deputy's account (id,
    email: a submission notifies it), or None (unknown, rotated, disabled). One query.

    The row also carries what the POST of a form with this `nonce` needs, read in the same query (one
    round trip instead of three): `stored_id`, the message already stored for that nonce (a double tap,
    a replay) or None, and `at_daily_cap`, whether the deputy has received daily_cap() messages today."""
    if not token or len(token) > 64:
        return None
    from accounts.models import User
    from deputies.models import Deputy

    row = _POST_TOKEN.fetchone(daily_cap(), token=token, nonce=nonce or _NEVER, since=_midnight())
    if row is None:
        return None
    pk, token, deputy_id, name, photo, region_id, user_id, email, stored_id, at_cap = row
    deputy = from_row(Deputy, id=deputy_id, name=name, photo=photo, region_id=region_id, user_id=user_id)
    if user_id is not None:
        deputy.user = from_row(User, id=user_id, email=email or "")
    token_row = from_row(DeputyToken, id=pk, token=token, deputy_id=deputy_id)
    token_row.deputy = deputy
    token_row.stored_id, token_row.at_daily_cap = stored_id, bool(at_cap)
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
def _deputy_link(pk) -> str:
    return reverse("citizen_messages:inbox_detail", args=[pk])


def stored(nonce: str):
    """The message already stored for this form's nonce (a double tap or a replay), or None."""
    return Message.objects.select_related("deputy").only("id", "deputy__id", "deputy__name").filter(nonce=nonce).first()


def _midnight():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def received_today(deputy_id) -> int:
    """Messages the deputy received today (the daily cap counts them)."""
    return Message.objects.filter(deputy_id=deputy_id, created_at__gte=_midnight()).count()


def _at_daily_cap(token_row) -> bool:
    at_cap = getattr(token_row, "at_daily_cap", None)  # read with the token (active_token)
    return received_today(token_row.deputy_id) >= daily_cap() if at_cap is None else at_cap


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
    elif _at_daily_cap(token_row):
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
        # Inside a caller's transaction (tests, a shell) a savepoint, so a refused nonce leaves it usable;
        # in a request each path below is one statement or its own transaction.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            _store_new(message, notify_deputy=status == Status.NEW and deputy.user_id is not None)
    except IntegrityError:  # the same nonce was stored by a concurrent request
        existing = stored(nonce)
        if existing is None:
            raise
        return existing, code, False
    return message, code, True


def _store_new(message, *, notify_deputy: bool) -> None:
    """Insert a citizen's new message and, with `notify_deputy`, the deputy's notification (the outbox
    row its email is sent from): both or neither.

    On PostgreSQL in one statement (a data-modifying WITH): one round trip in autocommit instead of four
    (BEGIN, two INSERTs, COMMIT), which decided whether the POST reached half of the bare insert's
    throughput (docs/performance.md). The rows are the ones save() and notify() write: the columns and
    values come from the same models (core.sql.insert_values) and post_save is sent for both. Elsewhere
    (SQLite) the two saves in one transaction."""
    if not notify_deputy:
        message.save(force_insert=True)
        return
    if connection.vendor != "postgresql":
        with transaction.atomic():
            message.save(force_insert=True)
            _notify_deputy_new(message, new=True)
        return
    m_columns, m_values = insert_values(message)  # first: sets created_at, which the notice's must not precede
    notification = build_notification(message.deputy.user, **_new_notice(message, pk=_PK_MARK))
    n_columns, n_values = insert_values(notification)
    n_exprs, n_params = [], []
    marked = {connection.ops.quote_name("dedup_key"), connection.ops.quote_name("link")}
    for column, value in zip(n_columns, n_values, strict=True):
        if column in marked:  # the message's id goes where the mark stands
            n_exprs.append("(%s || m.id::text || %s)")
            n_params += value.split(str(_PK_MARK), 1)
        else:
            n_exprs.append("%s")
            n_params.append(value)
    sql = (
        f"WITH m AS (INSERT INTO {connection.ops.quote_name(Message._meta.db_table)} ({', '.join(m_columns)}) "
        f"VALUES ({', '.join(['%s'] * len(m_values))}) RETURNING id), "
        f"n AS (INSERT INTO {connection.ops.quote_name(notification._meta.db_table)} ({', '.join(n_columns)}) "
        f"SELECT {', '.join(n_exprs)} FROM m RETURNING id) "
        "SELECT m.id, n.id FROM m, n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*m_values, *n_params])
        message.pk, notification.pk = cursor.fetchone()
    notification.link, notification.dedup_key = (
        value.replace(str(_PK_MARK), str(message.pk)) for value in (notification.link, notification.dedup_key)
    )
    for instance in (message, notification):
        instance._state.adding, instance._state.db = False, connection.alias
        post_save.send(type(instance), instance=instance, created=True, raw=False, using=connection.alias)


_PK_MARK = 987654321987  # stands for the message's id in the notification built before the INSERT


def _new_notice(message, pk) -> dict:
    """What the deputy is told of a new message (notify()'s arguments but the recipient)."""
    return {
        "kind": "citizen_messages.new",
        "subject": _("您收到一条群众留言"),
        "body": message.body[:200],
        "dedup_key": f"cm:{pk}:new",
        "link": _deputy_link(pk),
    }


def _notify_deputy_new(message, new: bool = False) -> None:
    """`new`: the message was inserted in this transaction, so its notification cannot exist yet; the
    email is then left to the notifications sweep (no broker publish in the citizen's request)."""
    user = message.deputy.user
    if user is None:
        return
    notify(user, **_new_notice(message, pk=message.pk), new_key=new, email_by_sweep=new)


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
            link=_deputy_link(message.pk),
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
                link=_deputy_link(message.pk),
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
            link=_deputy_link(message.pk),
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
