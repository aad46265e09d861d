"""Ship the built-in regions (see docs/regions.md for where the codes come from)."""

from django.db import migrations


def load_builtin(apps, schema_editor):
    from accounts.regions_loader import load, read_rows

    load(apps.get_model("accounts", "Region"), read_rows())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load_builtin, migrations.RunPython.noop)]
