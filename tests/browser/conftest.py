import pytest


@pytest.fixture
def login(page, live_server):
    from tests.world import PASSWORD

    def log_in(username: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()

    return log_in
