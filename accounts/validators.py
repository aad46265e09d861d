"""Validators and small helpers for personal data shared by every app."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def validate_mobile(value: str) -> None:
    """A mainland China mobile number: 11 digits starting with 13–19."""
    if value and not MOBILE_RE.match(value):
        raise ValidationError(_("请输入正确的11位手机号码"), code="invalid_mobile")


def mask_mobile(value: str | None) -> str:
    """138****1234: enough to recognise a number, not enough to call it."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"
