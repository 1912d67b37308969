"""Importing funding lines of one kabupaten and year: every row a line of a policy package, a
follow-up or a quick win, written exactly as the funding grid writes it (`funding_save`).

A row names its line by `ID baris` (empty for a new line) and its subject by `Jenis` and
`ID subjek`, as the template and the export write them. A line the file leaves out is kept, and
a line is removed only by a row that says so in `Hapus`: a file listing some lines changes
those only. An OPD head's file may carry only the realisasi, status and note of their OPD's
lines, the work the realisasi form gives them (Bapperida adds, changes and removes lines).
"""

import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext as _

from coaching.models import FollowUp, QuickWin
from programs import funding
from programs.models import (
    Agency,
    FundingLine,
    FundingSource,
    Kabupaten,
    subject_label,
)
from programs.money import CEILING, SEN, parse_rupiah
from programs.selectors import policy_packages

from .columns import (
    AGENCY,
    LINE,
    NOTE,
    PAGU,
    REALISASI,
    REFERENCE,
    REMOVE,
    SOURCE,
    STATUS,
    SUBJECT,
    SUBJECT_ID,
    SUBJECT_KIND,
    YEAR,
    parse_whole,
    restore,
    text,
)
from .importing import ImportOutcome, SheetImport

Status = FundingLine.Status

# How the sheet names a kind of subject (the template writes the first), and what it accepts.
KIND_LABELS = {"package": "Paket kebijakan", "follow-up": "RTL", "quick-win": "Quick win"}
KIND_NAMES = {
    **{label.lower(): kind for kind, label in KIND_LABELS.items()},
    **{kind: kind for kind in KIND_LABELS},
    "paket": "package",
    "policy package": "package",
    "tindak lanjut": "follow-up",
    "follow up": "follow-up",
    "quick win": "quick-win",
    "quickwin": "quick-win",
}
REMOVE_WORDS = {"ya", "y", "yes", "x", "hapus", "1"}
KEEP_WORDS = {"", "tidak", "no", "0"}
NOTE_LENGTH = 2000  # the grid's note field


def status_names() -> dict[str, str]:
    """Each status by its code and by its label in either language, lower case."""
    names = {}
    for language in ("id", "en"):
        with translation.override(language):
            names.update({str(label).lower(): code for code, label in Status.choices})
    names.update({code: code for code in Status.values})
    return names


def rupiah_cell(cells: dict, column: str, errors: dict[str, str]) -> Decimal | None:
    """An amount as a spreadsheet holds it: a number, or text typed the Indonesian way
    ("1.234.567.890", "1.234.567.890,50", "Rp 1.000.000,-"); None for an empty cell. Whether
    it can be a pagu or a realisasi (negative, too large, sen) is the service's to say."""
    raw = cells.get(column)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return Decimal(raw)
    if isinstance(raw, float) and math.isfinite(raw):
        number = Decimal(repr(raw))
        if abs(number) <= CEILING and number != number.quantize(SEN):
            # A sum or product of binary fractions (0.1 + 0.2 is 0.30000000000000004): read as
            # the spreadsheet shows it, to 15 digits. Real sen beyond two stay, and are refused.
            number = Decimal(format(raw, ".15g"))
        return number
    try:
        return parse_rupiah(str(raw))
    except ValidationError as error:
        errors[column] = error.messages[0]
    return None


