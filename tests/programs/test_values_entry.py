"""The actual-values page: a cell per reporting period with the value, its status and the link
that fits who is looking (programs/value_cells.py writes the cells)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import ActualValue, IndicatorTarget


@pytest.fixture
def septic_tanks(world):
    """Dinas PUPR's quarterly count of septic tanks: Q1 submitted, Q2 verified, Q3-Q4 empty."""
    target = IndicatorTarget.objects.create(
        kabupaten=world.kapuas,
        indicator=world.indicators["AL-07"],
        year=2025,
        baseline=Decimal(1000),
        target=Decimal(2000),
        responsible_agency=world.kapuas_pupr,
    )
    submitted = ActualValue.objects.create(
        target=target,
        period=1,
        value=Decimal(1234),
        status="submitted",
        entered_by=world.users["pupr"],
    )
    verified = ActualValue.objects.create(
        target=target,
        period=2,
        value=Decimal(1300),
        status="verified",
        entered_by=world.users["pupr"],
        verified_by=world.users["kapuas"],
        verified_at=timezone.now(),
    )
    return target, submitted, verified


def row_of(client, code: str) -> str:
    url = reverse("programs:values-entry", kwargs={"code": "62.03"}) + "?year=2025"
    page = client.get(url).content.decode()
    row = page[page.index(f"{code} ") :]
    return row[: row.index("</tr>")]


def edit_url(target, period: int) -> str:
    return reverse("programs:value-edit", kwargs={"pk": target.pk, "period": period})


class TestValueCells:
    def test_the_opd_head_edits_its_open_values_and_enters_the_missing_ones(
        self, client_for, septic_tanks
    ):
        target, submitted, verified = septic_tanks
        row = row_of(client_for("pupr"), "AL-07")
        assert row.count("value-cell") == 4  # one per quarter
        detail = reverse("programs:value-detail", kwargs={"pk": submitted.pk})
        assert f'<a href="{detail}" class="fw-semibold">1.234</a>' in row
        assert '<span class="badge text-bg-info">Diajukan</span>' in row
        assert f'<a class="ms-1" href="{edit_url(target, 1)}">ubah</a>' in row
        # A verified value is locked: its number links to it, nothing offers to change it.
        detail = reverse("programs:value-detail", kwargs={"pk": verified.pk})
        assert f'<a href="{detail}" class="fw-semibold">1.300</a>' in row
        assert "text-bg-success" in row and edit_url(target, 2) not in row
        for period in (3, 4):
            assert f'<a href="{edit_url(target, period)}">isi</a>' in row

    def test_others_see_the_values_without_a_way_to_change_them(self, client_for, septic_tanks):
        target, _submitted, _verified = septic_tanks
        row = row_of(client_for("province"), "AL-07")
        assert "1.234</a>" in row and "1.300</a>" in row
        assert "/periods/" not in row
        assert row.count('<span class="text-body-secondary">–</span>') == 2
