"""What a refused attempt must leave behind: nothing. The stored rows of the records it aimed
at (every column, version included), the number of history entries about each, and the row
count of the tables it could have added to, compared before and after."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from programs.history import event_model


def stored(record: models.Model) -> dict:
    """A record as the database holds it now, with how many history entries it has."""
    model = type(record)
    row = model.objects.filter(pk=record.pk).values().first()
    try:
        history = event_model(model).objects.filter(pgh_obj_id=record.pk).count()
    except LookupError:  # a table the history does not follow
        history = None
    return {"row": row, "history": history}


def snapshot(records, tables) -> dict:
    return {
        "records": [stored(record) for record in records],
        "tables": {model._meta.label: model.objects.count() for model in tables},
    }


@contextmanager
def nothing_written(*records: models.Model, tables: tuple = ()):
    """Assert that the block changes none of `records` and adds or removes no row of
    `tables` (the models of the records are counted too)."""
    tables = {*tables, *(type(record) for record in records)}
    before = snapshot(records, tables)
    yield
    after = snapshot(records, tables)
    assert after == before, "a refused attempt changed the database"


@contextmanager
def refusal(*records: models.Model, tables: tuple = (), raises=ValidationError):
    """Expect the block to be refused with `raises`, in Indonesian, writing nothing (see
    `nothing_written`); yields pytest's record of the refusal."""
    with (
        nothing_written(*records, tables=tables),
        translation.override("id"),
        pytest.raises(raises) as error,
    ):
        yield error


def told(error: pytest.ExceptionInfo) -> str:
    """What a refusal says, as a person would read it."""
    return " ".join(error.value.messages)
