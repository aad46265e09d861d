"""`{{ bound_field|labelled }}`: the field's widget named by `aria-label` (the field's label, or the
text given), for forms whose inputs have no <label> of their own — the admin's tabular inlines, where
the column header says what a cell holds but names no input (templates/admin/edit_inline/tabular.html)."""

from django import template

register = template.Library()


@register.filter
def labelled(bound_field, text=None):
    label = str(text or bound_field.label or "").strip()
    attrs = {"aria-label": label} if label else None
    html = bound_field.as_widget(attrs=attrs)
    if bound_field.field.show_hidden_initial:  # as BoundField.__str__ renders it
        html += bound_field.as_hidden(only_initial=True)
    return html
