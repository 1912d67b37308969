"""Two OPDs of one kabupaten/kota, kept apart: Dinas PUPR and DLH of Kapuas each own a target,
a value with its evidence, a follow-up, a quick win and a funding line, and each head is tried
on the other's, in both directions.

- Reading: an OPD head reads all of their kabupaten/kota (the access layer's rule), so the
  other OPD's pages answer 200; but the pages that are an OPD's own (values to enter, the OPD
  dashboard, the start page's reminders, the default follow-up and funding lists, the values
  template) show only its own records, and the other OPD's pages offer no form to change them.
- Writing: every change to the other OPD's records is refused (403) and writes nothing: the
  record, its version and its history stay as they were, and no row is added.
"""

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from coaching.models import Evidence, FollowUp, FollowUpUpdate
from programs.models import ActualValue, FundingLine, IndicatorTarget
from tests.funding import make_line
from tests.refusals import nothing_written
from tests.spreadsheets import HEADER_ROW, fill, upload_values
from tests.valid_forms import PDF


@dataclass(frozen=True)
class Side:
    """What one OPD head owns in the world, by attribute name."""

    persona: str
    agency: str
    target: str
    value: str
    followup: str
    quickwin: str
    indicator: str


PUPR = Side(
    "pupr", "kapuas_pupr", "kapuas_target", "kapuas_value", "kapuas_followup", "kapuas_quickwin",
    "AL-01",
)  # fmt: skip
DLH = Side("dlh", "kapuas_dlh", "dlh_target", "dlh_value", "dlh_followup", "dlh_quickwin", "PS-02")
# (whose session, whose records are tried): both directions.
DIRECTIONS = [pytest.param(PUPR, DLH, id="pupr-on-dlh"), pytest.param(DLH, PUPR, id="dlh-on-pupr")]


def owned(world, side: Side, name: str):
    return getattr(world, getattr(side, name))


def line_of(world, side: Side) -> FundingLine:
    """The OPD's own funding line on Kapuas's follow-up, its pagu telling whose it is."""
    pagu = "1111111111" if side is PUPR else "2222222222"
    return make_line(world, agency=owned(world, side, "agency"), pagu=pagu, reference=side.agency)


def shown_pagu(side: Side) -> str:
    return "1.111.111.111" if side is PUPR else "2.222.222.222"


def indicator_name(world, side: Side) -> str:
    return world.indicators[side.indicator].name


