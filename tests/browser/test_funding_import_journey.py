"""Bapperida fills in the funding template of a year and imports it, after a dry run that
refuses a realisasi above its pagu without a note."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from programs.models import FundingLine
from tests.funding import make_line, sources

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def spare_row_of(sheet, headers: list[str], kind: str, subject_id: int) -> int:
    for row in range(1, sheet.max_row + 1):
        if (
            sheet.cell(row, headers.index("Jenis") + 1).value == kind
            and sheet.cell(row, headers.index("ID subjek") + 1).value == subject_id
            and not sheet.cell(row, headers.index("ID baris") + 1).value
        ):
            return row
    raise AssertionError(f"no spare row for {kind} {subject_id}")


def test_it_imports_the_funding_of_a_year_after_a_dry_run(
    page, live_server, live_world, login, screenshot_dir, tmp_path
):
    world = live_world
    sources()
    make_line(
        world,
        subject=world.package_1,
        agency=world.seruyan_pupr,
        pagu="2500000000",
        realisasi="1000000000",
        reference="1.03.10.2.01",
    )
    login("bapperida.seruyan")
    page.goto(f"{live_server.url}/kabupaten/62.07/funding/?year=2025")
    page.screenshot(path=screenshot_dir / "funding-overview-import.png", full_page=True)
    page.get_by_role("link", name="Impor dari Excel").click()
    expect(
        page.get_by_role("heading", name="Impor pendanaan 2025 dari lembar kerja")
    ).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh templat").click()
    template = tmp_path / "pendanaan.xlsx"
    download_info.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook.active
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 6).value == "ID baris")
    headers = [c.value for c in sheet[header_row]]
    row = spare_row_of(sheet, headers, "Paket kebijakan", world.package_1.pk)
    for column, value in {
        "Sumber dana": "DAK",
        "OPD": "Dinas PUPR",
        "Acuan perencanaan": "1.03.10.2.02",
        "Pagu": "750.000.000",
        "Realisasi": "900.000.000",
        "Status": "Terealisasi",
    }.items():
        sheet.cell(row, headers.index(column) + 1).value = value
    filled = tmp_path / "terisi.xlsx"
    workbook.save(filled)

    page.get_by_label("Templat yang sudah diisi").set_input_files(str(filled))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(
        page.get_by_text("Realisasi melebihi pagu: jelaskan alasannya di catatan")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Konfirmasi dan simpan")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "funding-import-errors.png", full_page=True)
    assert FundingLine.objects.count() == 1

    sheet.cell(row, headers.index("Catatan") + 1).value = "Tambahan dari APBD Perubahan"
    workbook.save(filled)
    page.get_by_label("Templat yang sudah diisi").set_input_files(str(filled))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_text("1 baru")).to_be_visible()
    page.screenshot(path=screenshot_dir / "funding-import-preview.png", full_page=True)
    assert FundingLine.objects.count() == 1

    page.get_by_role("button", name="Konfirmasi dan simpan").click()
    expect(page.get_by_text("Impor selesai: 1 baru")).to_be_visible()
    page.screenshot(path=screenshot_dir / "funding-import-done.png", full_page=True)
    line = FundingLine.objects.get(planning_reference="1.03.10.2.02")
    assert (line.pagu, line.realisasi, line.note) == (
        Decimal("750000000"),
        Decimal("900000000"),
        "Tambahan dari APBD Perubahan",
    )
