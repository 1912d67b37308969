"""Writes to funding lines: Bapperida's lines of a package (or follow-up, or quick win) and
year, saved as one batch, and the realisasi an OPD reports on its own lines.

One write path, two functions: `funding_save` writes a batch, all or none, and
`funding_check` answers without writing what each entry would do and what is wrong with it,
with the same messages. Every writer calls them:
- the funding grid, with the lines of one subject;
- the spreadsheet import, with the lines of every subject its file names (each entry naming
  its own subject); its dry run is `funding_check`;
- the OPD's realisasi form (`funding_realisation_report`), with its one line;
- an OPD head's import, with `reporter` set: the batch may then only report the realisasi,
  status and note of that OPD's own lines, as the form does.
Every rule is checked here before the database checks it again (`models.funding`), so that
people read why in their own language.

Entries name the line they edit by id (`line_id`); an entry without one adds a line, and a
line is removed only by an entry that says so: an import that lists some lines leaves the
others alone. A line someone else changed or removed since the page was opened is a conflict
(`EditConflict`, nothing written); a line someone added meanwhile is simply kept.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppsp_portal.uploads import inspect_evidence

from .concurrency import EditConflict
from .models import (
    FIRST_PLAN_YEAR,
    LAST_PLAN_YEAR,
    SUBJECT_FIELDS,
    Agency,
    FundingLine,
    FundingSource,
    subject_filter,
    subject_kabupaten_id,
    subject_kind,
    subject_model,
)
from .money import amount_error
from .services import DELETE, ERROR, NEW, SKIP, UPDATE, Plan, Refused
from .tracking import acting

__all__ = [
    "EditConflict",
    "FundingEntry",
    "Refused",
    "funding_check",
    "funding_realisation_report",
    "funding_save",
]

Status = FundingLine.Status
DUPLICATE_LINE = gettext_lazy(
    "Duplicate row: the same source, OPD and planning reference as row %(row)s."
)

# What a batch writes of a line it changes (the evidence only when an entry brings a file).
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
EVIDENCE_FIELDS = ["evidence", "evidence_name", "evidence_type"]


@dataclass(frozen=True)
class FundingEntry:
    """One funding line as a grid row, a spreadsheet row or the realisasi form gives it."""

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
    # The package, follow-up or quick win the line belongs to, when a batch spans several (an
    # import); the grid names its one subject to `funding_save` instead.
    subject: models.Model | None = None
    evidence: UploadedFile | None = None


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


@dataclass
class _Group:
    """The entries of one subject in a batch, by their indexes."""

    subject: models.Model
    kabupaten_id: int
    indexes: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return subject_kind(self.subject), self.subject.pk


def _groups(subject: models.Model | None, entries: list[FundingEntry]) -> list[_Group]:
    """The batch's entries by subject: all of them `subject`'s when given (the grid), else each
    entry's own (an import)."""
    groups: dict[tuple, _Group] = {}
    if subject is not None:
        groups[subject_kind(subject), subject.pk] = _Group(subject, subject_kabupaten_id(subject))
    for index, entry in enumerate(entries):
        own = subject if subject is not None else entry.subject
        if own is None:
            raise ValueError("a funding entry of a batch without a subject names its own")
        key = (subject_kind(own), own.pk)
        if key not in groups:
            groups[key] = _Group(own, subject_kabupaten_id(own))
        groups[key].indexes.append(index)
    return list(groups.values())


def _pks_by_kind(groups: list[_Group]) -> dict[str, list[int]]:
    by_kind: dict[str, list[int]] = {}
    for group in groups:
        by_kind.setdefault(group.key[0], []).append(group.subject.pk)
    return by_kind


def _existing(groups: list[_Group], year: int, *, lock: bool) -> dict[tuple, dict]:
    """The lines of the batch's subjects and year (one query), by subject and then by id."""
    wanted = Q()
    for kind, pks in _pks_by_kind(groups).items():
        wanted |= Q(**{f"{SUBJECT_FIELDS[kind]}__in": pks})
    if not wanted:
        return {}
    lines = FundingLine.objects.filter(wanted, year=year).select_related("agency")
    if lock:
        lines = lines.select_for_update(of=("self",))
    existing: dict[tuple, dict] = {}
    for line in lines:
        subject_id = line.policy_package_id or line.follow_up_id or line.quick_win_id
        existing.setdefault((line.subject_kind, subject_id), {})[line.pk] = line
    return existing


