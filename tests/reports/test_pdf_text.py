"""Every text in every PDF prints as the person typed it: names and titles with &, quotes and <
in the body, in the running header of every page and in the document's metadata."""

import re
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from coaching.models import QuickWin
from reports.documents import generate
from reports.models import Report
from tests.reports.test_pdf_reports import page_texts, pdf_text

TYPED = 'Rakor PUPR & DLH "Sanitasi" <2025>'
ENTITIES = re.compile(r"&(amp|quot|lt|gt|#x?[0-9a-fA-F]+);")


@pytest.fixture
def typed(world):
    """Everything a report prints that someone typed, with characters HTML would escape."""
    world.kapuas.name = "Kapuas & <Hulu>"
    world.kapuas.save()
    world.kalteng.name = 'Kalimantan "Tengah" & <Utara>'
    world.kalteng.save()
    world.kapuas_pupr.name = 'Dinas PUPR & "Perkim" <Kapuas>'
    world.kapuas_pupr.abbreviation = "PUPR&P"
    world.kapuas_pupr.save()
    indicator = world.indicators["AL-01"]
    indicator.name = 'Akses sanitasi "layak" & <aman>'
    indicator.save()
    session = world.kapuas_session
    session.title = TYPED
    session.venue = "Aula <Bapperida> & Co"
    session.save()
    session.guests.create(organisation='BPPW "Kalteng" & <Satker>', names="O'Brien & Co")
    world.kapuas_followup.action = 'Menyusun "jadwal" LLTT & <SOP>'
    world.kapuas_followup.save()
    QuickWin.objects.create(
        kabupaten=world.kapuas,
        agency=world.kapuas_pupr,
        title='Bank sampah "Barasih" & <RT 03>',
        target_date=date(2025, 9, 30),
        created_by=world.users["kapuas"],
    )
    return world


def generated(world, kind: str, *, title: str, parameters=None, **fields):
    """Generate a report as the worker does; its text, its PDF and the report."""
    report = Report.objects.create(
        kind=kind,
        requested_by=world.users["admin"],
        parameters=parameters or {"year": 2025},
        title=title,
        **fields,
    )
    report = generate(report)
    assert report.status == Report.Status.DONE, report.error
    with report.file.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return pdf_text(report), reader, report


def assert_as_typed(text: str, reader: PdfReader, report: Report, *typed_texts: str):
    for typed_text in typed_texts:
        assert typed_text in text, typed_text
    assert not ENTITIES.search(text), ENTITIES.search(text).group(0)
    assert reader.metadata.title == report.title
    # The running header (the report's title) prints on every page but the cover, as typed.
    pages = page_texts(report)
    assert len(pages) == len(reader.pages)
    assert sum(report.title in page for page in pages) >= len(pages) - 1, pages


class TestEveryPdfPrintsTextAsTyped:
    def test_the_kabupaten_report(self, typed):
        text, reader, report = generated(
            typed,
            Report.Kind.KABUPATEN,
            kabupaten=typed.kapuas,
            title='Laporan "Kapuas" & <Hulu> 2025',
        )
        assert_as_typed(
            text,
            reader,
            report,
            "Kabupaten Kapuas & <Hulu>",
            'Akses sanitasi "layak" & <aman>',
            'Menyusun "jadwal" LLTT & <SOP>',
            'Bank sampah "Barasih" & <RT 03>',
            TYPED,
            "PUPR&P",
        )

    def test_the_minutes(self, typed):
        text, reader, report = generated(
            typed,
            Report.Kind.MINUTES,
            kabupaten=typed.kapuas,
            parameters={"session": typed.kapuas_session.pk},
            title=f"Notulen: {TYPED}, 25 Agustus 2025",
        )
        assert_as_typed(
            text,
            reader,
            report,
            TYPED,
            "Aula <Bapperida> & Co",
            'BPPW "Kalteng" & <Satker>',
            "O'Brien & Co",
            'Menyusun "jadwal" LLTT & <SOP>',
        )

    def test_the_opd_sheet(self, typed):
        text, reader, report = generated(
            typed,
            Report.Kind.OPD_SHEET,
            kabupaten=typed.kapuas,
            parameters={"year": 2025, "agency": typed.kapuas_pupr.pk},
            title='Lembar target PUPR&P "Kapuas" <2025>',
        )
        assert_as_typed(
            text,
            reader,
            report,
            'DINAS PUPR & "PERKIM" <KAPUAS>',
            'Akses sanitasi "layak" & <aman>',
            'Menyusun "jadwal" LLTT & <SOP>',
        )

    def test_the_province_summary(self, typed):
        text, reader, report = generated(
            typed,
            Report.Kind.PROVINCE,
            province=typed.kalteng,
            title='Ringkasan PPSP "Kalimantan" & <Tengah> 2025',
        )
        assert_as_typed(
            text,
            reader,
            report,
            'Kalimantan "Tengah" & <Utara>',
            "Kabupaten Kapuas & <Hulu>",
            'Akses sanitasi "layak" & <aman>',
        )

    def test_the_national_summary(self, typed):
        text, reader, report = generated(
            typed, Report.Kind.NATIONAL, title='Ringkasan nasional "PPSP" & <2025>'
        )
        assert_as_typed(
            text,
            reader,
            report,
            'Kalimantan "Tengah" & <Utara>',
            "Kabupaten Kapuas & <Hulu>",
        )
