import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bapperida_sets_five_years_of_targets_in_the_grid(
    page, live_server, live_world, login, screenshot_dir
):
    login("bapperida.kapuas")
    page.goto(f"{live_server.url}/kabupaten/62.03/targets/air_limbah/")
    page.get_by_label("AL-02 Baseline").fill("11,5")
    for n, year in enumerate(range(2025, 2030)):
        page.get_by_label(f"AL-02 Target {year}").fill(f"{15 + 3 * n},5")
    page.get_by_label("AL-02 Target 2026").fill("140")  # a typo: more than 100%
    page.get_by_label("AL-02 OPD penanggung jawab").select_option(label="Dinas PUPR")
    page.get_by_role("button", name="Simpan target").click()

    expect(page.get_by_role("alert")).to_contain_text("Tidak ada yang disimpan")
    expect(page.get_by_label("AL-02 Target 2026")).to_have_value("140")
    expect(page.get_by_label("AL-02 Target 2029")).to_have_value("27,5")
    page.screenshot(path=screenshot_dir / "targets-error.png", full_page=True)

    page.get_by_label("AL-02 Target 2026").fill("18,5")
    page.get_by_role("button", name="Simpan target").click()
    expect(page.get_by_text("Target sudah disimpan (5 perubahan).")).to_be_visible()
    expect(page.get_by_label("AL-02 Target 2026")).to_have_value("18,50")
    page.screenshot(path=screenshot_dir / "targets-saved.png", full_page=True)

    page.goto(f"{live_server.url}/kabupaten/62.03/?year=2026")
    expect(page.get_by_role("row", name="AL-02")).to_contain_text("18,50")
