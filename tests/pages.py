"""Every page a persona reaches by following links, for the checks that must hold on all of them
(no server error, Indonesian only, valid HTML, accessible, usable on a phone)."""

import re
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser

from django.test import Client

# The five roles of the demo: province staff, Bapperida staff, an OPD head, the other
# kabupaten's Bapperida staff and the site administrator.
ROLES = ["province", "kapuas", "pupr", "seruyan", "admin"]
SKIP = ("/static/", "/admin/", "/accounts/logout", "/i18n/")
LIMIT = 400


@dataclass(frozen=True)
class Page:
    url: str
    status: int
    html: str


def crawl(client: Client, start: str = "/") -> list[Page]:
    """Breadth-first over same-site links; downloads (PDF, xlsx, csv) are visited but not kept."""
    seen: set[str] = set()
    pages: list[Page] = []
    queue = deque([start])
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        pages.append(Page(final, response.status_code, html))
        for href in re.findall(r'href="(/[^"#]*)"', html):
            href = href.replace("&amp;", "&")
            if not href.startswith(SKIP) and href not in seen:
                queue.append(href)
    return pages


def distinct(pages: list[Page]) -> list[Page]:
    """One page per final address: a redirect and its target are the same page."""
    unique: dict[str, Page] = {}
    for page in pages:
        unique.setdefault(page.url, page)
    return list(unique.values())


@dataclass
class Form:
    """A form as a browser would send it; `filled` types the same text into every field a
    person fills in, and keeps what the page set (hidden fields, management forms)."""

    action: str
    hidden: dict[str, str]
    typed: list[str]
    button: tuple[str, str] | None

    @property
    def signature(self) -> tuple:
        return (re.sub(r"\d+", "N", self.action), tuple(sorted(self.typed)))

    def filled(self, text: str) -> dict[str, str]:
        data = dict(self.hidden)
        data.update(dict.fromkeys(self.typed, text))
        if self.button:
            data[self.button[0]] = self.button[1]
        return {name: value for name, value in data.items() if value != "" or name in self.hidden}


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = Form(attrs.get("action") or self.page_url, {}, [], None)
            return
        form, name = self._form, attrs.get("name")
        if form is None or not name:
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind == "hidden":
            form.hidden[name] = attrs.get("value") or ""
        elif tag == "button" or kind in ("submit", "button", "image"):
            form.button = form.button or (name, attrs.get("value") or "")
        elif tag in ("input", "select", "textarea") and kind != "file" and name not in form.typed:
            form.typed.append(name)

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def post_forms(html: str, page_url: str) -> list[Form]:
    """The forms of a page that send a POST."""
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
