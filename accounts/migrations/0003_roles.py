"""Create the role groups. Their permissions are kept in step after every migrate
(accounts.roles.sync_role_permissions), because later apps' permissions do not exist yet here."""

from django.db import migrations

GROUPS = ["系统管理员", "安全管理员", "审计管理员", "人大常委会工作人员", "工委工作人员", "人大代表", "协作地区联络员"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_builtin_regions"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
