"""Exports leave a trace in the security administrators' audit trail when the portal has one
(the `security` work adds `core.audit`); until then, in the log."""

import logging

logger = logging.getLogger("reports")


def exported(request, what: str, rows: int) -> None:
    try:
        from core.audit import log_export
    except ImportError:
        logger.info("export %s (%s rows) by %s", what, rows, request.user.pk)
        return
    log_export(request, what, rows)
