"""Every page a persona reaches by following links, for the checks that must hold on all of them
(no server error, Indonesian only, valid HTML, accessible, usable on a phone)."""

import re
from collections import deque
from dataclasses import dataclass

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
        if "text/html" not in response.get("Content-Type", ""):
            assert response.status_code < 500, url
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
