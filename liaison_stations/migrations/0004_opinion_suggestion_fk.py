"""The opinion → suggestion link becomes a foreign key (it was a URL string the suggestions app
answered a signal with, and matched again on reply)."""

import re

import django.db.models.deletion
from django.db import migrations, models

PK_IN_URL = re.compile(r"/suggestions/(\d+)/?$")


def link_from_urls(apps, schema_editor):
    Opinion = apps.get_model("liaison_stations", "Opinion")
    Suggestion = apps.get_model("suggestions", "Suggestion")
    for opinion in Opinion.objects.exclude(suggestion_url="").only("pk", "suggestion_url"):
        m = PK_IN_URL.search(opinion.suggestion_url)
        if m and Suggestion.objects.filter(pk=int(m.group(1))).exists():
            Opinion.objects.filter(pk=opinion.pk).update(suggestion_id=int(m.group(1)))


def urls_from_links(apps, schema_editor):
    Opinion = apps.get_model("liaison_stations", "Opinion")
    for opinion in Opinion.objects.filter(suggestion__isnull=False).select_related("suggestion"):
        opinion.suggestion_url = f"/suggestions/{opinion.suggestion_id}/"
        opinion.suggestion_label = f"代表建议草稿 #{opinion.suggestion_id}：{opinion.suggestion.title}"[:200]
        opinion.save(update_fields=["suggestion_url", "suggestion_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("liaison_stations", "0003_swap_requests"),
        ("suggestions", "0002_suggestion_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="suggestion",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="source_opinions",
                to="suggestions.suggestion",
                verbose_name="代表建议",
            ),
        ),
        migrations.RunPython(link_from_urls, urls_from_links),
        migrations.RemoveField(model_name="opinion", name="suggestion_label"),
        migrations.RemoveField(model_name="opinion", name="suggestion_url"),
    ]
