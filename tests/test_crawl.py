"""Every page a persona can reach by following links renders: no server error anywhere, and no
link that leads to a page which is not there or not open to them."""

import pytest

from .pages import ROLES, crawl


@pytest.mark.parametrize("persona", ROLES)
def test_every_linked_page_renders(client_for, world, persona):
    client = client_for(persona)
    client.raise_request_exception = True
    pages = crawl(client)
    assert len(pages) > 10  # the crawl really went somewhere
    assert [page.url for page in pages if page.status >= 400] == []
