"""Logs an operator can ship anywhere: one JSON object a line, with no personal data in it.

`RedactFilter` sits on the handler, so every record passes it whoever logged it (Django, Celery,
gunicorn through the root logger, our apps): phone numbers keep only their first three and last
four digits, identity-card numbers, tracking codes, passwords, session ids, CSRF tokens and other
long secrets are replaced, and SQL logged at DEBUG keeps its statement but loses every quoted
value (a session key, a phone number, a name sit there as literals).
"""

import json
import logging
import re

REDACTED = "[redacted]"

_SUBSTITUTIONS = [
    # key=value / "key": "value" pairs of anything secret, before the generic rules below.
    (
        re.compile(
            r"(?i)\b(password\d?|passwd|pwd|secret|token|sessionid|session_key|csrftoken|csrfmiddlewaretoken|"
            r"authorization|cookie|code)(['\"]?\s*[:=]\s*['\"]?)[^\s&;'\",}]+"
        ),
        lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}",
    ),
    # 18-digit identity-card numbers (身份证号) before phone numbers, which they may contain.
    (re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"), lambda m: REDACTED),
    # Mainland mobile numbers, also written 138 1234 5678 or 138-1234-5678 or with +86.
    (
        re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)"),
        lambda m: f"{m.group(1)}****{m.group(3)}",
    ),
    # Citizen-message tracking codes (XXXXX-XXXXX-XXXXX-XXXXX).
    (re.compile(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}\b"), lambda m: REDACTED),
    # Session keys (32 letters and digits), CSRF tokens, signed cookies: any long opaque token.
    (re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{32,}\b"), lambda m: REDACTED),
]
_SQL_LITERAL = re.compile(r"'(?:[^']|'')*'")


def redact(text: str) -> str:
    for pattern, replace in _SUBSTITUTIONS:
        text = pattern.sub(replace, text)
    return text


class RedactFilter(logging.Filter):
    """Rewrite the record's message (and its traceback) without personal data; never drop a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.db.backends") and hasattr(record, "sql"):
            sql = _SQL_LITERAL.sub("'?'", str(record.sql))
            message = f"({getattr(record, 'duration', 0) or 0:.3f}) {sql}"
            record.sql = sql
            record.params = None
        else:
            try:
                message = record.getMessage()
            except Exception:  # a bad format string must not lose the record
                message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        # The request object Django attaches is never formatted; the status code is useful.
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, HTTP status when Django gave one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)
