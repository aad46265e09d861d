"""The review reminders move to the one reminder log (core.ReminderLog): copy what was sent, so the
engine does not send it again after the upgrade, then drop the old table."""

from django.db import migrations


def copy_to_log(apps, schema_editor):
    ReviewReminder = apps.get_model("livelihood", "ReviewReminder")
    ReminderLog = apps.get_model("core", "ReminderLog")
    rows = ReviewReminder.objects.select_related("review__project").iterator()
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                target=f"livelihood.review:{r.review_id}",
                stage=r.stage,
                period=r.review.period_key,
                kind=f"livelihood.review_{r.stage}",
                region_id=r.review.project.region_id,
                subject=f"{r.review.project.name} {r.review.period_key}"[:200],
                recipients=1,
                claim="migrated",
            )
            for r in rows
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("livelihood", "0002_progress_updates"),
        ("core", "0002_reminder_log"),
    ]

    operations = [
        migrations.RunPython(copy_to_log, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReviewReminder"),
    ]
