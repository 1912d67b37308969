import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_brings_kapuas_bapperida_staff_to_the_kapuas_page(
    page, live_server, live_world, login, screenshot_dir
):
    login("bapperida.kapuas")

    expect(page).to_have_url(f"{live_server.url}/kabupaten/62.03/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kabupaten Kapuas")
    page.screenshot(path=screenshot_dir / "dashboard-kapuas.png", full_page=True)
    page.get_by_role("link", name="Profil").click()
    expect(page).to_have_url(f"{live_server.url}/kabupaten/62.03/")
    expect(page.get_by_role("heading", name="Perangkat daerah (OPD)")).to_be_visible()
    expect(page.get_by_role("cell", name="Akses sanitasi layak")).to_be_visible()
    page.screenshot(path=screenshot_dir / "kabupaten-kapuas.png", full_page=True)


def test_it_refuses_a_wrong_password_and_keeps_the_username(page, live_server, live_world):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("bapperida.kapuas")
    page.get_by_label("Sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()

    expect(page.get_by_text("Nama pengguna atau kata sandi salah.")).to_be_visible()
    expect(page.get_by_label("Nama pengguna")).to_have_value("bapperida.kapuas")
