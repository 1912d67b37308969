"""The columns of the value, target and funding sheets, and how their cells are read and written.

The same headers serve the templates, the exports and the imports, so that a downloaded sheet
imports back without a change.
"""

import re
from decimal import Decimal, InvalidOperation

KABUPATEN = "Kode wilayah"
CODE = "Kode indikator"
NAME = "Nama indikator"
UNIT = "Satuan"
AGENCY = "OPD"
YEAR = "Tahun"
PERIOD = "Periode"
PERIOD_NAME = "Nama periode"
TARGET = "Target"
VALUE = "Nilai"
NOTE = "Catatan"
STATUS = "Status"
BASELINE = "Baseline"
PACKAGE = "Paket kebijakan"

VALUE_HEADERS = [
    KABUPATEN,
    CODE,
    NAME,
    UNIT,
    AGENCY,
    YEAR,
    PERIOD,
    PERIOD_NAME,
    TARGET,
    VALUE,
    NOTE,
    STATUS,
]
VALUE_REQUIRED = [KABUPATEN, CODE, YEAR, PERIOD, VALUE]

TARGET_HEADERS = [KABUPATEN, CODE, NAME, UNIT, YEAR, BASELINE, TARGET, AGENCY]
TARGET_REQUIRED = [KABUPATEN, CODE, YEAR, BASELINE, TARGET, AGENCY]

SUBJECT_KIND = "Jenis"
SUBJECT_ID = "ID subjek"
SUBJECT = "Subjek"
LINE = "ID baris"
SOURCE = "Sumber dana"
REFERENCE = "Acuan perencanaan"
PAGU = "Pagu"
REALISASI = "Realisasi"
REMOVE = "Hapus"

FUNDING_HEADERS = [
    KABUPATEN,
    YEAR,
    SUBJECT_KIND,
    SUBJECT_ID,
    SUBJECT,
    LINE,
    SOURCE,
    AGENCY,
    REFERENCE,
    PAGU,
    REALISASI,
    STATUS,
    NOTE,
    REMOVE,
]
# Every column a line is made of: a file without one would blank it on every line.
FUNDING_REQUIRED = [
    KABUPATEN,
    YEAR,
    SUBJECT_KIND,
    SUBJECT_ID,
    LINE,
    SOURCE,
    AGENCY,
    REFERENCE,
    PAGU,
    REALISASI,
    STATUS,
    NOTE,
]


def neutralise(value):
    """Keep a spreadsheet from executing text that looks like a formula (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Text as it was before `neutralise`: an exported note "- revisi" comes back as "'- revisi"
    and must import as what was written, not as a change."""
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def parse_number(raw) -> Decimal | None:
    """A number as people type it: 12,5 or 12.5 or 1.234,5; None for an empty cell."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")  # Indonesian: dot groups, comma decimals
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not number.is_finite():
        raise ValueError(raw)  # "NaN" and "Infinity" parse as decimals but are no figures
    return number


def parse_whole(raw) -> int | None:
    """A whole number (a year, a period); None when the cell holds anything else."""
    try:
        number = parse_number(raw)
    except ValueError:
        return None
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def text(raw) -> str:
    return "" if raw is None else str(raw).strip()


def safe_filename(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:80]
