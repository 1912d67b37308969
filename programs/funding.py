"""Writes to funding lines: Bapperida's lines of a package (or follow-up, or quick win) and
year, saved as one batch, and the realisasi an OPD reports on its own lines.

One write path: the funding grid calls `funding_save`, and so will the spreadsheet import of
funding lines (its dry run calls `funding_check`, which answers without writing what each
entry would do and what is wrong with it, with the same messages). The OPD's realisasi form
calls `funding_realisation_report`. Every rule is checked here before the database checks it
again (`models.funding`), so that people read why in their own language.

Entries name the line they edit by id (`line_id`); an entry without one adds a line, and a
line is removed only by an entry that says so: an import that lists some lines leaves the
others alone. A line someone else changed or removed since the page was opened is a conflict
(`EditConflict`, nothing written); a line someone added meanwhile is simply kept.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppsp_portal.uploads import inspect_evidence

from .concurrency import EditConflict, lock_current
from .models import (
    FIRST_PLAN_YEAR,
    LAST_PLAN_YEAR,
    Agency,
    FundingLine,
    FundingSource,
    subject_filter,
    subject_kabupaten_id,
)
from .money import amount_error
from .services import DELETE, ERROR, NEW, SKIP, UPDATE, Plan, Refused
from .tracking import acting

__all__ = ["EditConflict", "FundingEntry", "Refused", "funding_check", "funding_save"]

Status = FundingLine.Status
DUPLICATE_LINE = gettext_lazy(
    "Duplicate row: the same source, OPD and planning reference as row %(row)s."
)


@dataclass(frozen=True)
class FundingEntry:
    """One funding line as a grid row or a spreadsheet row gives it."""

    source: FundingSource | None
    agency: Agency | None
    pagu: Decimal | None
    realisasi: Decimal | None = None
    status: str = Status.PLANNED
    planning_reference: str = ""
    note: str = ""
    # The line this entry edits (None adds one) and the version the page showed of it.
    line_id: int | None = None
    expected_version: int | None = None
    remove: bool = False


def amount_problems(
    *, pagu: Decimal | None, realisasi: Decimal | None, status: str, note: str
) -> dict[str, str]:
    """What is wrong with a line's money, by field: the rules the grid, the OPD's form and an
    import share (and the database's check constraints repeat)."""
    problems: dict[str, str] = {}
    if pagu is None:
        problems["pagu"] = _("Type the pagu (0 when there is none yet).")
    elif message := amount_error(pagu):
        problems["pagu"] = message
    spent = realisasi if realisasi is not None else Decimal(0)
    if message := amount_error(spent):
        problems["realisasi"] = message
    if status not in Status.values:
        problems["status"] = _("Choose a valid status.")
    elif status == Status.PLANNED and spent > 0 and "realisasi" not in problems:
        problems["status"] = _(
            "A line that is only planned has no realisasi yet: set it to budgeted or realised."
        )
    if not problems and pagu is not None and spent > pagu and not note.strip():
        problems["note"] = _(
            "The realisasi is above the pagu: say why in the note (e.g. a budget revision)."
        )
    return problems


def _plan(kabupaten_id: int, entries: list[FundingEntry], existing: dict[int, FundingLine]) -> Plan:
    plan = Plan(kinds=[SKIP] * len(entries))
    mentioned = {entry.line_id for entry in entries if entry.line_id is not None}
    # Lines the batch does not mention keep their place: a new row may not repeat them.
    kept = {_key_of_line(line) for pk, line in existing.items() if pk not in mentioned}
    seen: dict[tuple, int] = {}
    for index, entry in enumerate(entries):
        current = existing.get(entry.line_id) if entry.line_id is not None else None
        if entry.line_id is not None and current is None:
            if entry.expected_version is not None:
                plan.conflicts.append(index)  # removed by someone else meanwhile
            else:
                plan.refuse(index, "line", _("This funding line no longer exists."))
            continue
        if (
            current is not None
            and entry.expected_version is not None
            and current.version != entry.expected_version
        ):
            plan.conflicts.append(index)
        if entry.remove:
            if current is not None:
                plan.kinds[index] = DELETE
            continue
        for name, message in _entry_problems(kabupaten_id, entry, current).items():
            plan.refuse(index, name, message)
        if plan.kinds[index] == ERROR:
            continue
        key = _key(entry)
        if plan.repeats(index, "planning_reference", key, seen, DUPLICATE_LINE):
            continue
        if key in kept:
            plan.refuse(
                index,
                "planning_reference",
                _(
                    "A line with the same source, OPD and planning reference already exists: "
                    "change that line, or give this one its own planning reference."
                ),
            )
            continue
        seen[key] = index
        if current is None:
            plan.kinds[index] = NEW
        elif _differs(current, entry):
            plan.kinds[index] = UPDATE
    return plan


def _entry_problems(
    kabupaten_id: int, entry: FundingEntry, current: FundingLine | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if entry.source is None:
        problems["source"] = _("Choose the funding source.")
    elif not entry.source.active and (current is None or current.source_id != entry.source.pk):
        problems["source"] = _("This funding source is no longer in use for new lines.")
    if entry.agency is None:
        problems["agency"] = _("Choose the OPD responsible for this line.")
    elif entry.agency.kabupaten_id != kabupaten_id:
        problems["agency"] = _("The responsible OPD must belong to the kabupaten/kota.")
    if len(entry.planning_reference.strip()) > 150:
        problems["planning_reference"] = _("The planning reference is at most 150 characters.")
    problems.update(
        amount_problems(
            pagu=entry.pagu, realisasi=entry.realisasi, status=entry.status, note=entry.note
        )
    )
    return problems


def _key(entry: FundingEntry) -> tuple:
    return (entry.source.pk, entry.agency.pk, entry.planning_reference.strip())


def _key_of_line(line: FundingLine) -> tuple:
    return (line.source_id, line.agency_id, line.planning_reference)


def _differs(line: FundingLine, entry: FundingEntry) -> bool:
    return (
        line.source_id != entry.source.pk
        or line.agency_id != entry.agency.pk
        or line.planning_reference != entry.planning_reference.strip()
        or line.pagu != entry.pagu
        or line.realisasi != (entry.realisasi or Decimal(0))
        or line.status != entry.status
        or line.note != entry.note.strip()
    )


def _existing(subject: models.Model, year: int, *, lock: bool) -> dict[int, FundingLine]:
    lines = FundingLine.objects.filter(year=year, **subject_filter(subject))
    if lock:
        lines = lines.select_for_update()
    return {line.pk: line for line in lines}


def _check_year(year: int) -> None:
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise ValidationError(_("%(value)s is not a year.") % {"value": year})


def funding_check(*, subject: models.Model, year: int, entries: list[FundingEntry]) -> Plan:
    """What saving `entries` would do, without writing (the import's dry run)."""
    _check_year(year)
    return _plan(subject_kabupaten_id(subject), entries, _existing(subject, year, lock=False))


@transaction.atomic
def funding_save(
    *,
    actor,
    subject: models.Model,
    year: int,
    entries: list[FundingEntry],
    action: str = "funding.save",
) -> Plan:
    """Add, change and remove a subject's funding lines of one year, all or none.

    Raises EditConflict (its `current` the indexes of the stale entries) when someone changed
    or removed a line since the page was opened, and Refused (a ValidationError with every
    problem by entry index) when an entry breaks a rule."""
    _check_year(year)
    # One batch per subject at a time: a second save waits here, then sees the first's lines.
    type(subject).objects.select_for_update().only("pk").get(pk=subject.pk)
    kabupaten_id = subject_kabupaten_id(subject)
    existing = _existing(subject, year, lock=True)
    plan = _plan(kabupaten_id, entries, existing)
    if plan.conflicts:
        raise EditConflict(plan.conflicts)
    plan.raise_problems()
    now = timezone.now()
    created, updated, deleted = [], [], []
    for kind, entry in zip(plan.kinds, entries, strict=True):
        if kind == DELETE:
            deleted.append(entry.line_id)
        elif kind in (NEW, UPDATE):
            line = existing.get(entry.line_id) or FundingLine(
                kabupaten_id=kabupaten_id,
                year=year,
                created_by=actor,
                **subject_filter(subject),
            )
            line.source = entry.source
            line.agency = entry.agency
            line.planning_reference = entry.planning_reference.strip()
            line.pagu = entry.pagu
            line.realisasi = entry.realisasi or Decimal(0)
            line.status = entry.status
            line.note = entry.note.strip()
            line.updated_at = now
            (created if kind == NEW else updated).append(line)
    with acting(actor, action):
        if deleted:
            FundingLine.objects.filter(pk__in=deleted).delete()
        if updated:
            FundingLine.objects.bulk_update(updated, GRID_FIELDS)
            for line in updated:
                line.version += 1  # the database's bump_version trigger did the same
        if created:
            FundingLine.objects.bulk_create(created)
    return plan


GRID_FIELDS = [
    "source",
    "agency",
    "planning_reference",
    "pagu",
    "realisasi",
    "status",
    "note",
    "updated_at",
]


@transaction.atomic
def funding_realisation_report(
    *,
    actor,
    line: FundingLine,
    realisasi: Decimal | None,
    status: str,
    note: str = "",
    expected_version: int | None,
    evidence: UploadedFile | None = None,
) -> FundingLine:
    """The realisasi an OPD reports on one of its lines, with its status, note and evidence.

    Raises EditConflict (with the stored line) when the line changed since the form was
    opened, and ValidationError by field when the money rules refuse it."""
    current = lock_current(
        FundingLine.objects.select_related("source", "agency"), line.pk, expected_version
    )
    if realisasi is None:
        raise ValidationError({"realisasi": _("Type the realisasi (0 when nothing was spent).")})
    problems = amount_problems(pagu=current.pagu, realisasi=realisasi, status=status, note=note)
    if problems:
        raise ValidationError(problems)
    current.realisasi = realisasi
    current.status = status
    current.note = note.strip()
    if evidence is not None:
        inspected = inspect_evidence(evidence)
        current.evidence.save(evidence.name, evidence, save=False)
        current.evidence_name = evidence.name[:250]
        current.evidence_type = inspected.content_type
    with acting(actor, "funding.realisation"):
        current.save()
    return current
