"""The second factor: TOTP codes (RFC 6238, offline: no SMS, no outside service) and recovery codes.

Who: staff and administrators must have one (the same accounts whose password expires, see
accounts/passwords.py `must_rotate`); deputies and other accounts may enable one.

How a login goes (accounts/views.py, accounts/middleware.py):
1. the password is accepted: Django logs the user in, and `begin()` writes the session's state —
   VERIFIED (nothing more to do), PENDING (a confirmed device: type a code) or ENROL (required
   but no device yet: set one up);
2. until the state is VERIFIED the middleware lets the session reach only the code page (PENDING)
   or the enrolment page (ENROL), the logout and the language switch;
3. a right code (or an unused recovery code) sets VERIFIED; a wrong one is a failed login for
   django-axes (5 lock the account) and doubles the device's wait before the next try.

The state lives in the session (no query per request, unlike django-otp's OTPMiddleware, which
loads the device on every request); a session without a state (one from before this feature) is
computed again, so it fails closed.

Devices are django-otp's: `TOTPDevice` (the secret, ±1 step of tolerance, the last accepted time
step so a code cannot be replayed, the throttle) and `RecoveryCodeDevice` (accounts.models), whose
codes are stored as keyed hashes.
"""

import secrets
import unicodedata
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit

SESSION_KEY = "_second_factor"
VERIFIED, PENDING, ENROL = "verified", "pending", "enrol"

# Recovery codes: 12 characters from an alphabet without look-alikes (no 0/o, 1/l/i), about
# 59 bits each, shown in groups of four.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 12


def required(user) -> bool:
    """Staff and administrators must use a second factor (the accounts that see others' data)."""
    from .passwords import must_rotate

    return must_rotate(user)


def totp_device(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def recovery_device(user):
    from .models import RecoveryCodeDevice

    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()


def state_for(user) -> str:
    if totp_device(user) is not None:
        return PENDING
    if required(user):
        return ENROL
    return VERIFIED


def begin(request, user) -> str:
    """At the password step (user_logged_in): what the session still has to do."""
    state = state_for(user)
    request.session[SESSION_KEY] = state
    if state != PENDING:
        reset_failures(user)
    return state


def session_state(request) -> str:
    state = request.session.get(SESSION_KEY)
    if state not in (VERIFIED, PENDING, ENROL):
        state = begin(request, request.user)
    return state


def reset_failures(user) -> None:
    """A complete login clears the account's failed attempts (AXES_RESET_ON_SUCCESS is off)."""
    from axes.utils import reset

    reset(username=user.get_username())


def mark_verified(request) -> None:
    request.session[SESSION_KEY] = VERIFIED
    # A new session key once the second factor is passed (as Django does after the password).
    request.session.cycle_key()
    reset_failures(request.user)


# --- codes ----------------------------------------------------------------------------------


def normalise(code: str) -> str:
    """Full-width digits and letters to ASCII, lower case, without spaces and dashes."""
    code = unicodedata.normalize("NFKC", str(code or ""))
    return "".join(c for c in code if c.isascii() and c.isalnum()).lower()[:32]


def is_totp_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def recovery_digest(code: str, salt: str | None = None) -> str:
    """Stored as "salt$hmac": HMAC-SHA256 of the normalised code with a random 32-bit salt of its own, keyed
    with SECRET_KEY (ASVS 2.6.2: a lookup secret under 112 bits is stored salted and hashed)."""
    code = normalise(code)
    if not code:
        return ""
    salt = salt or secrets.token_hex(4)
    mac = salted_hmac("accounts.second_factor.recovery", f"{salt}:{code}", algorithm="sha256").hexdigest()
    return f"{salt}${mac}"


def recovery_matches(typed: str, digest: str) -> bool:
    salt = digest.partition("$")[0]
    return bool(salt) and constant_time_compare(recovery_digest(typed, salt), digest)


def wait_seconds(device) -> int:
    """Seconds before the device accepts another try (0: now)."""
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds() + 0.999))


class Result:
    def __init__(self, ok=False, kind="", wait=0):
        self.ok, self.kind, self.wait = ok, kind, wait


def check(request, user, typed: str) -> Result:
    """Check a code typed at the second step: a TOTP code, or else a recovery code.

    A wrong code is a failed login (django-axes counts it, the audit trail records it); a code
    typed while the device still makes the user wait is refused without being checked."""
    from .models import AuditEvent

    code = normalise(typed)
    device = totp_device(user) if is_totp_code(code) else recovery_device(user)
    kind = "totp" if is_totp_code(code) else "recovery"
    if device is not None:
        wait = wait_seconds(device)
        if wait:
            audit.record(
                AuditEvent.Event.OTP_FAILED,
                request=request,
                user=user,
                outcome=AuditEvent.Outcome.DENIED,
                detail=f"throttled {wait}s",
            )
            return Result(wait=wait)
        if device.verify_token(code):
            event = AuditEvent.Event.OTP_VERIFIED if kind == "totp" else AuditEvent.Event.OTP_RECOVERY
            detail = "" if kind == "totp" else f"remaining {device.codes.count()}"
            audit.record(event, request=request, user=user, detail=detail)
            return Result(ok=True, kind=kind)
    # django-axes counts it against the account; accounts.signals records it as OTP_FAILED.
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), "second_factor": kind},
        request=request,
    )
    return Result(kind=kind)


# --- enrolment ------------------------------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (the same one on a reload, so the QR code
    the user has scanned stays valid)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False, tolerance=1, step=30, digits=6)
    return device


def confirm(request, user, device, typed: str):
    """Confirm an enrolment with a code from the new device: the recovery codes (shown once), or
    None when the code is wrong."""
    from .models import AuditEvent

    code = normalise(typed)
    if not is_totp_code(code) or wait_seconds(device) or not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(user)
    audit.record(AuditEvent.Event.OTP_ENROLLED, request=request, user=user)
    return codes


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them in clear, the only time."""
    from .models import RecoveryCode, RecoveryCodeDevice

    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="recovery", confirmed=True)
    count = getattr(settings, "OTP_RECOVERY_CODE_COUNT", 8)
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH)) for _ in range(count)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=recovery_digest(c)) for c in codes)
    return [f"{c[0:4]}-{c[4:8]}-{c[8:12]}" for c in codes]


def remove(user) -> int:
    """Delete every second-factor device of the user (TOTP and recovery codes)."""
    from .models import RecoveryCodeDevice

    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += RecoveryCodeDevice.objects.filter(user=user).delete()[0]
    return removed


def reset_by_admin(request, user) -> bool:
    """The security administrator's reset (a lost phone): the devices go, the user's sessions end,
    and at the next login a staff account is sent to enrolment again."""
    from .models import AuditEvent
    from .signals import end_sessions

    had = totp_device(user) is not None
    remove(user)
    end_sessions(user)
    audit.record(AuditEvent.Event.OTP_RESET, request=request, obj=user, detail=user.get_username())
    return had


def qr_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG QR code, drawn here: the secret never leaves the portal
    (no third-party QR service, no image URL that a proxy could log)."""
    out = BytesIO()
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(uri)
    qr.make(fit=True)
    qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    # Sized by CSS (.otp-qr svg), not in millimetres.
    svg = svg.replace("<svg ", '<svg role="img" aria-label="QR" ', 1)
    # Safe: drawn by qrcode from our own URI; nothing the user typed is in it.
    return mark_safe(svg)


def secret_for_typing(device) -> str:
    """The key in base32, in groups of four, for an app that cannot scan."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
