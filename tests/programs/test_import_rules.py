"""The rules of the actual-value import that a row's messages show: which cell is blamed and
why, whose targets a file may reach, which row a lost race is blamed on; and how the preview
shows ID and money cells and reads a stored outcome back."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from programs import services
from programs.models import ActualValue, Indicator, IndicatorTarget
from programs.services import EditConflict, Refused
from programs.spreadsheets import (
    TARGET_HEADERS,
    TARGET_REQUIRED,
    VALUE_HEADERS,
    VALUE_REQUIRED,
    import_targets,
    import_values,
)
from programs.spreadsheets.columns import CODE, KABUPATEN, LINE, PAGU, PERIOD, VALUE, YEAR
from programs.spreadsheets.importing import ImportOutcome, ImportRow
from programs.spreadsheets.reading import read_content
from tests.spreadsheets import target_row, targets_file, value_row, values_file

CONFLICT = "Orang lain baru saja menyimpan data ini; periksa berkasnya lagi."


def run(world, rows, *, confirm=False, allowed=None):
    sheet = read_content(
        values_file(rows), name="realisasi.xlsx", required=VALUE_REQUIRED, known=VALUE_HEADERS
    )
    return import_values(
        sheet=sheet,
        kabupaten=world.kapuas,
        year=2025,
        actor=world.users["kapuas"],
        confirm=confirm,
        allowed_agency_ids=allowed,
    )


class ValueRowMessageTests:
    def test_it_names_an_empty_indicator_code_with_a_dash(self, world):
        outcome = run(world, [value_row("", 1, 5)])
        assert outcome.rows[0].errors[CODE] == ["Kode indikator – tidak dikenal."]

    def test_it_names_an_empty_kabupaten_code_with_a_dash(self, world):
        outcome = run(world, [value_row("AL-03", 1, 5, kabupaten="")])
        assert outcome.rows[0].errors == {
            KABUPATEN: ["Baris ini milik kabupaten/kota –, bukan milik Anda (62.03)."]
        }

    def test_it_blames_the_year_cell_of_a_row_of_another_year(self, world):
        outcome = run(world, [value_row("AL-01", 1, 5, year=2024)])
        assert outcome.rows[0].errors == {YEAR: ["Periode berada di luar tahun 2025."]}

    def test_it_refuses_a_code_without_a_target_of_this_kabupaten_and_year(self, world):
        # AL-02 has targets, but of Seruyan in 2025 and of Kapuas in 2024: neither is this
        # file's, so the value is refused rather than written to either of them.
        al02 = Indicator.objects.get(code="AL-02")
        for kabupaten, year in ((world.seruyan, 2025), (world.kapuas, 2024)):
            IndicatorTarget.objects.create(
                kabupaten=kabupaten,
                indicator=al02,
                year=year,
                baseline=Decimal(1),
                target=Decimal(2),
                responsible_agency=world.kapuas_pupr
                if kabupaten == world.kapuas
                else world.seruyan_pupr,
            )
        before = ActualValue.objects.count()
        outcome = run(world, [value_row("AL-02", 1, 5)], confirm=True)
        assert outcome.rows[0].errors == {CODE: ["Belum ada target 2025 untuk AL-02."]}
        assert ActualValue.objects.count() == before

    def test_it_blames_only_the_year_when_the_year_is_wrong_too(self, world):
        outcome = run(world, [value_row("AL-02", 1, 5, year=2024)])
        assert outcome.rows[0].errors == {YEAR: ["Periode berada di luar tahun 2025."]}

    def test_it_names_an_unreadable_period_and_the_indicators_frequency(self, world):
        outcome = run(world, [value_row("AL-03", "pertama", 5)])
        assert outcome.rows[0].errors == {
            PERIOD: ["Periode pertama tidak ada untuk indikator semesteran."]
        }

    def test_it_names_an_empty_period_with_a_dash(self, world):
        outcome = run(world, [value_row("AL-03", None, 5)])
        assert outcome.rows[0].errors == {
            PERIOD: ["Periode – tidak ada untuk indikator semesteran."]
        }

    def test_it_names_the_first_row_of_a_duplicate(self, world):
        outcome = run(world, [value_row("AL-03", 1, 5), value_row("AL-03", 1, 6)])
        assert outcome.rows[1].errors == {
            PERIOD: ["Baris ganda: indikator dan periode sama dengan baris 2."]
        }


class ValueImportAgencyTests:
    def test_it_refuses_the_rows_of_another_opd(self, world):
        before = ActualValue.objects.count()
        outcome = run(
            world, [value_row("AL-03", 1, 5)], confirm=True, allowed={world.kapuas_pupr.pk}
        )
        assert outcome.rows[0].errors == {
            CODE: ["AL-03 dilaporkan oleh Dinkes, bukan oleh OPD Anda."]
        }
        assert ActualValue.objects.count() == before

    def test_it_reads_the_responsible_opds_without_a_query_per_target(self, world):
        def queries(rows):
            with CaptureQueriesContext(connection) as captured:
                outcome = run(world, rows, allowed={world.kapuas_pupr.pk})
            assert outcome.totals["error"] == len(rows)
            return len(captured.captured_queries)

        one = queries([value_row("AL-03", 1, 5)])
        two = queries([value_row("AL-03", 1, 5), value_row("PS-02", 1, 5)])
        assert one == two


class ValueImportConflictTests:
    """A value someone saved while the file was confirmed is blamed on the row of that value,
    or on the first row when the file holds no row of it."""

    def conflicting(self, world, monkeypatch, current):
        def save(**kwargs):
            raise EditConflict(current)

        monkeypatch.setattr(services, "values_save", save)
        return run(world, [value_row("AL-03", 1, 5), value_row("AL-03", 2, 6)], confirm=True).rows

    def test_it_blames_the_row_of_the_value_saved_meanwhile(self, world, monkeypatch):
        al03 = IndicatorTarget.objects.get(
            kabupaten=world.kapuas, year=2025, indicator__code="AL-03"
        )
        rows = self.conflicting(world, monkeypatch, ActualValue(target=al03, period=2))
        assert rows[0].errors == {}
        assert rows[1].errors == {"": [CONFLICT]}

    def test_it_blames_the_first_row_when_no_row_holds_that_value(self, world, monkeypatch):
        rows = self.conflicting(
            world, monkeypatch, ActualValue(target=world.kapuas_target, period=1)
        )
        assert rows[0].errors == {"": [CONFLICT]}
        assert rows[1].errors == {}

    def test_it_blames_the_first_row_when_the_database_refuses_a_second_first_save(
        self, world, monkeypatch
    ):
        # Two first saves of one period at the same moment: the unique constraint answers, with
        # no stored record to point at, so the first row carries the message, on no column.
        def save(**kwargs):
            raise IntegrityError("duplicate key value violates unique constraint")

        monkeypatch.setattr(services, "values_save", save)
        rows = run(world, [value_row("AL-03", 1, 5), value_row("AL-03", 2, 6)], confirm=True).rows
        assert [row.errors for row in rows] == [{"": [CONFLICT]}, {}]


class PreviewCellTests:
    def test_it_shows_a_whole_id_without_its_fraction(self):
        assert str(ImportRow(2, "new", {LINE: 12.0}).line) == "12"

    def test_it_shows_an_id_that_is_no_number_as_typed(self):
        assert ImportRow(2, "new", {LINE: "baris dua"}).line == "baris dua"

    def test_it_reads_ids_of_up_to_20_characters_only(self):
        assert str(ImportRow(2, "new", {LINE: "0" * 18 + "12"}).line) == "12"
        assert ImportRow(2, "new", {LINE: "0" * 19 + "12"}).line == "0" * 19 + "12"

    def test_it_shows_a_number_cell_in_rupiah_up_to_the_ceiling(self):
        assert ImportRow(2, "new", {PAGU: 1_500_000}).pagu == "Rp 1.500.000"
        assert ImportRow(2, "new", {PAGU: 10**13}).pagu == "Rp 10.000.000.000.000"
        assert ImportRow(2, "new", {PAGU: 10**13 + 1}).pagu == 10**13 + 1

    def test_it_shows_a_true_false_cell_as_typed(self):
        assert ImportRow(2, "new", {PAGU: True}).pagu is True


class StoredOutcomeTests:
    def test_it_reads_missing_totals_as_zero(self):
        outcome = ImportOutcome.from_json({"totals": {"new": 2}, "rows": []})
        assert outcome.totals == {"new": 2, "update": 0, "delete": 0, "skip": 0, "error": 0}
        assert not outcome.has_errors

    def test_it_reads_an_outcome_stored_without_rows_or_totals(self):
        assert ImportOutcome.from_json({"totals": {"error": 1}}).rows == []
        assert ImportOutcome.from_json({"rows": []}).totals["error"] == 0


class TargetImportConflictTests:
    def test_it_blames_the_first_row_when_targets_were_saved_meanwhile(self, world, monkeypatch):
        def save(**kwargs):
            raise EditConflict([1])

        monkeypatch.setattr(services, "targets_save", save)
        rows = [
            target_row("AL-02", 2026, "10", "50", "Dinas PUPR"),
            target_row("AL-02", 2027, "10", "55", "Dinas PUPR"),
        ]
        sheet = read_content(
            targets_file(rows), name="target.xlsx", required=TARGET_REQUIRED, known=TARGET_HEADERS
        )
        outcome = import_targets(
            sheet=sheet, kabupaten=world.kapuas, actor=world.users["kapuas"], confirm=True
        )
        assert outcome.rows[0].errors == {"": [CONFLICT]}
        assert outcome.rows[1].errors == {}


class ValueImportWriteRuleTests:
    def test_it_writes_nothing_when_one_row_is_refused(self, world):
        before = ActualValue.objects.count()
        outcome = run(world, [value_row("AL-03", 1, 5), value_row("XX-99", 1, 6)], confirm=True)
        assert outcome.rows[1].kind == "error"
        assert ActualValue.objects.count() == before

    def test_it_rounds_half_a_last_place_up_as_the_column_does(self, world):
        run(world, [value_row("AL-03", 1, "1,00005")], confirm=True)
        stored = ActualValue.objects.get(target__indicator__code="AL-03", target__year=2025)
        assert stored.value == Decimal("1.0001")

    def test_it_refuses_a_value_of_13_whole_digits(self, world):
        # A count has no upper bound of its own: only the column's 12 whole digits stop it.
        count = Indicator.objects.create(
            code="UJ-01",
            name="Jumlah uji",
            sector="air_limbah",
            unit="unit",
            measure="count",
            frequency="annual",
            sort_order=9999,
        )
        IndicatorTarget.objects.create(
            kabupaten=world.kapuas,
            indicator=count,
            year=2025,
            baseline=Decimal(1),
            target=Decimal(2),
            responsible_agency=world.kapuas_pupr,
        )
        assert run(world, [value_row("UJ-01", 1, 10**12 - 1)]).rows[0].errors == {}
        outcome = run(world, [value_row("UJ-01", 1, 10**12)])
        assert outcome.rows[0].kind == "error"
        assert list(outcome.rows[0].errors) == [VALUE]

    def test_it_shows_numbers_as_read_and_dates_as_iso_text(self, world):
        outcome = run(world, [value_row("AL-03", 1, 5), value_row("AL-03", 2, date(2025, 3, 1))])
        cells = outcome.rows[0].cells
        assert {c: cells[c] for c in (PERIOD, VALUE, YEAR)} == {PERIOD: 1, VALUE: 5, YEAR: 2025}
        assert outcome.rows[1].cells[VALUE].startswith("2025-03-01")


class ChangedSinceDryRunTests:
    """A file the service refuses at confirmation shows each problem on its row and column."""

    def refused(self, world, monkeypatch, problems):
        def save(**kwargs):
            raise Refused(problems)

        monkeypatch.setattr(services, "values_save", save)
        return run(world, [value_row("AL-03", 1, 5), value_row("AL-03", 2, 6)], confirm=True).rows

    def test_it_shows_a_value_problem_in_the_value_column(self, world, monkeypatch):
        rows = self.refused(world, monkeypatch, {1: {"value": "Nilai sudah diverifikasi."}})
        assert rows[0].errors == {}
        assert rows[1].errors == {VALUE: ["Nilai sudah diverifikasi."]}

    def test_it_shows_a_problem_of_no_field_on_the_row(self, world, monkeypatch):
        rows = self.refused(world, monkeypatch, {0: {"": "Target sudah dikunci."}})
        assert rows[0].errors == {"": ["Target sudah dikunci."]}


class StoredSummaryTests:
    def test_it_leaves_the_rows_out_of_a_summary(self):
        outcome = ImportOutcome.of([ImportRow(2, "new", {CODE: "AL-01"})])
        assert outcome.as_json(with_rows=False) == {
            "totals": {"new": 1, "update": 0, "delete": 0, "skip": 0, "error": 0},
            "rows": [],
        }


class DurationCellTests:
    def test_it_shows_a_duration_cell_as_its_text(self, world):
        outcome = run(world, [value_row("AL-03", 1, timedelta(hours=12))])
        assert outcome.rows[0].cells[VALUE] == "12:00:00"
