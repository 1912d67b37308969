"""Rows of a sheet become the service's entries; the service's answer becomes a row-by-row outcome.

One skeleton serves every import (pretix keeps file reading, per-model columns and the write
apart in the same way). A kind (`values`, `targets`, `funding`) says how a row names its record
(`locate`: the import's own checks — the kabupaten code, the indicator code or the subject, the
year, the OPD) and what it asks for (`entry`: the numbers, parsed). Whether that may be written
is decided by the services (`programs.services`, `programs.funding`), for the whole file at
once, by the same rules as the forms: the dry run is `*_check`, the confirmation `*_save`, which
writes every row or none. The kinds only add what a file needs and a form does not: row
numbers, duplicate rows, unparseable cells.
"""

import contextlib
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from programs.money import CEILING, parse_rupiah, rupiah
from programs.services import DELETE, ERROR, NEW, SKIP, UPDATE, EditConflict, Plan, Refused

from .columns import (
    AGENCY,
    CODE,
    KABUPATEN,
    LINE,
    PAGU,
    PERIOD,
    REALISASI,
    SOURCE,
    SUBJECT,
    SUBJECT_ID,
    SUBJECT_KIND,
    TARGET,
    VALUE,
    YEAR,
    parse_number,
    parse_whole,
    text,
)

KINDS = (NEW, UPDATE, DELETE, SKIP, ERROR)
# What the preview table shows of each row (of the columns a file has).
SHOWN = (CODE, PERIOD, VALUE, YEAR, TARGET)