def _lock_subjects(groups: list[_Group]) -> None:
    """One batch per subject at a time: a second save waits here, then sees the first's lines.
    Locked in a fixed order (one query per kind of subject), so that two imports naming the
    same subjects wait for each other instead of deadlocking."""
    for kind, pks in sorted(_pks_by_kind(groups).items()):
        list(
            subject_model(kind)
            .objects.select_for_update()
            .filter(pk__in=pks)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _plan(
    entries: list[FundingEntry],
    groups: list[_Group],
    existing: dict[tuple, dict],
    reporter: Agency | None,
) -> Plan:
    """What each entry would do, subject by subject; indexes are those of `entries`."""
    plan = Plan(kinds=[SKIP] * len(entries))
    for group in groups:
        _plan_subject(plan, entries, group, existing.get(group.key, {}), reporter)
    plan.conflicts.sort()
    return plan


def _plan_subject(
    plan: Plan,
    entries: list[FundingEntry],
    group: _Group,
    existing: dict[int, FundingLine],
    reporter: Agency | None,
) -> None:
    mentioned = {entries[i].line_id for i in group.indexes if entries[i].line_id is not None}
    # Lines the batch does not mention keep their place: a new row may not repeat them.
    kept = {_key_of_line(line) for pk, line in existing.items() if pk not in mentioned}
    seen: dict[tuple, int] = {}
    for index in group.indexes:
        entry = entries[index]
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
        if reporter is not None:
            for name, message in _reporter_problems(entry, current, reporter).items():
                plan.refuse(index, name, message)
            if plan.kinds[index] == ERROR:
                continue
        if entry.remove:
            if current is not None:
                plan.kinds[index] = DELETE
            continue
        for name, message in _entry_problems(group.kabupaten_id, entry, current).items():
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


def _reporter_problems(
    entry: FundingEntry, current: FundingLine | None, reporter: Agency
) -> dict[str, str]:
    """An OPD reports on its own lines, and only what its realisasi form holds."""
    if current is None:
        return {
            "line": _("Only Bapperida adds funding lines; an OPD reports the realisasi of its own.")
        }
    if current.agency_id != reporter.pk:
        return {
            "agency": _("This line is carried by %(agency)s, not by %(reporter)s.")
            % {"agency": current.agency.abbreviation, "reporter": reporter.abbreviation}
        }
    if entry.remove:
        return {"remove": _("Only Bapperida removes funding lines.")}
    changed = {
        "source": (entry.source.pk if entry.source else None) != current.source_id,
        "agency": (entry.agency.pk if entry.agency else None) != current.agency_id,
        "planning_reference": entry.planning_reference.strip() != current.planning_reference,
        "pagu": entry.pagu != current.pagu,
    }
    message = _(
        "Only Bapperida changes the source, OPD, planning reference and pagu of a line; "
        "an OPD reports its realisasi, status and note."
    )
    return {name: message for name, differs in changed.items() if differs}


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
    if entry.evidence is not None:
        try:
            inspect_evidence(entry.evidence)
        except ValidationError as error:
            problems["evidence"] = error.messages[0]
    return problems


def _key(entry: FundingEntry) -> tuple:
    return (entry.source.pk, entry.agency.pk, entry.planning_reference.strip())


def _key_of_line(line: FundingLine) -> tuple:
    return (line.source_id, line.agency_id, line.planning_reference)


def _differs(line: FundingLine, entry: FundingEntry) -> bool:
    return entry.evidence is not None or (
        line.source_id != entry.source.pk
        or line.agency_id != entry.agency.pk
        or line.planning_reference != entry.planning_reference.strip()
        or line.pagu != entry.pagu
        or line.realisasi != (entry.realisasi or Decimal(0))
        or line.status != entry.status
        or line.note != entry.note.strip()
    )


def _check_year(year: int) -> None:
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise ValidationError(_("%(value)s is not a year.") % {"value": year})


def funding_check(
    *,
    year: int,
    entries: list[FundingEntry],
    subject: models.Model | None = None,
    reporter: Agency | None = None,
) -> Plan:
    """What saving `entries` would do, without writing (the import's dry run)."""
    _check_year(year)
    groups = _groups(subject, entries)
    return _plan(entries, groups, _existing(groups, year, lock=False), reporter)


def funding_save(
    *,
    actor,
    year: int,
    entries: list[FundingEntry],
    subject: models.Model | None = None,
    reporter: Agency | None = None,
    action: str = "funding.save",
) -> Plan:
    """Add, change and remove funding lines of one year, all or none: a subject's (the grid),
    or those of the subjects the entries name (an import). With `reporter`, the entries may
    only report the realisasi, status and note of that OPD's own lines.

    A fixed number of queries whatever the number of entries: the subjects locked (one per
    kind), their lines locked, then at most one DELETE, one UPDATE and one INSERT.

    Raises EditConflict (its `current` the indexes of the stale entries) when someone changed
    or removed a line since the page was opened, and Refused (a ValidationError with every
    problem by entry index) when an entry breaks a rule."""
    with transaction.atomic():
        _check_year(year)
        groups = _groups(subject, entries)
        _lock_subjects(groups)
        existing = _existing(groups, year, lock=True)
        plan = _plan(entries, groups, existing, reporter)
        if plan.conflicts:
            raise EditConflict(plan.conflicts)
        plan.raise_problems()
        now = timezone.now()
        created, updated, deleted = [], [], []
        for group in groups:
            lines = existing.get(group.key, {})
            for index in group.indexes:
                kind, entry = plan.kinds[index], entries[index]
                if kind == DELETE:
                    deleted.append(entry.line_id)
                elif kind in (NEW, UPDATE):
                    line = lines.get(entry.line_id) or FundingLine(
                        kabupaten_id=group.kabupaten_id,
                        year=year,
                        created_by=actor,
                        **subject_filter(group.subject),
                    )
                    _fill(line, entry, now)
                    (created if kind == NEW else updated).append(line)
        with acting(actor, action):
            if deleted:
                FundingLine.objects.filter(pk__in=deleted).delete()
            if updated:
                with_evidence = any(entry.evidence is not None for entry in entries)
                fields = GRID_FIELDS + (EVIDENCE_FIELDS if with_evidence else [])
                FundingLine.objects.bulk_update(updated, fields)
            if created:
                FundingLine.objects.bulk_create(created)
        return plan


def _fill(line: FundingLine, entry: FundingEntry, now) -> None:
    line.source = entry.source
    line.agency = entry.agency
    line.planning_reference = entry.planning_reference.strip()
    line.pagu = entry.pagu
    line.realisasi = entry.realisasi or Decimal(0)
    line.status = entry.status
    line.note = entry.note.strip()
    line.updated_at = now
    if entry.evidence is not None:
        inspected = inspect_evidence(entry.evidence)
        line.evidence.save(entry.evidence.name, entry.evidence, save=False)
        line.evidence_name = entry.evidence.name[:250]
        line.evidence_type = inspected.content_type


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
    """The realisasi an OPD reports on one of its lines, with its status, note and evidence:
    a batch of one line through `funding_save`, as the line's OPD (Bapperida may file it too).

    Raises EditConflict (with the stored line) when the line changed since the form was
    opened, and ValidationError by field when the rules refuse it."""
    with transaction.atomic():
        if realisasi is None:
            raise ValidationError(
                {"realisasi": _("Type the realisasi (0 when nothing was spent).")}
            )
        lines = FundingLine.objects.select_related(
            "source", "agency", "policy_package__programme", "follow_up", "quick_win"
        )
        # Read without a lock: `funding_save` locks the subject, then its lines, in the order every
        # batch does; a change in between shows as a version that moved on.
        current = lines.filter(pk=line.pk).first()
        if current is None:
            raise ValidationError(_("This funding line no longer exists."))
        entry = FundingEntry(
            source=current.source,
            agency=current.agency,
            pagu=current.pagu,
            realisasi=realisasi,
            status=status,
            planning_reference=current.planning_reference,
            note=note,
            line_id=current.pk,
            expected_version=current.version if expected_version is None else expected_version,
            evidence=evidence,
        )
        try:
            funding_save(
                actor=actor,
                year=current.year,
                subject=current.subject,
                entries=[entry],
                reporter=current.agency,
                action="funding.realisation",
            )
        except EditConflict:
            stored = lines.filter(pk=line.pk).first()
            if stored is None:
                raise ValidationError(_("This funding line no longer exists.")) from None
            raise EditConflict(stored) from None
        except Refused as refused:
            raise ValidationError(refused.problems[0]) from None
        return lines.get(pk=line.pk)
