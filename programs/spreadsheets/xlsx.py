"""The first worksheet of an uploaded .xlsx workbook, read with the work a file can cause bounded.

openpyxl (which writes the templates) trusts the files it reads: it builds every cell of a row
before handing the row over, pads rows to the sheet's declared dimension, and parses a whole
sheet to look for a dimension that is missing, so a 129 KB workbook of four million empty cells
kept a web worker busy past its timeout. This reader streams each part's XML through expat (the
standard library's C parser), counts elements, rows and cells as they arrive and stops at the
first limit. It reads only what an import needs (the first sheet's values, the shared strings,
which styles are dates), refuses formulas, merged cells and document type declarations, and
reads 10,000 rows in about 0.3 s where openpyxl took 2–3 s. openpyxl still supplies the date
rules: the built-in number formats and Excel's two calendars.
"""

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAX_CELLS = 300_000
MAX_COLUMNS = 100
MAX_ROWS = 200_000  # rows present in the sheet, styled empty ones included
# XML elements of one part: a cell takes one to three (<c>, <v>, <is><t>), a row one more.
MAX_ELEMENTS = 4 * MAX_CELLS
MAX_STYLES = 100_000
CHUNK = 64 * 1024

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


def damaged() -> ValidationError:
    return ValidationError(_("The workbook is damaged and cannot be read."))


def too_many_cells() -> ValidationError:
    return ValidationError(
        _("The workbook holds more than %(max)s cells; split it into several files.")
        % {"max": number_format(MAX_CELLS, force_grouping=True)}
    )


def too_many_columns(column: int) -> ValidationError:
    return ValidationError(
        _(
            "The sheet uses columns up to %(column)s; an import reads at most %(max)s columns "
            "(up to %(last)s). Delete the extra columns and upload it again."
        )
        % {
            "column": get_column_letter(min(column, 18278)),
            "max": MAX_COLUMNS,
            "last": get_column_letter(MAX_COLUMNS),
        }
    )


def _local(name: str) -> str:
    """An element or attribute name without its namespace prefix (`x:c` is a cell too)."""
    return name.rpartition(":")[2]


class _Part:
    """One part of the workbook, parsed in chunks by expat with its elements counted."""

    def __init__(self):
        self.elements = 0
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters
        self.collecting = False
        self.parts: list[str] = []

    def _refuse_doctype(self, *args):
        # Office never writes a DTD; one in an upload can only be an entity-expansion attack.
        raise damaged()

    def _start(self, tag, attrs):
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise too_many_cells()
        self.start(_local(tag), attrs)

    def start(self, name, attrs): ...

    def end(self, tag): ...

    def characters(self, data):
        if self.collecting:
            self.parts.append(data)

    def collected(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        self.collecting = False
        return text

    def feed(self, archive: zipfile.ZipFile, name: str) -> Iterator[None]:
        """Parse the part, pausing after each chunk so that a caller can hand on what it found."""
        try:
            with archive.open(name) as stream:
                while chunk := stream.read(CHUNK):
                    self.parser.Parse(chunk, False)
                    yield
            self.parser.Parse(b"", True)
        except (KeyError, expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError):
            raise damaged() from None
        except (NotImplementedError, RuntimeError):  # unsupported compression, encrypted part
            raise damaged() from None
        yield

    def parse(self, archive: zipfile.ZipFile, name: str):
        for _step in self.feed(archive, name):
            pass
        return self


class _Workbook(_Part):
    """workbook.xml: the first sheet's relationship id and the workbook's calendar."""

    def __init__(self):
        super().__init__()
        self.first_sheet: str | None = None
        self.epoch = CALENDAR_WINDOWS_1900

    def start(self, name, attrs):
        if name == "sheet" and self.first_sheet is None:
            self.first_sheet = next((v for k, v in attrs.items() if _local(k) == "id"), None)
        elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904


class _Relationships(_Part):
    def __init__(self):
        super().__init__()
        self.targets: dict[str, tuple[str, str]] = {}  # id → (type, part name)

    def start(self, name, attrs):
        if name == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            if target.startswith("/"):
                path = target[1:]
            else:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(WORKBOOK), target))
            self.targets[attrs.get("Id", "")] = (attrs.get("Type", ""), path)

    def of_type(self, suffix: str) -> str | None:
        return next((path for kind, path in self.targets.values() if kind.endswith(suffix)), None)


class _SharedStrings(_Part):
    """The workbook's table of texts; cells of type `s` point into it."""

    def __init__(self):
        super().__init__()
        self.strings: list[str] = []
        self.current: list[str] = []
        self.phonetic = False

    def start(self, name, attrs):
        if name == "t" and not self.phonetic:
            self.collecting = True
        elif name == "rPh":
            self.phonetic = True  # reading aids for East Asian text, not part of the value
        elif name == "si":
            if len(self.strings) >= MAX_CELLS:
                raise too_many_cells()
            self.current = []

    def end(self, tag):
        name = _local(tag)
        if name == "t" and self.collecting:
            self.current.append(self.collected())
        elif name == "rPh":
            self.phonetic = False
        elif name == "si":
            self.strings.append("".join(self.current))


