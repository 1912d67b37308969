"""Every page a persona can reach by following links renders: no server error anywhere."""

import re
from collections import deque

import pytest

SKIP = ("/static/", "/admin/", "/accounts/logout")


@pytest.mark.parametrize("persona", ["province", "kapuas", "pupr", "seruyan", "admin"])
def test_every_linked_page_renders(client_for, world, persona):
    client = client_for(persona)
    client.raise_request_exception = True
    seen: set[str] = set()
    queue = deque(["/"])
    while queue and len(seen) < 400:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
            href = href.replace("&amp;", "&")
            if not href.startswith(SKIP) and href not in seen:
                queue.append(href)
    assert len(seen) > 10  # the crawl really went somewhere
