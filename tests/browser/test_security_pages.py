"""The hardened pages as Chromium shows them: under the Content Security Policy, the portal's
behaviour still works, the lockout and error pages read well, and a blocked inline style is
really caught by the suite's violation check."""

import re

import pytest
from playwright.sync_api import expect

from tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_violation_check_catches_a_blocked_inline_style(
    page, live_server, live_world, csp_violations
):
    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("document.body.setAttribute('style', 'background: red')")
    assert csp_violations
    csp_violations.clear()  # expected here; any other test fails on such a report


def test_the_selects_submit_themselves_without_inline_handlers(
    page, live_server, live_world, login
):
    login("provinsi.kalteng")
    page.goto(f"{live_server.url}/regions/62/dashboard/")
    page.locator("#dashboard-sector").select_option("air_limbah")
    expect(page).to_have_url(re.compile(r"sector=air_limbah"))

    page.locator("#language-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"sector=air_limbah"))


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


def test_the_admin_works_under_the_policy(page, live_server, live_world, login):
    login("admin")
    page.goto(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/programs/province/")
    expect(page.get_by_text("Kalimantan Tengah")).to_be_visible()
    page.goto(f"{live_server.url}/admin/programs/province/{live_world.kalteng.pk}/change/")
    expect(page.locator("#id_name")).to_have_value("Kalimantan Tengah")


@pytest.mark.urls("tests.test_error_pages")
def test_the_server_error_page_keeps_the_portals_look(
    page, live_server, live_world, screenshot_dir
):
    response = page.goto(f"{live_server.url}/rusak/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Terjadi kesalahan pada server")
    expect(page.locator("nav.bg-ppsp")).to_be_visible()  # portal.css is loaded
    page.screenshot(path=screenshot_dir / "error-500.png", full_page=True)
