import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from programs.models import ActualValue
from programs.spreadsheets import jobs
from tests.spreadsheets import run_queued_tasks, value_row, values_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_ROW = 5


def test_it_imports_a_filled_template_after_a_dry_run(
    page, live_server, live_world, login, screenshot_dir, tmp_path
):
    login("bapperida.kapuas")
    page.goto(f"{live_server.url}/kabupaten/62.03/values/?year=2025")
    page.get_by_role("link", name="Impor dari Excel").click()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh templat").click()
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)

    workbook = load_workbook(template)
    sheet = workbook.active
    headers = [c.value for c in sheet[HEADER_ROW]]
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        code = sheet.cell(row, headers.index("Kode indikator") + 1).value
        period = sheet.cell(row, headers.index("Periode") + 1).value
        if (code, period) == ("AL-03", 1):
            sheet.cell(row, headers.index("Nilai") + 1).value = "2,4"
        if (code, period) == ("PS-02", 2):
            sheet.cell(row, headers.index("Nilai") + 1).value = 150  # a percentage above 100
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)

    page.get_by_label("Templat yang sudah diisi").set_input_files(str(filled))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_text("Persentase harus di antara 0 dan 100.")).to_be_visible()
    expect(page.get_by_role("button", name="Konfirmasi dan simpan")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "import-errors.png", full_page=True)

    sheet.cell(
        [
            r
            for r in range(HEADER_ROW + 1, sheet.max_row + 1)
            if sheet.cell(r, 2).value == "PS-02" and sheet.cell(r, 7).value == 2
        ][0],
        headers.index("Nilai") + 1,
    ).value = 61
    workbook.save(filled)
    page.get_by_label("Templat yang sudah diisi").set_input_files(str(filled))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_text("2 baru")).to_be_visible()
    page.screenshot(path=screenshot_dir / "import-preview.png", full_page=True)
    assert ActualValue.objects.filter(target__indicator__code="AL-03").count() == 0

    page.get_by_role("button", name="Konfirmasi dan simpan").click()
    expect(page.get_by_text("Impor selesai: 2 baru")).to_be_visible()
    page.screenshot(path=screenshot_dir / "import-done.png", full_page=True)
    imported = ActualValue.objects.get(target__indicator__code="AL-03", period=1)
    assert str(imported.value) == "2.4000" and imported.status == "submitted"

    # The export gives back the same rows, ready to be imported again unchanged.
    with page.expect_download() as export_info:
        page.get_by_role("link", name="Ekspor (xlsx)").click()
    exported = load_workbook(io.BytesIO(export_info.value.path().read_bytes())).active
    values = {(r[1], r[6]): r[9] for r in exported.iter_rows(min_row=2, values_only=True)}
    assert float(values[("AL-03", 1)]) == 2.4


def test_it_imports_a_large_file_in_the_background(
    page, live_server, live_world, login, screenshot_dir, tmp_path, monkeypatch
):
    monkeypatch.setattr(jobs, "INLINE_ROWS", 0)  # every file counts as large
    login("bapperida.kapuas")
    page.goto(f"{live_server.url}/kabupaten/62.03/values/import/?year=2025")
    filled = tmp_path / "besar.xlsx"
    filled.write_bytes(
        values_file([value_row("AL-03", 1, "2,4"), value_row("PS-02", 2, 61, "data DLH")])
    )
    page.get_by_label("Templat yang sudah diisi").set_input_files(str(filled))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_role("heading", name="Memeriksa berkas")).to_be_visible()
    expect(page.get_by_text("Dalam antrean")).to_be_visible()
    page.screenshot(path=screenshot_dir / "import-queued.png", full_page=True)

    run_queued_tasks()  # the worker checks the file; the page refreshes itself meanwhile
    expect(page.get_by_text("2 baru")).to_be_visible(timeout=10_000)
    page.screenshot(path=screenshot_dir / "import-background-preview.png", full_page=True)

    page.get_by_role("button", name="Konfirmasi dan simpan").click()
    expect(page.get_by_role("heading", name="Menyimpan impor")).to_be_visible()
    run_queued_tasks()
    expect(page.get_by_text("Impor selesai: 2 baru")).to_be_visible(timeout=10_000)
    page.screenshot(path=screenshot_dir / "import-background-done.png", full_page=True)
    assert ActualValue.objects.get(target__indicator__code="PS-02", period=2).note == "data DLH"
