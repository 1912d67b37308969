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


@pytest.fixture(autouse=True)
def csp_violations(page):
    """Every page a browser test visits must work under the Content Security Policy.

    Chromium reports each inline script, style or handler it blocks on the console; the page
    also relays `securitypolicyviolation` events there. Any such report fails the test.
    """
    violations: list[str] = []

    def note(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", note)
    page.add_init_script(
        """document.addEventListener("securitypolicyviolation", (event) => {
            console.error(`Content Security Policy violation: ${event.violatedDirective} `
                + `blocked ${event.blockedURI || "inline code"} on ${event.documentURI}`);
        });"""
    )
    yield violations
    assert violations == [], "\n".join(violations)
