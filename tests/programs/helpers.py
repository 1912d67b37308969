"""Driving the targets grid and the value form as a browser would, for the programs tests."""

import re
from html.parser import HTMLParser

from django.urls import reverse

GRID = reverse("programs:targets-grid", kwargs={"code": "62.03", "sector": "air_limbah"})


class FormScraper(HTMLParser):
    """What a browser would submit: every input's value and every select's chosen option."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            self.data[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs.get("name")
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def grid_form(client) -> dict[str, str]:
    scraper = FormScraper()
    scraper.feed(client.get(GRID).content.decode())
    return scraper.data


def row_prefix(form: dict[str, str], indicator) -> str:
    """`targets-N` of the row that carries this indicator."""
    for name, value in form.items():
        if name.endswith("-indicator") and value == str(indicator.pk):
            return name.removesuffix("-indicator")
    raise AssertionError(f"no grid row for {indicator.code}")


def edit_url(target, period=1):
    return reverse("programs:value-edit", kwargs={"pk": target.pk, "period": period})


def form_version(html: str) -> str:
    return re.search(r'name="version" value="(\d*)"', html).group(1)
