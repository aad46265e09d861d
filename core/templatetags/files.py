"""`{% file_url record "field" %}` and `{% public_file_url record "field" %}`: templates link files
through core/files.py's routes, never through a file's `.url` (nginx refuses /media/)."""

from django import template

from core import files

register = template.Library()


@register.simple_tag
def file_url(record, field):
    return files.file_url(record, field)


@register.simple_tag
def public_file_url(record, field):
    return files.public_file_url(record, field)
