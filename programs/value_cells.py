"""The cells of the actual-values page, one per reporting period, written in Python.

A kabupaten's page lists up to 66 indicators with up to four periods each: as a template, the
230 cells (two links, a status badge and a number each) took about 30 ms, the most of any page
people open while they work. The markup is the template's
(programs/includes/_value_status.html for the badge); tests/programs/test_values_entry.py
reads it back.
"""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ppsp_portal.numbers import Numbers

from .models import ActualValue
from .selectors import ValueEntryRow

BADGES = {
    ActualValue.Status.VERIFIED: "text-bg-success",
    ActualValue.Status.SUBMITTED: "text-bg-info",
    ActualValue.Status.RETURNED: "text-bg-warning",
}
# Numbers no primary key or period reaches: the links are reversed once per page and the
# numbers of each cell put in their place.
_PK, _PERIOD = "987654321", "987654329"


class CellWriter:
    """What the cells of one page share: the links' patterns, the words, the separators."""

    def __init__(self, actable_agency_ids: set[int]):
        self.actable = actable_agency_ids
        self.numbers = Numbers.current()
        self.detail = reverse("programs:value-detail", kwargs={"pk": _PK}).split(_PK)
        edit = reverse("programs:value-edit", kwargs={"pk": _PK, "period": _PERIOD})
        before, after = edit.split(_PK)
        self.edit = (before, *after.split(_PERIOD))
        self.edit_word = escape(_("edit"))
        self.enter_word = escape(_("enter"))

    def edit_url(self, target_pk: int, period: int) -> str:
        before, between, after = self.edit
        return f"{before}{target_pk}{between}{period}{after}"

    def cells(self, row: ValueEntryRow) -> SafeString:
        target = row.target
        decimals = target.indicator.decimals
        actable = target.responsible_agency_id in self.actable
        parts = []
        for cell in row.cells:
            value = cell.value
            if value is not None:
                url = f"{self.detail[0]}{value.pk}{self.detail[1]}"
                badge = BADGES.get(value.status, "text-bg-secondary")
                inner = (
                    f'<a href="{url}" class="fw-semibold">'
                    f"{self.numbers.format(value.value, decimals)}</a> "
                    f'<span class="badge {badge}">{escape(value.get_status_display())}</span>'
                )
                if not value.is_locked and actable:
                    inner += (
                        f' <a class="ms-1" href="{self.edit_url(target.pk, cell.period)}">'
                        f"{self.edit_word}</a>"
                    )
            elif actable:
                inner = f'<a href="{self.edit_url(target.pk, cell.period)}">{self.enter_word}</a>'
            else:
                inner = '<span class="text-body-secondary">–</span>'
            parts.append(
                '<div class="border rounded px-2 py-1 small value-cell">'
                f'<div class="text-body-secondary">{escape(cell.label)}</div>{inner}</div>'
            )
        return mark_safe("".join(parts))
