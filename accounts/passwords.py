"""Password rules per 等保 2.0 (GB/T 22239-2019, 身份鉴别): a deliberate choice, see docs/security.md.

- at least PASSWORD_MIN_LENGTH characters (settings: 10) from at least 3 of 4 character classes
  (lower case, upper case, digits, symbols) — every account;
- no reuse of the last PASSWORD_HISTORY_COUNT passwords (5) — every account;
- staff and administrators change their password every PASSWORD_MAX_AGE_DAYS (90): after that every
  page sends them to the password change page until they do. Deputies (on phones, with far fewer
  rights) are not forced; NIST 800-63B would drop the periodic change altogether, but 等保 auditors
  ask for it, so it is kept for the accounts that can see other people's data.
"""

import datetime
import string

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def max_age_days() -> int:
    return getattr(settings, "PASSWORD_MAX_AGE_DAYS", 90)


def history_count() -> int:
    return getattr(settings, "PASSWORD_HISTORY_COUNT", 5)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule, with the message in the portal's own catalogue: Django's Chinese
    catalogue has no translation of its current wording, so users saw it in English."""

    def get_error_message(self):
        return _("密码太短，至少需要%(n)s个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return self.get_error_message()


class CharacterClassesValidator:
    """At least `min_classes` of: lower case, upper case, digits, other characters."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)s类。") % {"n": self.min_classes}


class PasswordHistoryValidator:
    """The new password may not be the current one nor one of the last `history_count()`."""

    def validate(self, password, user=None):
        if user is None or not user.pk:
            return
        hashes = [user.password] if user.password else []
        hashes += list(user.password_history.values_list("password", flat=True)[: history_count()])
        if any(check_password(password, h) for h in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return _("新密码不能与最近%(n)s次使用过的密码相同。") % {"n": history_count()}


def must_rotate(user) -> bool:
    """Whether the periodic change applies to this account (staff and administrators)."""
    from .roles import Role

    return bool(user.is_superuser or user.is_staff or user.is_region_staff or user.has_role(Role.UNIT_STAFF))


def password_expired(user) -> bool:
    if not user.pk or not user.has_usable_password() or not must_rotate(user):
        return False
    changed = user.password_changed_at or user.date_joined
    return changed < timezone.now() - datetime.timedelta(days=max_age_days())


def remember_password(user) -> None:
    """After a password was set and saved: keep its hash, drop hashes past the history length."""
    from .models import PasswordHistory, User

    now = timezone.now()
    User.objects.filter(pk=user.pk).update(password_changed_at=now)
    user.password_changed_at = now
    PasswordHistory.objects.create(user=user, password=user.password, created=now)
    stale = user.password_history.values_list("pk", flat=True)[history_count() :]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()
