"""Fast bulk writes for the synthetic data set: PostgreSQL COPY, driven by the models.

A table is written from the columns the generator knows; every other column gets the model
field's own default (or `auto_now` time), and a column with a database default, or one the model
does not know, is left out so that PostgreSQL fills it. So a field added later with a default
needs no change here, and a new required field without one stops the load with its name.
"""

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED


class Table:
    """COPY rows into one model's table; each row gives `fields` (attnames) in order."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, now: datetime):
        self.model = model
        self.fields = list(fields)
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in self.fields if name not in by_attname]
        if unknown:
            raise ImproperlyConfigured(f"{model.__name__} has no column {', '.join(unknown)}")
        self.columns = [by_attname[name].column for name in self.fields]
        self.constants: list[object] = []
        for field in model._meta.concrete_fields:
            if field.attname in self.fields or field.primary_key:
                continue
            if field.db_default is not NOT_PROVIDED:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            else:
                value = field.get_default()
            if value is None and not field.null:
                raise ImproperlyConfigured(
                    f"{model.__name__}.{field.name} is required and has no default: "
                    "the synthetic data generator must give it"
                )
            self.columns.append(field.column)
            self.constants.append(field.get_db_prep_save(value, connection))
        # Python values psycopg cannot write as they are (JSON, for one) go through the field.
        self.prepare = [
            (index, field)
            for index, name in enumerate(self.fields)
            if (field := by_attname[name]).get_internal_type() in ("JSONField",)
        ]

    def write(self, rows: Iterable[Sequence[object]]) -> int:
        constants = tuple(self.constants)
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        count = 0
        with connection.cursor() as cursor:
            # Runs through Django's execute wrappers, which set per-transaction options (such
            # as pgtrigger's ignore list) that the COPY below then runs under.
            cursor.execute("SELECT 1")
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    if self.prepare:
                        row = list(row)
                        for index, field in self.prepare:
                            row[index] = field.get_db_prep_save(row[index], connection)
                    copy.write_row((*row, *constants))
                    count += 1
        return count


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Take `count` primary keys from the table's sequence, so that rows can refer to each
    other before they are written."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def without_history(models_written: Iterable[type[models.Model]]):
    """Skip the change-history triggers of the written tables: synthetic rows have no history.

    Only triggers that django-pghistory registers through django-pgtrigger are skipped; the
    portal's own integrity triggers keep checking every row.
    """
    try:
        import pgtrigger
        from pgtrigger import registry
    except ImportError:  # pragma: no cover - pgtrigger is a dependency
        yield
        return
    tables = {model._meta.db_table for model in models_written}
    uris = [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in registry.registered()
        if model._meta.db_table in tables and type(trigger).__module__.startswith("pghistory")
    ]
    if not uris:
        yield
        return
    with pgtrigger.ignore(*uris):
        yield
