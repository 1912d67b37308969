"""Every page a persona can reach by following links renders: no server error anywhere."""

import pytest

from .pages import ROLES, crawl


@pytest.mark.parametrize("persona", ROLES)
def test_every_linked_page_renders(client_for, world, persona):
    client = client_for(persona)
    client.raise_request_exception = True
    pages = crawl(client)
    assert all(page.status < 500 for page in pages)
    assert len(pages) > 10  # the crawl really went somewhere
