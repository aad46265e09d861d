"""Paging for lists of hundreds of thousands of rows.

Django's Paginator counts every row that matches (53 ms for 1M rows on PostgreSQL, PERFORMANCE-NOTES);
`CappedPaginator` counts at most CAP + 1 of them (`SELECT COUNT(*) FROM (… LIMIT 10001)`), so the count
costs the same for a county of 200 deputies or 200,000. Past the cap the page says "more than 10,000:
narrow the filters", which is what a clerk does anyway.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models.functions import Collate

CAP = 10000


class CappedPaginator(Paginator):
    @cached_property
    def count(self):
        object_list = self.object_list
        if hasattr(object_list, "order_by"):
            return object_list.order_by()[: CAP + 1].count()
        return min(len(object_list), CAP + 1)

    @property
    def capped(self):
        return self.count > CAP


PANEL_CAP = 999


def capped_count(queryset, cap: int = PANEL_CAP):
    """How many rows, counted up to `cap` (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`): the number, or
    "999+" past it. For the to-do figures of the home pages: at a province's scale a plain count of
    the waiting rows took up to a second per panel, and nobody acts on the exact figure past the cap."""
    n = queryset.order_by()[: cap + 1].count()
    return f"{cap}+" if n > cap else n


def pinyin_order():
    """Order by name pinyin without the index on it.

    With a search term the matches are few and found through the pinyin/initials indexes; ordering by
    the plain column would make PostgreSQL walk the whole name_pinyin index to find them (400 ms at
    200,000 deputies). Pinyin is lower-case ASCII, so the "C" collation gives the same order."""
    from django.db import connection

    collation = "C" if connection.vendor == "postgresql" else "BINARY"
    return [Collate("name_pinyin", collation).asc(), "id"]
