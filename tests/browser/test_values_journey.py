import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_opd_value_is_entered_verified_and_shown(
    page, live_server, live_world, login, screenshot_dir
):
    login("pupr.kapuas")
    page.goto(f"{live_server.url}/kabupaten/62.03/values/?year=2025")
    page.get_by_role("link", name="ubah").first.click()
    page.locator("#id_value").fill("77,5")
    page.locator("#id_note").fill("Hasil survei rumah tangga Agustus")
    page.screenshot(path=screenshot_dir / "value-entry.png", full_page=True)
    page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(page.get_by_text("Nilai sudah diajukan untuk diverifikasi.")).to_be_visible()

    page.context.clear_cookies()
    login("bapperida.kapuas")
    page.goto(f"{live_server.url}/kabupaten/62.03/verification/")
    expect(page.get_by_text("77,50")).to_be_visible()
    page.screenshot(path=screenshot_dir / "verification-queue.png", full_page=True)
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("Nilai sudah diverifikasi.")).to_be_visible()

    page.goto(f"{live_server.url}/kabupaten/62.03/dashboard/?year=2025")
    row = page.get_by_role("row", name="AL-01 Akses sanitasi layak")
    expect(row).to_contain_text("77,50")
    expect(row).to_contain_text("75%")  # (77.5 − 70) ÷ (80 − 70)
    page.screenshot(path=screenshot_dir / "dashboard-after-verification.png", full_page=True)

    page.context.clear_cookies()
    login("provinsi.kalteng")
    expect(page.get_by_role("row", name="Kabupaten Kapuas")).to_contain_text("75%")
    page.screenshot(path=screenshot_dir / "province-dashboard.png", full_page=True)