class _Styles(_Part):
    """Which cell styles show a number as a date or a duration (Excel stores both as numbers)."""

    def __init__(self):
        super().__init__()
        self.formats = dict(BUILTIN_FORMATS)
        self.cell_formats: list[int] = []
        self.in_cell_formats = False

    def start(self, name, attrs):
        if name == "numFmt":
            try:
                self.formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                raise damaged() from None
        elif name == "cellXfs":
            self.in_cell_formats = True
        elif name == "xf" and self.in_cell_formats:
            if len(self.cell_formats) >= MAX_STYLES:
                raise damaged()
            try:
                self.cell_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                raise damaged() from None

    def end(self, tag):
        if _local(tag) == "cellXfs":
            self.in_cell_formats = False

    def date_styles(self) -> set[str]:
        found = set()
        for index, format_id in enumerate(self.cell_formats):
            code = self.formats.get(format_id) or ""
            if code and (is_date_format(code) or is_timedelta_format(code)):
                found.add(str(index))
        return found


class _Sheet(_Part):
    """A worksheet's rows, handed over as they complete: (row number, {column: value})."""

    def __init__(self, strings: list[str], date_styles: set[str], epoch):
        super().__init__()
        self.strings = strings
        self.date_styles = date_styles
        self.epoch = epoch
        self.ready: list[tuple[int, dict[int, object]]] = []
        self.row: dict[int, object] = {}
        self.row_number = 0
        self.rows = 0
        self.cells = 0
        self.column = 0
        self.columns: dict[str, int] = {}
        self.in_cell = False
        self.cell_type = "n"
        self.cell_style = None
        self.raw: str | None = None
        self.inline: list[str] | None = None
        self.phonetic = False

    def start(self, name, attrs):
        if name == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise too_many_cells()
            reference = attrs.get("r")
            self.column = self._column(reference) if reference else self.column + 1
            self.cell_type = attrs.get("t", "n")
            self.cell_style = attrs.get("s")
            self.raw = None
            self.inline = None
            self.in_cell = True
        elif name == "v":
            self.collecting = self.in_cell
        elif name == "t":
            if self.in_cell and not self.phonetic:
                self.collecting = True
                if self.inline is None:
                    self.inline = []
        elif name == "row":
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise ValidationError(_("The sheet has too many rows."))
            number = attrs.get("r")
            try:
                self.row_number = int(number) if number else self.row_number + 1
            except ValueError:
                raise damaged() from None
            self.row = {}
            self.column = 0
        elif name == "f" and self.in_cell:
            raise ValidationError(
                _("Cell %(cell)s holds a formula. Type the value itself, not a formula.")
                % {"cell": f"{get_column_letter(self.column)}{self.row_number}"}
            )
        elif name == "rPh":
            self.phonetic = True
        elif name == "dimension":
            self._check_dimension(attrs.get("ref", ""))
        elif name == "mergeCell":
            raise ValidationError(
                _("The sheet has merged cells. Unmerge all cells and upload it again.")
            )

    def end(self, tag):
        name = _local(tag)
        if name == "v" and self.collecting:
            self.raw = self.collected()
        elif name == "t" and self.collecting:
            self.inline.append(self.collected())
        elif name == "rPh":
            self.phonetic = False
        elif name == "c":
            self.in_cell = False
            value = self._value()
            if value is not None and value != "":
                if self.column > MAX_COLUMNS:
                    raise too_many_columns(self.column)
                self.row[self.column] = value
        elif name == "row" and self.row:
            self.ready.append((self.row_number, self.row))

    def _column(self, reference: str) -> int:
        letters = reference.rstrip("0123456789")
        column = self.columns.get(letters)
        if column is None:
            try:
                column = column_index_from_string(letters)
            except ValueError:
                raise damaged() from None
            self.columns[letters] = column
        return column

    def _check_dimension(self, reference: str) -> None:
        """The size the sheet says it has: refused at once when it is absurd (it may also lie,
        so the cells are counted as they come as well)."""
        try:
            first_column, first_row, last_column, last_row = range_boundaries(reference)
        except (ValueError, TypeError):
            return
        if last_column and last_column > MAX_COLUMNS:
            raise too_many_columns(last_column)
        if not (first_column and first_row and last_column and last_row):
            return
        if (last_column - first_column + 1) * (last_row - first_row + 1) > MAX_CELLS:
            raise too_many_cells()

    def _value(self):
        kind, raw = self.cell_type, self.raw
        if kind == "s":
            if raw is None:
                return None
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise damaged() from None
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else None
        if kind in ("str", "e", "d"):
            return raw  # text, an error like #N/A, an ISO date: none of them is a number
        if kind == "b":
            return raw in ("1", "true") if raw is not None else None
        if raw is None or raw == "":
            return None
        try:
            number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        except ValueError:
            raise damaged() from None
        if self.cell_style in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return number
        return number


def read_first_sheet(archive: zipfile.ZipFile) -> Iterator[tuple[int, list]]:
    """The first sheet's rows that hold a value: (row number, values from column A on)."""
    workbook = _Workbook().parse(archive, WORKBOOK)
    relationships = _Relationships().parse(archive, WORKBOOK_RELS)
    kind, sheet_part = relationships.targets.get(workbook.first_sheet or "", ("", ""))
    if not kind.endswith("/worksheet"):
        raise damaged()
    strings: list[str] = []
    if part := relationships.of_type("/sharedStrings"):
        strings = _SharedStrings().parse(archive, part).strings
    date_styles: set[str] = set()
    if part := relationships.of_type("/styles"):
        date_styles = _Styles().parse(archive, part).date_styles()
    sheet = _Sheet(strings, date_styles, workbook.epoch)
    for _step in sheet.feed(archive, sheet_part):
        for number, cells in sheet.ready:
            values = [None] * max(cells)
            for column, value in cells.items():
                values[column - 1] = value
            yield number, values
        sheet.ready.clear()
