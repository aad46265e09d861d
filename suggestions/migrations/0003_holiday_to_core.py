"""The holiday table now belongs to core (core 0001 claims it under the same table name)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0002_suggestion_source"),
        ("core", "0001_holiday"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Holiday")],
            database_operations=[],
        ),
    ]
