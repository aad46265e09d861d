"""The admin's tabular inlines label each input with its column header (templates/admin/edit_inline/
tabular.html): axe reported every such input as critical ("Form elements must have labels")."""

import re

import pytest
from django.urls import reverse

from tests.citizen_messages.factories import make_deputy
from tests.factories import staff

pytestmark = pytest.mark.django_db
FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.S)


def test_every_input_of_a_tabular_inline_has_a_label(client):
    deputy = make_deputy(name="王建国")  # with a mandate: the mandates inline has a filled row
    client.force_login(staff("410522", username="ay_admin"))
    html = client.get(reverse("admin:deputies_deputy_change", args=[deputy.pk])).content.decode()
    tables = re.findall(r'<div class="tabular inline-related.*?</table>', html, re.S)
    assert tables, "no tabular inline on the deputy's change form"
    unlabelled, seen = [], 0
    for table in tables:
        for tag, attrs in FIELD.findall(table):
            if 'type="hidden"' in attrs:
                continue
            seen += 1
            if not re.search(r'aria-label="[^"]+"', attrs):
                unlabelled.append(f"<{tag}{attrs[:80]}>")
    assert seen >= 5 and not unlabelled, unlabelled
    # The label is the column's header text, e.g. the mandate's term.
    assert re.search(r'<select[^>]*name="mandates-0-term"[^>]*aria-label="届"', html) or re.search(
        r'<select[^>]*aria-label="届"[^>]*name="mandates-0-term"', html
    )
