"""The hardened pages as Chromium shows them: the lockout and error pages read well."""

import pytest
from playwright.sync_api import expect

from tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_locked_out_login_is_explained_on_the_login_page(
    page, live_server, live_world, screenshot_dir
):
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(5):
        page.get_by_label("Nama pengguna").fill("bapperida.kapuas")
        page.get_by_label("Sandi").fill("salah")
        page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Terlalu banyak percobaan masuk yang gagal")
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("selama 15 menit")
    expect(page.get_by_label("Nama pengguna")).to_have_value("bapperida.kapuas")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    page.screenshot(path=screenshot_dir / "login-locked.png", full_page=True)


def test_the_error_pages_speak_indonesian_and_lead_home(
    page, live_server, live_world, login, screenshot_dir
):
    login("provinsi.kalteng")
    response = page.goto(f"{live_server.url}/kabupaten/62.03/clinics/new/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Anda boleh membaca ini, tetapi tidak mengubahnya"
    )
    page.screenshot(path=screenshot_dir / "error-403.png", full_page=True)

    response = page.goto(f"{live_server.url}/tidak-ada/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    page.screenshot(path=screenshot_dir / "error-404.png", full_page=True)
    page.get_by_role("link", name="Kembali ke beranda").click()
    expect(page).to_have_url(f"{live_server.url}/regions/62/dashboard/")


@pytest.mark.urls("tests.test_error_pages")
def test_the_server_error_page_keeps_the_portals_look(
    page, live_server, live_world, screenshot_dir
):
    response = page.goto(f"{live_server.url}/rusak/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Terjadi kesalahan pada server")
    expect(page.locator("nav.bg-ppsp")).to_be_visible()  # portal.css is loaded
    page.screenshot(path=screenshot_dir / "error-500.png", full_page=True)
