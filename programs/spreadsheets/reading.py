"""Uploaded spreadsheets, inspected before they are read and read with their work bounded.

A file is refused with a clear message when it is empty or too large, not an .xlsx workbook
(nor a UTF-8 CSV), password-protected, too large once unpacked, or holds formulas, merged cells,
too many cells, columns or rows. What passes becomes a `Sheet`: the header row (templates start
with explanations, so it is searched for) and the non-empty rows below it, by row number.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ppsp_portal.uploads import check_size

from . import xlsx
from .columns import KABUPATEN
from .xlsx import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, too_many_cells, too_many_columns

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_PARTS = 1_000  # a workbook has a few dozen; thousands only make opening the zip slow
MAX_DATA_ROWS = 20_000
MAX_SCANNED_ROWS = MAX_ROWS

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_DATA_ROWS",
    "MAX_UPLOAD_BYTES",
    "Sheet",
    "read_content",
    "read_upload",
]


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the workbook, cell values by header)


def read_upload(upload, *, required: list[str], known: list[str]) -> Sheet:
    """Read the first sheet of an uploaded workbook (xlsx) or CSV, refusing hostile files."""
    check_size(upload.size, MAX_UPLOAD_BYTES)
    upload.seek(0)
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    return read_content(content, name=upload.name or "", required=required, known=known)


def read_content(content: bytes, *, name: str, required: list[str], known: list[str]) -> Sheet:
    check_size(len(content), MAX_UPLOAD_BYTES)
    if name.lower().endswith(".csv"):
        return _read_rows(_csv_rows(content), required=required, known=known)
    if content.startswith(OLE2_MAGIC):
        raise ValidationError(
            _(
                "This workbook is password-protected or in the old .xls format. Remove the "
                "password and save it as an Excel workbook (.xlsx)."
            )
        )
    not_a_workbook = ValidationError(
        _("This is not an Excel workbook (.xlsx). Download the template and fill it in.")
    )
    if not content.startswith(b"PK\x03\x04"):
        raise not_a_workbook
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise xlsx.damaged() from None
    if len(members) > MAX_PARTS:
        raise xlsx.damaged()
    if xlsx.WORKBOOK not in {member.filename for member in members}:
        raise not_a_workbook
    # The declared sizes bound what zipfile will inflate, so the sum bounds the whole read.
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise ValidationError(_("The workbook is too large once unpacked."))
    with archive:
        return _read_rows(xlsx.read_first_sheet(archive), required=required, known=known)


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file must be saved as UTF-8 text.")) from None
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV text file."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # Every cell but the first of a line follows a delimiter: this bounds the cells before the
    # csv module builds any row (a line of a million commas is one row of a million cells).
    if text.count(delimiter) > MAX_CELLS:
        raise too_many_cells()
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if number > MAX_ROWS:
            raise ValidationError(_("The sheet has too many rows."))
        if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
            raise too_many_columns(len(row))
        yield number, row[:MAX_COLUMNS]


def _read_rows(rows, *, required, known) -> Sheet:
    """Find the header row (templates start with explanations), then the non-empty rows."""
    headers: list[str] | None = None
    data: list[tuple[int, list]] = []
    for number, values in rows:
        cells = ["" if v is None else (v.strip() if isinstance(v, str) else v) for v in values]
        if headers is None:
            # The header row names the kabupaten column and another of the sheet's own.
            if KABUPATEN in cells and any(c in known and c != KABUPATEN for c in cells):
                headers = [str(c) for c in cells]
            continue
        if all(c == "" for c in cells):
            continue  # styled but empty rows are common in spreadsheets: skip, don't count
        if len(data) >= MAX_DATA_ROWS:
            raise ValidationError(
                _("The sheet has more than %(max)s data rows; split it into several files.")
                % {"max": MAX_DATA_ROWS}
            )
        cells = (cells + [""] * len(headers))[: len(headers)]
        data.append((number, cells))
    if headers is None:
        raise ValidationError(
            _("No header row found. The sheet needs the columns: %(columns)s.")
            % {"columns": ", ".join(required)}
        )
    missing = [c for c in required if c not in headers]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    columns = [h for h in headers if h in known]
    index = [headers.index(h) for h in columns]
    if not data:
        raise ValidationError(_("The sheet has no data rows."))
    return Sheet(headers=columns, rows=[(n, [cells[i] for i in index]) for n, cells in data])
