"""`{{ region.name|place }}`: a place's name in the visitor's language (core.regions.place_name)."""

from django import template

from core.regions import place_name

register = template.Library()


@register.filter
def place(name):
    return place_name(name or "")
