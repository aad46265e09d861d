"""The holiday table moves from suggestions to core: the model changes app, the table stays.

State only for the model (the table `suggestions_holiday` was created by suggestions 0001 and keeps
its name through `db_table`); the content type is renamed so the permissions staff hold on it and
the admin log entries follow the model."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="holiday").exists():
        ContentType.objects.filter(app_label="suggestions", model="holiday").update(app_label="core")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="suggestions", model="holiday").exists():
        ContentType.objects.filter(app_label="core", model="holiday").update(app_label="suggestions")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table must exist before this app claims it.
        ("suggestions", "0002_suggestion_source"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Holiday",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("date", models.DateField(verbose_name="日期")),
                        (
                            "is_workday",
                            models.BooleanField(default=False, help_text="勾选表示该日虽是周末但需上班", verbose_name="调休上班"),
                        ),
                        (
                            "name",
                            models.CharField(blank=True, help_text="如：国庆节、春节调休", max_length=32, verbose_name="名称"),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                                verbose_name="适用区划",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "节假日",
                        "verbose_name_plural": "节假日",
                        "db_table": "suggestions_holiday",
                        "ordering": ["date"],
                        "constraints": [models.UniqueConstraint(fields=("region", "date"), name="holiday_unique_day")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
