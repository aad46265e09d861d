from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="承办单位工作人员")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_units")]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
