"""The workbench review panel's partial index, and a pg_trgm GIN index on the message body.

`body LIKE '%路灯不亮%'` (staff list and admin search) finds its rows through message_body_trgm instead of
reading every message. pg_trgm makes trigrams of CJK characters when the database's LC_CTYPE is
UTF-8-aware (C.UTF-8 / zh_CN.UTF-8; checked with `SELECT show_trgm('路灯不亮')`); a search term needs three
characters to use it. Created like deputies/0005: PostgreSQL only, no model state.
"""

from django.db import migrations, models



def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "message_body_trgm" ON "citizen_messages_message" USING gin ("body" gin_trgm_ops)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute('DROP INDEX IF EXISTS "message_body_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("citizen_messages", "0002_unit_reply"),
        ("deputies", "0005_trigram_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                condition=models.Q(("status__in", ["held", "reopened"])),
                fields=["region", "status"],
                name="cm_message_review",
            ),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
