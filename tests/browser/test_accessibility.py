"""The portal works with the keyboard alone. (axe-core on every page of every role, desktop
and phone, is in test_every_page.py.)"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
