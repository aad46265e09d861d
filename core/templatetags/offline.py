"""The key a deputy's form carries so it is stored once however often it is sent (core.idempotency)."""

import uuid

from django import template
from django.utils.html import format_html

from core.idempotency import FIELD

register = template.Library()


@register.simple_tag
def idempotency_field():
    # A fresh key per page: the plain form (no JavaScript) sent twice by a double tap is stored once.
    # The offline queue replaces it with a key of its own per record (a cached page is reused).
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4())
