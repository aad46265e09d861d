"""The security audit trail is append-only for the application's own database role (PostgreSQL).

A trigger refuses every UPDATE, and every DELETE of a row younger than 180 days (等保: audit records
kept at least six months); the prune job (accounts.tasks.prune_audit_events) deletes only older rows,
which the trigger lets through. TRUNCATE is not guarded here: the test runner empties tables with it,
and a role able to truncate owns the table anyway — the GRANT scheme of docs/security.md (a separate
owner role) closes that for production. SQLite has no roles: nothing is installed there.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION accounts_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.time < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'accounts_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
CREATE TRIGGER accounts_auditevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
DROP FUNCTION IF EXISTS accounts_auditevent_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FORWARD)  # no parameters: the % of RAISE must reach PostgreSQL as it is


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_security")]

    operations = [migrations.RunPython(forward, backward)]
