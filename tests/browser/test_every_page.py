"""Every page of every role, and every public page anybody reaches without logging in, in
Chromium: accessible (axe-core finds nothing serious or critical, on a desktop and on a
phone), usable on a 390-px phone without scrolling sideways to reach an action, and valid HTML
(the W3C checker, vnu, finds no error)."""

import json
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import resolve, reverse

from tests.pages import ROLES, crawl, distinct, post_forms
from tests.public import seed_public

pytestmark = [pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}  # a common phone
ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))

# Everything a person can act on: links, buttons, form controls, disclosure summaries.
OUT_OF_REACH = """
() => {
  const width = document.documentElement.clientWidth;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const out = [];
  for (const element of document.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || element.closest('.visually-hidden-focusable')) continue;
    if (getComputedStyle(element).visibility === 'hidden') continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      const name = (element.innerText || element.value || element.getAttribute('aria-label')
                    || element.name || '').trim().slice(0, 40);
      out.push(`<${element.tagName.toLowerCase()}> "${name}" spans ${Math.round(box.left)}`
               + `–${Math.round(box.right)} px`);
    }
  }
  return out;
}
"""


def page_kind(url: str) -> tuple:
    """Pages of one view that differ only by their objects or filter values look alike: the
    browser visits one of each per role (every page still goes through the HTML checker)."""
    parts = urlsplit(url)
    match = resolve(parts.path)
    return (match.view_name, tuple(sorted(key for key, _ in parse_qsl(parts.query))))


def one_of_each_kind(pages):
    kinds = {}
    for page in distinct(pages):
        if page.status == 200:
            kinds.setdefault(page_kind(page.url), page)
    return list(kinds.values())


def serious(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}× e.g. "
        f"{v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def run_axe(page) -> list[dict]:
    return page.evaluate("axe.run().then(results => results.violations)")


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items())


def check_in_browser(page, live_server, screenshot_dir, label: str, visits) -> dict:
    """What axe-core, the phone's width and the reach of every control find on each page."""
    axe_script = Axe().axe_script
    problems: dict[str, list[str]] = {}
    started = time.monotonic()
    for visit in visits:
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server.url}{visit.url}")
        page.evaluate(axe_script)
        found = [f"desktop: {line}" for line in serious(run_axe(page))]

        page.set_viewport_size(PHONE)
        found += [f"phone: {line}" for line in serious(run_axe(page))]
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            found.append("phone: the page scrolls sideways")
        found += [f"phone: out of reach: {line}" for line in page.evaluate(OUT_OF_REACH)]
        if os.environ.get("SCREENSHOT_EVERY_PAGE"):  # to look at them all: var/screenshots/
            name = f"{label}{visit.url}".strip("/").replace("/", "_").replace("?", "_")
            page.screenshot(path=screenshot_dir / "every-page" / f"{name}.png", full_page=True)
        if found:
            problems[visit.url] = found
    print(f"{label}: {len(visits)} pages in {time.monotonic() - started:.1f} s")
    return problems


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", ROLES)
def test_every_page_is_accessible_and_fits_a_phone(
    page, live_server, live_world, login, screenshot_dir, persona
):
    client = Client()
    client.force_login(live_world.users[persona])
    visits = one_of_each_kind(crawl(client))
    login(live_world.users[persona].username)
    problems = check_in_browser(page, live_server, screenshot_dir, persona, visits)
    assert len(visits) > 10
    assert not problems, report(problems)


@pytest.mark.django_db(transaction=True)
def test_every_public_page_is_accessible_and_fits_a_phone(
    page, live_server, live_world, screenshot_dir
):
    """What anybody reaches without logging in, from the login page: the public section with
    verified values, funding, clinics, quick wins and files to show."""
    seed_public(live_world)
    visits = one_of_each_kind(crawl(Client(), start=reverse("login")))
    problems = check_in_browser(page, live_server, screenshot_dir, "anonymous", visits)
    assert {visit.url.split("?")[0] for visit in visits} >= {
        reverse("public:national"),
        reverse("public:dictionary"),
    }
    assert len(visits) >= 5
    assert not problems, report(problems)


@pytest.mark.django_db
def test_every_page_is_valid_html(world, tmp_path):
    """Every page of every role as the server sends it, and the pages its forms answer when
    sent empty, through the W3C checker in one run."""
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: `./portal test` fetches it (npm vnu-jar)"
    seed_public(world)  # the public pages with something to show
    where: dict[str, str] = {}
    for persona in [*ROLES, "anonymous"]:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        pages = distinct(crawl(client, start=reverse("login") if persona == "anonymous" else "/"))
        for page in pages:
            where.setdefault(page.html, f"{persona} {page.url}")
        sent = set()
        for page in pages:
            for form in post_forms(page.html, page.url):
                if form.signature in sent or resolve(urlsplit(form.action).path).namespace in (
                    "reports",
                    "",
                ):
                    continue
                sent.add(form.signature)
                response = client.post(form.action, form.filled(""), follow=True)
                if "text/html" in response["Content-Type"]:
                    where.setdefault(
                        response.content.decode(), f"{persona} {form.action} sent empty"
                    )
    files = {}
    for number, (html, label) in enumerate(where.items()):
        path = tmp_path / f"page-{number:04}.html"
        path.write_text(html)
        files[str(path)] = label
    started = time.monotonic()
    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"vnu: {len(files)} pages in {time.monotonic() - started:.1f} s")
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    problems: dict[str, list[str]] = {}
    for message in messages:
        url = message.get("url", "?")
        label = files.get(url.removeprefix("file:"), url)
        problems.setdefault(label, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
            f" — {message.get('extract', '').strip()[:120]!r}"
        )
    assert checked.returncode in (0, 1), checked.stderr[-2000:]
    assert not problems, report(problems)
