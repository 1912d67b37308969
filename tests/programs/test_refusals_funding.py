"""Funding lines from the side of what must not happen, beside the money rules of
tests/programs/test_funding.py: a year outside the programme, an overlong planning
reference, and the pages' own refusals (a grid row naming a line of another subject, an OPD
head reporting on another OPD's line), each with its Indonesian message and nothing
written."""

from decimal import Decimal

import pytest
from django.urls import reverse

from programs import funding
from programs.models import FundingLine
from tests.forms import form_data
from tests.funding import make_line, sources
from tests.refusals import nothing_written, refusal


def entry(world, **fields) -> funding.FundingEntry:
    defaults = {
        "source": sources()["apbd-kabupaten"],
        "agency": world.kapuas_pupr,
        "pagu": Decimal("450000000"),
        "status": "budgeted",
        "planning_reference": "1.03.10.2.01",
    }
    return funding.FundingEntry(**(defaults | fields))


def grid_url(world, year=2025) -> str:
    return reverse(
        "programs:funding-grid",
        kwargs={"code": "62.03", "kind": "follow-up", "pk": world.kapuas_followup.pk, "year": year},
    )


class FundingRefusalTests:
    @pytest.mark.parametrize("year", [1999, 2101])
    def test_it_refuses_a_year_outside_the_programme_range(self, world, year):
        with refusal(tables=(FundingLine,)) as error:
            funding.funding_save(
                actor=world.users["kapuas"],
                subject=world.kapuas_followup,
                year=year,
                entries=[entry(world)],
            )
        assert error.value.messages == [f"{year} bukan tahun."]

    def test_it_refuses_a_planning_reference_longer_than_its_column(self, world):
        with refusal(tables=(FundingLine,), raises=funding.Refused) as error:
            funding.funding_save(
                actor=world.users["kapuas"],
                subject=world.kapuas_followup,
                year=2025,
                entries=[entry(world, planning_reference="1." * 76)],
            )
        assert error.value.problems == {
            0: {"planning_reference": "Acuan perencanaan paling panjang 150 karakter."}
        }

    def test_the_grid_edits_no_line_of_another_subject(self, client_for, world):
        """A forged row naming the quick win's line in the follow-up's grid: to this grid the
        line does not exist, so it reads as removed meanwhile (the conflict page), and the
        quick win's line stays untouched."""
        other = make_line(world, subject=world.kapuas_quickwin, reference="QW")
        client = client_for("kapuas")
        data = form_data(client.get(grid_url(world)).content.decode(), "lines-TOTAL_FORMS")
        data |= {
            "lines-0-line": str(other.pk),
            "lines-0-version": str(other.version),
            "lines-0-source": str(other.source_id),
            "lines-0-agency": str(other.agency_id),
            "lines-0-planning_reference": "QW",
            "lines-0-pagu": "1",
            "lines-0-status": "budgeted",
        }
        with nothing_written(other, tables=(FundingLine,)):
            response = client.post(grid_url(world), data)
        assert response.status_code == 409
        assert "Orang lain menyimpan data ini" in response.content.decode()

    def test_an_opd_head_reports_no_realisasi_on_another_opds_line(self, client_for, world):
        line = make_line(world, agency=world.kapuas_dlh)
        url = reverse("programs:funding-realisation", kwargs={"pk": line.pk})
        with nothing_written(line):
            response = client_for("pupr").post(
                url, {"realisasi": "1.000", "status": "budgeted", "version": line.version}
            )
        assert response.status_code == 403
