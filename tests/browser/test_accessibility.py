"""axe-core in Chromium on the main pages, on a desktop and on a phone-sized screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("province", "provinsi.kalteng", "/regions/62/dashboard/"),
    ("kabupaten", "bapperida.kapuas", "/kabupaten/62.03/dashboard/"),
    ("opd", "pupr.kapuas", "/"),
    ("values", "pupr.kapuas", "/kabupaten/62.03/values/?year=2025"),
    ("targets", "bapperida.kapuas", "/kabupaten/62.03/targets/air_limbah/"),
    ("tracker", "bapperida.kapuas", "/kabupaten/62.03/follow-ups/"),
    ("session-form", "bapperida.kapuas", "/kabupaten/62.03/clinics/new/"),
]


def serious(results) -> list[str]:
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("name", "username", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_it_has_no_serious_accessibility_violations(
    page, live_server, live_world, login, screenshot_dir, name, username, path
):
    login(username)
    page.goto(f"{live_server.url}{path}")
    assert serious(Axe().run(page)) == []

    page.set_viewport_size({"width": 390, "height": 844})  # a common phone
    page.reload()
    assert serious(Axe().run(page)) == []
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / f"phone-{name}.png", full_page=True)


def test_it_can_be_used_with_the_keyboard_alone(page, live_server, live_world):
    page.goto(f"{live_server.url}/accounts/login/")
    first_focusable = page.locator(
        "a[href], button, input:not([type=hidden]), select, textarea"
    ).first
    assert first_focusable.get_attribute("href") == "#content"  # the skip link comes first
    first_focusable.focus()
    assert first_focusable.is_visible()  # hidden until focused, then shown
    page.get_by_label("Nama pengguna").focus()
    page.keyboard.type("bapperida.kapuas")
    page.keyboard.press("Tab")
    page.keyboard.type("test-password-123")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/kabupaten/62.03/dashboard/")