def _plain(value):
    """A cell as JSON keeps it (the outcome of a background check is stored)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _identifier(raw):
    """An ID cell as the preview shows it: 12 rather than 12.0; anything else as it was typed
    (a number of thousands of digits included, which Python will not even print)."""
    number = parse_whole(raw) if len(str(raw)) <= 20 else None
    return raw if number is None else number


def _amount(raw):
    """A money cell as the preview shows it: in rupiah when it reads as an amount, else as it
    was typed (the row's error then says why)."""
    amount = None
    if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        amount = Decimal(repr(raw))
    elif isinstance(raw, str):
        with contextlib.suppress(ValidationError):
            amount = parse_rupiah(raw)
    # Beyond the ceiling it is refused anyway, and shown as typed rather than in rupiah.
    return raw if amount is None or abs(amount) > CEILING else rupiah(amount)


@dataclass
class ImportRow:
    number: int
    kind: str  # new, update, skip, error
    cells: dict
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def indicator_code(self):
        return self.cells.get(CODE, "")

    @property
    def period(self):
        return self.cells.get(PERIOD, "")

    @property
    def value(self):
        return self.cells.get(VALUE, "")

    @property
    def year(self):
        return self.cells.get(YEAR, "")

    @property
    def target(self):
        return self.cells.get(TARGET, "")

    # A funding row: its subject and line, as the file names them.
    @property
    def subject(self):
        kind, number = self.cells.get(SUBJECT_KIND, ""), self.cells.get(SUBJECT_ID, "")
        return str(self.cells.get(SUBJECT) or f"{kind} {_identifier(number)}".strip())

    @property
    def line(self):
        return _identifier(self.cells.get(LINE, ""))

    @property
    def source(self):
        return self.cells.get(SOURCE, "")

    @property
    def agency(self):
        return self.cells.get(AGENCY, "")

    @property
    def pagu(self):
        return _amount(self.cells.get(PAGU, ""))

    @property
    def realisasi(self):
        return _amount(self.cells.get(REALISASI, ""))

    def refuse(self, column: str, message: str) -> None:
        self.kind = ERROR
        self.errors.setdefault(column, []).append(str(message))


@dataclass
class ImportOutcome:
    rows: list[ImportRow]
    totals: dict[str, int]

    @property
    def has_errors(self) -> bool:
        return self.totals.get(ERROR, 0) > 0

    @classmethod
    def of(cls, rows: list[ImportRow]) -> "ImportOutcome":
        totals = dict.fromkeys(KINDS, 0)
        for row in rows:
            totals[row.kind] += 1
        return cls(rows=rows, totals=totals)

    def as_json(self, *, with_rows: bool = True) -> dict:
        return {
            "totals": self.totals,
            "rows": [
                {"number": r.number, "kind": r.kind, "cells": r.cells, "errors": r.errors}
                for r in self.rows
            ]
            if with_rows
            else [],
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportOutcome | None":
        if not data:
            return None
        return cls(
            rows=[ImportRow(**row) for row in data.get("rows", [])],
            totals={kind: data.get("totals", {}).get(kind, 0) for kind in KINDS},
        )


def stored_number(raw, model_field) -> Decimal | None:
    """A cell as the column keeps it: parsed, rounded to the column's decimal places as
    PostgreSQL would (spreadsheets hold binary fractions such as 0.30000000000000004), and
    refused when it has more whole digits than the column holds.

    Raises ValueError for text that is no number, ValidationError for a number too large."""
    number = parse_number(raw)
    if number is None:
        return None
    places = model_field.decimal_places
    if number.adjusted() >= model_field.max_digits - places:
        DecimalValidator(model_field.max_digits, places)(number)
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def unknown_code(code: str) -> str:
    return _("Unknown indicator code %(code)s.") % {"code": code or "–"}


def number_cell(cells: dict, column: str, model_field, errors: dict[str, str]) -> Decimal | None:
    """Read a number column, noting in `errors` why it cannot be read."""
    raw = cells.get(column)
    try:
        return stored_number(raw, model_field)
    except ValueError:
        errors[column] = _("%(value)s is not a number.") % {"value": raw}
    except ValidationError as error:
        errors[column] = error.messages[0]
    return None


class SheetImport:
    """The skeleton of an import; a kind fills in the methods below `run`."""

    action = ""
    # The column blamed for a duplicate row, and the service fields' columns.
    key_column = ""
    field_columns: dict[str, str] = {}
    shown: tuple[str, ...] = SHOWN

    def run(self, sheet, *, confirm: bool) -> ImportOutcome:
        """Dry run (confirm=False) or apply: applying writes all rows or, on any error, none."""
        self.prepare()
        rows: list[ImportRow] = []
        entries, entry_rows = [], []
        seen: dict = {}
        for number, values in sheet.rows:
            cells = dict(zip(sheet.headers, values, strict=False))
            row = ImportRow(
                number, SKIP, {c: _plain(cells.get(c)) for c in self.shown if c in cells}
            )
            rows.append(row)
            errors = self.kabupaten_problem(cells)
            keys, located = self.locate(cells, errors)
            if not errors:
                for key in keys:
                    if key in seen:
                        errors[self.key_column] = self.duplicate_message(seen[key], key)
                        break
                for key in keys:
                    seen.setdefault(key, number)
            entry = None if errors else self.entry(located, cells, errors)
            if errors:
                for column, message in errors.items():
                    row.refuse(column, message)
                continue
            if entry is not None:  # None: the row asks for nothing (left empty or unchanged)
                entries.append(entry)
                entry_rows.append(row)
        refused_rows = any(row.kind == ERROR for row in rows)
        plan = self._plan(entries, write=confirm and not refused_rows)
        for index, row in enumerate(entry_rows):
            row.kind = plan.kinds[index]
            for name, message in plan.problems.get(index, {}).items():
                row.refuse(self.field_columns.get(name, ""), message)
        return ImportOutcome.of(rows)

    def _plan(self, entries: list, *, write: bool) -> Plan:
        if not write:
            return self.check(entries)
        try:
            with transaction.atomic():
                return self.save(entries)
        except Refused as refused:
            # The data changed since the dry run: show what stands in the way now.
            plan = self.check(entries)
            for index, problems in refused.problems.items():
                for name, message in problems.items():
                    plan.refuse(index, name, message)
            return plan
        except (EditConflict, IntegrityError) as conflict:
            # Someone saved the first value (or target) of the same period at the same moment.
            plan = self.check(entries)
            current = getattr(conflict, "current", None)
            index = self.conflicting_entry(entries, current) if current is not None else 0
            plan.refuse(
                index,
                "",
                _("Someone else saved this record a moment ago; check the file again."),
            )
            return plan

    # --- What a kind provides ------------------------------------------------------------------

    def prepare(self) -> None:
        """Read once everything the rows refer to: no query per row."""

    def kabupaten_problem(self, cells: dict) -> dict[str, str]:
        """Every row names its kabupaten/kota: a row of another one is refused, never moved."""
        code = text(cells.get(KABUPATEN))
        if code == self.kabupaten.code:
            return {}
        message = _("The row belongs to kabupaten/kota %(code)s, not to yours (%(mine)s).") % {
            "code": code or "–",
            "mine": self.kabupaten.code,
        }
        return {KABUPATEN: message}

    def locate(self, cells: dict, errors: dict[str, str]) -> tuple[tuple, object]:
        """(the keys that no other row may share — a record's, and for funding also its
        source, OPD and reference —, what `entry` needs); what is wrong goes into `errors`."""
        raise NotImplementedError

    def entry(self, located, cells: dict, errors: dict[str, str]):
        """The service entry the row asks for, or None when it asks for nothing (a row left
        empty, or unchanged); what is wrong goes into `errors`."""
        raise NotImplementedError

    def duplicate_message(self, first_row: int, key) -> str:
        raise NotImplementedError

    def check(self, entries: list) -> Plan:
        raise NotImplementedError

    def save(self, entries: list) -> Plan:
        raise NotImplementedError

    def conflicting_entry(self, entries: list, current) -> int:
        return 0
