"""SQL for the few hot paths where the ORM's per-call compilation costs more than the database.

Everything else in the portal goes through the ORM. These helpers serve the citizen's message page
(issue 15, docs/performance.md), which is measured against a bare view and runs once per QR-code scan:

- `CompiledQuery`: a queryset compiled to SQL once per process (and key, e.g. the day), then run with
  new values in the places of its sentinels. The query is still written with the ORM, so it follows the
  models (and their table names) and Django adapts the values as for any query.
- `from_row`: a model instance from a row of such a query, with the fields not read deferred (as
  `.only()` builds them: touching one loads it, it never shows a default instead of the stored value).
- `insert_values`: the columns and values `Model.save()` would INSERT, for a statement that writes
  more than one row in one round trip (PostgreSQL's data-modifying WITH).
"""

import datetime
import threading
from collections.abc import Callable

from django.db import connection


class CompiledQuery:
    """`build(**sentinels)` returns a queryset; each sentinel must reach the SQL as one parameter of
    its own (a string or a datetime nobody would search for). `fetchone(key, **values)` runs the SQL
    compiled for `key` (compiled on first use; `key` names what else the query depends on, e.g. the
    day) with `values` in the sentinels' places, a datetime adapted as the ORM adapts it."""

    def __init__(self, build: Callable, **sentinels):
        self.build, self.sentinels = build, sentinels
        self._compiled: dict = {}
        self._lock = threading.Lock()

    def _sql(self, key):
        key = (connection.alias, key)
        compiled = self._compiled.get(key)
        if compiled is None:
            sql, params = self.build(**self.sentinels).query.sql_with_params()
            params = list(params)
            adapted = {name: self._adapt(value) for name, value in self.sentinels.items()}
            places = {name: [i for i, p in enumerate(params) if p == value] for name, value in adapted.items()}
            for name, at in places.items():
                if len(at) != 1:
                    raise ValueError(f"sentinel {name!r} appears {len(at)} times in the compiled query")
            compiled = (sql, params, {name: at[0] for name, at in places.items()})
            with self._lock:
                # A key of another day replaces yesterday's (the dict holds one per database alias).
                for old in [k for k in self._compiled if k[0] == connection.alias]:
                    del self._compiled[old]
                self._compiled[key] = compiled
        return compiled

    @staticmethod
    def _adapt(value):
        if isinstance(value, datetime.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def fetchone(self, key=None, **values):
        sql, params, places = self._sql(key)
        params = list(params)
        for name, value in values.items():
            params[places[name]] = self._adapt(value)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()


def from_row(model, **values):
    """An instance with only these fields loaded (the others deferred), as .only() would build it;
    Model.from_db wants the values in the model's field order."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def insert_values(obj) -> tuple[list[str], list]:
    """The quoted columns and the database values `obj.save(force_insert=True)` would write, the primary
    key left to the database: pre_save (auto_now_add and the like) and get_db_prep_save, as Django's
    insert compiler applies them."""
    meta = obj._meta
    quote = connection.ops.quote_name
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated]
    columns = [quote(f.column) for f in fields]
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    return columns, values
