import pytest
from playwright.sync_api import expect

from tests.funding import make_line, sources

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bapperida_enters_seruyan_barasihs_funding_and_the_dashboards_show_it(
    page, live_server, live_world, login, screenshot_dir
):
    sources()  # the data migration's sources, gone with the flush of a browser test
    login("bapperida.seruyan")
    page.goto(f"{live_server.url}/kabupaten/62.07/funding/?year=2025")
    page.get_by_role("link", name="Ubah pendanaan 2025").click()

    page.get_by_label("Baris 1 Sumber dana").select_option(label="APBD Kabupaten/Kota")
    page.get_by_label("Baris 1 OPD penanggung jawab").select_option(label="Dinas PUPR")
    page.get_by_label("Baris 1 Acuan perencanaan").fill("1.03.03.2.01 Pengembangan SPAM")
    page.get_by_label("Baris 1 Pagu (Rp)").fill("2.350.000.000")
    page.get_by_label("Baris 1 Realisasi (Rp)").fill("1.480.500.000")
    page.get_by_label("Baris 1 Status").select_option(label="Dianggarkan")
    page.get_by_role("button", name="Tambah baris").click()
    page.get_by_label("Baris baru Sumber dana").select_option(label="DAK")
    page.get_by_label("Baris baru OPD penanggung jawab").select_option(label="DLH")
    page.get_by_label("Baris baru Pagu (Rp)").fill("Rp 3.120.000.000")
    page.get_by_label("Baris baru Realisasi (Rp)").fill("3.300.000.000")  # above the pagu
    page.get_by_label("Baris baru Status").select_option(label="Terealisasi")
    page.get_by_role("button", name="Simpan pendanaan").click()

    expect(page.get_by_role("alert")).to_contain_text("Tidak ada yang disimpan")
    expect(page.get_by_text("Realisasi melebihi pagu: jelaskan alasannya")).to_be_visible()
    expect(page.get_by_label("Baris 2 Realisasi (Rp)")).to_have_value("3.300.000.000")
    page.screenshot(path=screenshot_dir / "funding-grid-error.png", full_page=True)

    page.get_by_label("Baris 2 Catatan").fill("Tambahan dari APBD Perubahan")
    page.get_by_role("button", name="Simpan pendanaan").click()
    expect(page.get_by_text("Pendanaan sudah disimpan (2 perubahan).")).to_be_visible()
    expect(page.get_by_label("Baris 2 Pagu (Rp)")).to_have_value("3.120.000.000")
    page.screenshot(path=screenshot_dir / "funding-grid-saved.png", full_page=True)

    page.goto(f"{live_server.url}/kabupaten/62.07/dashboard/?year=2025")
    expect(page.get_by_role("row", name="DAK")).to_contain_text("Rp 3.300.000.000")
    expect(page.get_by_role("row", name="Paket Kebijakan 1")).to_contain_text("Rp 5.470.000.000")
    expect(page.get_by_text("Rp 5,47 miliar")).to_be_visible()
    page.screenshot(path=screenshot_dir / "funding-kabupaten-dashboard.png", full_page=True)

    page.context.clear_cookies()
    login("provinsi.kalteng")
    page.goto(f"{live_server.url}/regions/62/dashboard/?year=2025")
    expect(page.get_by_role("row", name="Kabupaten Seruyan")).to_contain_text("Rp 5,47 miliar")
    page.screenshot(path=screenshot_dir / "funding-province-dashboard.png", full_page=True)


def test_an_opd_head_reports_the_realisasi_of_its_own_line(
    page, live_server, live_world, login, screenshot_dir
):
    line = make_line(live_world, pagu="450000000", reference="1.03.10.2.01 Kajian teknologi")
    login("pupr.kapuas")
    page.goto(f"{live_server.url}/kabupaten/62.03/funding/?year=2025")
    page.get_by_role("link", name="laporkan realisasi").click()
    page.get_by_label("Realisasi (Rp)").fill("180.000.000")
    page.get_by_label("Status").select_option(label="Dianggarkan")
    page.get_by_label("Catatan").fill("Termin pertama kajian")
    page.screenshot(path=screenshot_dir / "funding-realisation-form.png", full_page=True)
    page.get_by_role("button", name="Simpan realisasi").click()
    expect(page.get_by_text("Realisasi sudah disimpan.")).to_be_visible()
    expect(page.get_by_text("Rp 180.000.000 (40%)")).to_be_visible()
    page.screenshot(path=screenshot_dir / "funding-line.png", full_page=True)
    line.refresh_from_db()
    assert line.realisasi == 180000000
