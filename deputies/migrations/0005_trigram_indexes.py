"""pg_trgm GIN indexes for the substring searches (PostgreSQL only; nothing elsewhere).

`title LIKE '%调研活动%'` (activity list's title filter, activity admin search), `name LIKE '%晓梅%'` and
`work_unit LIKE '%…%'` (deputy list and admin search by characters) find their rows through these
indexes instead of reading every row. A trigram needs three characters: a one- or two-character term
('张晓', '调研') still reads the rows (of the date range or the region), which stays within the targets.

The indexes are not declared in Meta (a GinIndex with gin_trgm_ops would not build on SQLite), so the
operations have no model state and `makemigrations --check` stays quiet.
"""

from django.db import migrations

INDEXES = [
    ("deputy_name_trgm", "deputies_deputy", "name"),
    ("deputy_work_unit_trgm", "deputies_deputy", "work_unit"),
    ("activity_title_trgm", "deputies_activity", "title"),
    ("activity_place_trgm", "deputies_activity", "place"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("deputies", "0004_activity_status_kind_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
