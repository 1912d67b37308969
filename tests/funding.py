"""Funding lines for tests: the sources the data migration adds, and lines made directly."""

import dataclasses
import importlib
from decimal import Decimal

from django.core.files.base import ContentFile

from programs.funding import FundingEntry
from programs.models import FundingLine, FundingSource, subject_filter, subject_kabupaten_id

SOURCES = importlib.import_module("programs.migrations.0012_funding_sources").SOURCES


def sources() -> dict[str, FundingSource]:
    """The standard sources by code (present after migrating; a flushed database needs them
    back)."""
    for order, (code, name) in enumerate(SOURCES, start=1):
        FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )
    return {source.code: source for source in FundingSource.objects.all()}


def make_line(
    world,
    *,
    subject=None,
    agency=None,
    source: str = "apbd-kabupaten",
    year: int = 2025,
    pagu: str = "1000000000",
    realisasi: str = "0",
    status: str = FundingLine.Status.BUDGETED,
    reference: str = "",
    note: str = "",
    evidence: bool = False,
) -> FundingLine:
    """A line written straight to the database (as a migration or the admin would)."""
    subject = subject if subject is not None else world.kapuas_followup
    line = FundingLine(
        kabupaten_id=subject_kabupaten_id(subject),
        year=year,
        source=sources()[source],
        agency=agency or world.kapuas_pupr,
        planning_reference=reference,
        pagu=Decimal(pagu),
        realisasi=Decimal(realisasi),
        status=status,
        note=note,
        created_by=world.users["kapuas"],
        **subject_filter(subject),
    )
    if evidence:
        line.evidence_name = "spj.pdf"
        line.evidence_type = "application/pdf"
        line.evidence.save("spj.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    line.save()
    return line


def kapuas_line(world, agency=None) -> FundingLine:
    """Kapuas's follow-up line of `agency` (Dinas PUPR by default), with evidence: made on first
    use, the same one after (the permission matrix asks for it several times in one test)."""
    agency = agency or world.kapuas_pupr
    existing = FundingLine.objects.filter(follow_up=world.kapuas_followup, agency=agency).first()
    return existing or make_line(world, agency=agency, evidence=True)


def as_stored(line: FundingLine, **changes) -> FundingEntry:
    """The line as an OPD's file (or the grid) holds it, as of its stored version, with
    `changes` typed in."""
    entry = FundingEntry(
        subject=line.subject,
        source=line.source,
        agency=line.agency,
        pagu=line.pagu,
        realisasi=line.realisasi,
        status=line.status,
        planning_reference=line.planning_reference,
        note=line.note,
        line_id=line.pk,
        expected_version=line.version,
    )
    return dataclasses.replace(entry, **changes)