@pytest.mark.parametrize(("me", "other"), DIRECTIONS)
class OpdReadingTests:
    def test_its_values_page_lists_only_its_own_indicators(self, client_for, world, me, other):
        url = reverse("programs:values-entry", kwargs={"code": "62.03"})
        other_agency = owned(world, other, "agency")
        for asked in ("?year=2025", f"?year=2025&agency={other_agency.pk}"):
            page = client_for(me.persona).get(url + asked).content.decode()
            assert indicator_name(world, me) in page, asked
            assert indicator_name(world, other) not in page, asked

    def test_each_opd_dashboard_shows_that_opds_records_only(self, client_for, world, me, other):
        client = client_for(me.persona)
        for side, not_side in ((me, other), (other, me)):
            url = reverse(
                "reports:opd-dashboard",
                kwargs={"code": "62.03", "agency_pk": owned(world, side, "agency").pk},
            )
            page = client.get(url + "?year=2025").content.decode()
            assert indicator_name(world, side) in page
            assert owned(world, side, "followup").action in page
            assert indicator_name(world, not_side) not in page
            assert owned(world, not_side, "followup").action not in page

    def test_its_start_page_reminds_it_of_its_own_follow_ups_only(
        self, client_for, world, me, other
    ):
        soon = date.today() + timedelta(days=2)
        FollowUp.objects.filter(kabupaten=world.kapuas).update(due_date=soon)
        page = client_for(me.persona).get("/", follow=True).content.decode()
        assert "RTL yang perlu perhatian" in page
        assert owned(world, me, "followup").action in page
        assert owned(world, other, "followup").action not in page

    def test_its_follow_up_list_starts_from_its_own(self, client_for, world, me, other):
        url = reverse("coaching:followup-list", kwargs={"code": "62.03"})
        page = client_for(me.persona).get(url).content.decode()
        assert owned(world, me, "followup").action in page
        assert owned(world, other, "followup").action not in page

    def test_its_funding_list_starts_from_its_own_lines(self, client_for, world, me, other):
        line_of(world, me), line_of(world, other)
        url = reverse("programs:funding-overview", kwargs={"code": "62.03"})
        page = client_for(me.persona).get(url + "?year=2025").content.decode()
        assert shown_pagu(me) in page
        assert shown_pagu(other) not in page

    def test_its_values_template_holds_its_own_rows_only(self, client_for, world, me, other):
        url = reverse("programs:values-template", kwargs={"code": "62.03"})
        content = client_for(me.persona).get(url + "?year=2025").content
        sheet = load_workbook(io.BytesIO(content)).active
        headers = [cell.value for cell in sheet[HEADER_ROW]]
        column = headers.index("Kode indikator")
        codes = {row[column] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
        assert codes == {me.indicator}

    def test_the_other_opds_pages_are_readable_but_offer_no_change(
        self, client_for, world, me, other
    ):
        client = client_for(me.persona)
        value, follow_up = owned(world, other, "value"), owned(world, other, "followup")
        quick_win, line = owned(world, other, "quickwin"), line_of(world, other)
        value_page = client.get(reverse("programs:value-detail", kwargs={"pk": value.pk}))
        assert value_page.status_code == 200
        assert value_page.context["can_edit"] is False
        follow_up_page = client.get(follow_up.get_absolute_url())
        assert follow_up_page.status_code == 200
        assert follow_up_page.context["progress_form"] is None
        assert follow_up_page.context["evidence_form"] is None
        quick_win_page = client.get(quick_win.get_absolute_url())
        assert quick_win_page.status_code == 200
        assert quick_win_page.context["can_edit"] is False
        line_page = client.get(reverse("programs:funding-line-detail", kwargs={"pk": line.pk}))
        assert line_page.status_code == 200
        realisation = reverse("programs:funding-realisation", kwargs={"pk": line.pk})
        assert realisation not in line_page.content.decode()
        # The evidence is read with the record (the kabupaten reads it all).
        evidence = client.get(reverse("programs:value-evidence", kwargs={"pk": value.pk}))
        assert evidence.status_code == 200

    def test_the_other_opds_forms_are_forbidden(self, client_for, world, me, other):
        client = client_for(me.persona)
        target, quick_win = owned(world, other, "target"), owned(world, other, "quickwin")
        line = line_of(world, other)
        for url in (
            reverse("programs:value-edit", kwargs={"pk": target.pk, "period": 1}),
            reverse("coaching:quickwin-edit", kwargs={"pk": quick_win.pk}),
            reverse("programs:funding-realisation", kwargs={"pk": line.pk}),
        ):
            assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(("me", "other"), DIRECTIONS)
class OpdWritingTests:
    def test_it_enters_no_value_for_the_other_opd(self, client_for, world, me, other):
        target, value = owned(world, other, "target"), owned(world, other, "value")
        pdf = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
        for period in (1, 2):  # the stored value, and a period without one yet
            url = reverse("programs:value-edit", kwargs={"pk": target.pk, "period": period})
            data = {"value": "75", "version": value.version, "submit": "1", "evidence": pdf}
            with nothing_written(value, tables=(ActualValue,)):
                assert client_for(me.persona).post(url, data).status_code == 403

    def test_it_changes_no_target_of_either(self, client_for, world, me, other):
        url = reverse("programs:targets-grid", kwargs={"code": "62.03", "sector": "persampahan"})
        target = owned(world, other, "target")
        with nothing_written(target, tables=(IndicatorTarget,)):
            assert client_for(me.persona).post(url, {}).status_code == 403

    def test_it_reports_no_progress_on_the_other_opds_follow_up(self, client_for, world, me, other):
        follow_up = owned(world, other, "followup")
        url = reverse("coaching:followup-progress", kwargs={"pk": follow_up.pk})
        data = {
            "date": "2025-09-01",
            "status": "done",
            "note": "Selesai",
            "version": follow_up.version,
        }
        with nothing_written(follow_up, tables=(FollowUpUpdate,)):
            assert client_for(me.persona).post(url, data).status_code == 403

    def test_it_attaches_no_evidence_to_the_other_opds_records(self, client_for, world, me, other):
        for name, subject in (
            ("coaching:followup-evidence", owned(world, other, "followup")),
            ("coaching:quickwin-evidence", owned(world, other, "quickwin")),
        ):
            data = {
                "kind": "document",
                "file": SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
            }
            with nothing_written(subject, tables=(Evidence,)):
                response = client_for(me.persona).post(
                    reverse(name, kwargs={"pk": subject.pk}), data
                )
            assert response.status_code == 403, name

    def test_it_edits_no_quick_win_of_the_other_opd(self, client_for, world, me, other):
        quick_win = owned(world, other, "quickwin")
        data = {
            "title": "Diambil alih",
            "agency": owned(world, me, "agency").pk,
            "target_date": "2026-06-30",
            "status": "done",
            "version": quick_win.version,
        }
        url = reverse("coaching:quickwin-edit", kwargs={"pk": quick_win.pk})
        with nothing_written(quick_win):
            assert client_for(me.persona).post(url, data).status_code == 403

    def test_it_reports_no_realisasi_on_the_other_opds_line(self, client_for, world, me, other):
        line = line_of(world, other)
        url = reverse("programs:funding-realisation", kwargs={"pk": line.pk})
        data = {"realisasi": "1.000.000", "status": "budgeted", "version": line.version}
        with nothing_written(line):
            assert client_for(me.persona).post(url, data).status_code == 403

    def test_it_imports_no_value_of_the_other_opd(self, client_for, world, me, other):
        """A file with the other OPD's row (typed into Bapperida's template): the preview
        names the row and why, offers no confirmation, and nothing is written."""
        content = fill(
            client_for("kapuas")
            .get(reverse("programs:values-template", kwargs={"code": "62.03"}) + "?year=2025")
            .content,
            {(other.indicator, "1"): 55},
        )
        value = owned(world, other, "value")
        with nothing_written(value, tables=(ActualValue,)):
            preview = upload_values(client_for(me.persona), content)
        page = preview.content.decode()
        agency = owned(world, other, "agency").abbreviation
        assert f"{other.indicator} dilaporkan oleh {agency}, bukan oleh OPD Anda." in page
        assert 'name="job"' not in page
