"""The programme's pages, a module by purpose: `regions` (the start page, provinces and
kabupaten/kota), `targets` (the targets grid), `values` (entering and verifying actual
values), `imports` (spreadsheet templates and imports) and `funding` (funding lines and
their realisasi). `pick_year`, which every page with
a year uses (the dashboards too), is here."""

from django.http import HttpRequest
from django.utils import timezone

from ppsp_portal.params import year_param


def pick_year(request: HttpRequest, available: list[int]) -> int:
    """The year asked for in ?year=, else this year when it has data, else the latest that has."""
    asked = year_param(request)
    if asked in available:
        return asked
    this_year = timezone.localdate().year
    if this_year in available or not available:
        return this_year
    return (
        max(y for y in available if y <= this_year) if min(available) <= this_year else available[0]
    )