class FundingImport(SheetImport):
    action = "funding.import"
    key_column = LINE
    field_columns = {
        "line": LINE,
        "remove": REMOVE,
        "source": SOURCE,
        "agency": AGENCY,
        "planning_reference": REFERENCE,
        "pagu": PAGU,
        "realisasi": REALISASI,
        "status": STATUS,
        "note": NOTE,
    }
    shown = (SUBJECT_KIND, SUBJECT_ID, SUBJECT, LINE, SOURCE, AGENCY, PAGU, REALISASI)

    def __init__(self, *, kabupaten: Kabupaten, year: int, actor, reporter: Agency | None = None):
        self.kabupaten = kabupaten
        self.year = year
        self.actor = actor
        # An OPD head's import reports the realisasi of their OPD's lines; None: Bapperida's.
        self.reporter = reporter

    def run(self, sheet, *, confirm: bool) -> ImportOutcome:
        # A row without its line's ID is matched by its source, OPD and reference, unless
        # another row names that line by ID: re-importing a file adds nothing twice.
        self.named_ids = set()
        if LINE in sheet.headers:
            column = sheet.headers.index(LINE)
            self.named_ids = {
                parse_whole(values[column]) for _n, values in sheet.rows if len(values) > column
            }
        return super().run(sheet, confirm=confirm)

    def prepare(self) -> None:
        self.subjects = {
            **{("package", p.pk): p for p in policy_packages(kabupaten=self.kabupaten)},
            **{("follow-up", f.pk): f for f in FollowUp.objects.filter(kabupaten=self.kabupaten)},
            **{("quick-win", q.pk): q for q in QuickWin.objects.filter(kabupaten=self.kabupaten)},
        }
        sources = list(FundingSource.objects.order_by("-sort_order", "-name"))
        # By name (of two alike, the first in the list) and by code, which wins over a name.
        self.sources = {source.name.strip().lower(): source for source in sources}
        self.sources.update({source.code.lower(): source for source in sources})
        self.agencies = {a.abbreviation.lower(): a for a in self.kabupaten.agencies.all()}
        self.lines = {
            line.pk: line
            for line in FundingLine.objects.filter(kabupaten=self.kabupaten, year=self.year)
            .select_related("policy_package", "follow_up", "quick_win")
            .order_by()
        }
        self.lines_by_key = {
            (line.subject_kind, line.subject.pk, *_key_of(line)): line
            for line in self.lines.values()
        }
        self.statuses = status_names()

    def locate(self, cells: dict, errors: dict[str, str]) -> tuple:
        year = parse_whole(cells.get(YEAR))
        if year != self.year:
            errors[YEAR] = _("The line is not of the year %(year)s.") % {"year": self.year}
        kind = KIND_NAMES.get(text(cells.get(SUBJECT_KIND)).lower())
        subject = None
        if kind is None:
            errors[SUBJECT_KIND] = _(
                "%(value)s is no kind of subject: write Paket kebijakan, RTL or Quick win."
            ) % {"value": text(cells.get(SUBJECT_KIND)) or "–"}
        else:
            subject = self.subjects.get((kind, parse_whole(cells.get(SUBJECT_ID))))
            if subject is None:
                errors[SUBJECT_ID] = _("There is no %(kind)s %(id)s in this kabupaten/kota.") % {
                    "kind": KIND_LABELS[kind],
                    "id": text(cells.get(SUBJECT_ID)) or "–",
                }
        line_id = self._line_id(cells, subject, errors)
        remove = self._remove(cells, errors)
        if line_id is None and remove:
            errors[REMOVE] = _("Only a line with its ID baris can be removed.")
        if self._asks_nothing(cells, line_id, remove):
            return (), None
        source = self._named(cells, SOURCE, self.sources, errors)
        agency = self._named(cells, AGENCY, self.agencies, errors)
        reference = restore(text(cells.get(REFERENCE))).strip()
        if line_id is None and subject is not None and source and agency:
            known = self.lines_by_key.get((kind, subject.pk, source.pk, agency.pk, reference))
            if known is not None and known.pk not in self.named_ids:
                line_id = known.pk
        keys = []
        if line_id is not None:
            keys.append(("line", line_id))
        if subject is not None and source and agency and not remove:
            keys.append(("key", kind, subject.pk, source.pk, agency.pk, reference))
        return tuple(keys), (subject, line_id, source, agency, reference, remove)

    def _line_id(self, cells, subject, errors) -> int | None:
        raw = cells.get(LINE)
        if text(raw) == "":
            return None
        line_id = parse_whole(raw)
        if line_id is None or line_id <= 0:
            errors[LINE] = _("%(value)s is not a line ID.") % {"value": text(raw)}
            return None
        line = self.lines.get(line_id)
        if line is not None and subject is not None and line.subject != subject:
            errors[LINE] = _("Line %(line)s belongs to another subject: %(subject)s.") % {
                "line": line_id,
                "subject": subject_label(line.subject),
            }
        # A line of another year, kabupaten or none at all: the service says it no longer exists.
        return line_id

    def _remove(self, cells, errors) -> bool:
        word = text(cells.get(REMOVE)).lower()
        if word in REMOVE_WORDS:
            return True
        if word not in KEEP_WORDS:
            errors[REMOVE] = _("Write ya in Hapus to remove the line, or leave it empty.")
        return False

    @staticmethod
    def _asks_nothing(cells, line_id, remove) -> bool:
        """A template's empty row of a subject: nothing to add."""
        columns = (SOURCE, AGENCY, REFERENCE, PAGU, REALISASI, STATUS, NOTE)
        return line_id is None and not remove and all(text(cells.get(c)) == "" for c in columns)

    @staticmethod
    def _named(cells, column, known, errors):
        """A source (by name or code) or an OPD (by abbreviation); None when left empty, which
        the service answers as the grid does ("Choose…")."""
        name = restore(text(cells.get(column)))
        if not name:
            return None
        found = known.get(name.lower())
        if found is None:
            if column == AGENCY:
                errors[column] = _("Unknown OPD %(name)s for this kabupaten/kota.") % {"name": name}
            else:
                errors[column] = _("Unknown funding source %(name)s.") % {"name": name}
        return found

    def entry(self, located, cells: dict, errors: dict[str, str]):
        if located is None:
            return None  # an empty row of the template
        subject, line_id, source, agency, reference, remove = located
        if remove:
            return funding.FundingEntry(
                subject=subject, source=None, agency=None, pagu=None, line_id=line_id, remove=True
            )
        pagu = rupiah_cell(cells, PAGU, errors)
        realisasi = rupiah_cell(cells, REALISASI, errors)
        typed_status = text(cells.get(STATUS))
        note = restore(text(cells.get(NOTE)))
        try:
            MaxLengthValidator(NOTE_LENGTH)(note)
        except ValidationError as error:
            errors[NOTE] = error.messages[0]
        if errors:
            return None
        return funding.FundingEntry(
            subject=subject,
            source=source,
            agency=agency,
            pagu=pagu,
            realisasi=realisasi,
            # A status the sheet does not know goes as typed: the service refuses it as the
            # grid does ("Choose a valid status").
            status=self.statuses.get(typed_status.lower(), typed_status),
            planning_reference=reference,
            note=note,
            line_id=line_id,
        )

    def duplicate_message(self, first_row: int, key) -> str:
        if key[0] == "line":
            return _("Duplicate row: the same funding line as row %(row)s.") % {"row": first_row}
        return _("Duplicate row: the same source, OPD and planning reference as row %(row)s.") % {
            "row": first_row
        }

    def check(self, entries):
        return funding.funding_check(year=self.year, entries=entries, reporter=self.reporter)

    def save(self, entries):
        return funding.funding_save(
            actor=self.actor,
            year=self.year,
            entries=entries,
            reporter=self.reporter,
            action=self.action,
        )


def _key_of(line: FundingLine) -> tuple:
    return (line.source_id, line.agency_id, line.planning_reference)


def import_funding(
    *,
    sheet,
    kabupaten: Kabupaten,
    year: int,
    actor,
    confirm: bool,
    reporter: Agency | None = None,
) -> ImportOutcome:
    """Dry run (confirm=False) or apply; applying writes all rows or, on any error, none."""
    return FundingImport(kabupaten=kabupaten, year=year, actor=actor, reporter=reporter).run(
        sheet, confirm=confirm
    )
