"""How the targets import reads each row of a sheet, called as the worker calls it: the message
and column of each refusal (an unknown indicator code, a cell that is no year or no number, an
unknown OPD, a second row of the same indicator and year), the policy package a target keeps
(the sheet has no column for it), who the history names, and that a dry run writes nothing."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import IndicatorTarget, PolicyPackage, Programme
from programs.services import ERROR, NEW, UPDATE
from programs.spreadsheets import TARGET_HEADERS, Sheet, import_targets
from programs.spreadsheets.columns import AGENCY, BASELINE, CODE, TARGET, YEAR
from tests.history import context, events
from tests.spreadsheets import target_row


def sheet(*rows: list) -> Sheet:
    """The rows as the reader hands them over, numbered from 2 below the header row."""
    return Sheet(headers=TARGET_HEADERS, rows=list(enumerate(rows, start=2)))


def dry_run(world, *rows: list):
    return import_targets(
        sheet=sheet(*rows), kabupaten=world.kapuas, actor=world.users["kapuas"], confirm=False
    )


def kapuas_package(world) -> PolicyPackage:
    programme = Programme.objects.create(
        kabupaten=world.kapuas, name="Kapuas Bersih", start_year=2025, end_year=2029
    )
    return PolicyPackage.objects.create(programme=programme, number=1, title="Sanitasi aman")


def stored(world):
    return list(
        IndicatorTarget.objects.filter(kabupaten=world.kapuas)
        .order_by("pk")
        .values_list("indicator__code", "year", "baseline", "target", "version")
    )


class TargetImportRefusalTests:
    def test_it_names_the_unknown_indicator_code_on_its_column(self, world):
        outcome = dry_run(world, target_row("XX-99", 2026, "1", "2", "Dinas PUPR"))

        (row,) = outcome.rows
        assert row.kind == ERROR
        assert row.errors == {CODE: ["Kode indikator XX-99 tidak dikenal."]}

    def test_it_names_the_cell_that_is_no_year_on_the_year_column(self, world):
        outcome = dry_run(
            world,
            target_row("AL-02", "dua ribu", "1", "2", "Dinas PUPR"),
            target_row("AL-02", None, "1", "2", "Dinas PUPR"),
        )

        assert [row.errors for row in outcome.rows] == [
            {YEAR: ["dua ribu bukan tahun."]},
            {YEAR: ["– bukan tahun."]},
        ]

    def test_it_refuses_a_baseline_or_target_that_is_no_number_on_its_column(self, world):
        outcome = dry_run(
            world,
            target_row("AL-02", 2026, "banyak", "2", "Dinas PUPR"),
            target_row("AL-02", 2027, "1", "sedikit", "Dinas PUPR"),
        )

        assert [row.errors for row in outcome.rows] == [
            {BASELINE: ["banyak bukan angka."]},
            {TARGET: ["sedikit bukan angka."]},
        ]

    def test_it_names_an_opd_the_kabupaten_does_not_have_on_the_opd_column(self, world):
        outcome = dry_run(
            world,
            target_row("AL-02", 2026, "1", "2", "Dinas Pariwisata"),
            target_row("AL-02", 2027, "1", "2", None),
        )

        assert [row.errors for row in outcome.rows] == [
            {AGENCY: ["OPD Dinas Pariwisata tidak dikenal di kabupaten/kota ini."]},
            {AGENCY: ["OPD – tidak dikenal di kabupaten/kota ini."]},
        ]

    def test_it_refuses_a_second_row_of_the_same_indicator_and_year_naming_the_first(self, world):
        outcome = dry_run(
            world,
            target_row("AL-02", 2026, "1", "2", "Dinas PUPR"),
            target_row("AL-02", 2027, "1", "3", "Dinas PUPR"),
            target_row("AL-02", 2026, "1", "4", "Dinas PUPR"),
        )

        assert [row.kind for row in outcome.rows] == [NEW, NEW, ERROR]
        assert outcome.rows[2].errors == {
            YEAR: ["Baris ganda: indikator dan tahun sama dengan baris 2."]
        }


class TargetImportPackageTests:
    def test_it_keeps_the_policy_package_of_a_target_it_changes(self, world):
        package = kapuas_package(world)
        IndicatorTarget.objects.filter(pk=world.kapuas_target.pk).update(policy_package=package)

        outcome = import_targets(
            sheet=sheet(target_row("AL-01", 2025, "70", "85", "Dinas PUPR")),
            kabupaten=world.kapuas,
            actor=world.users["kapuas"],
            confirm=True,
        )

        assert [row.kind for row in outcome.rows] == [UPDATE]
        target = IndicatorTarget.objects.get(pk=world.kapuas_target.pk)
        assert (target.target, target.policy_package_id) == (Decimal("85"), package.pk)

    def test_it_reads_the_packages_of_all_rows_at_once(self, world):
        """The dry run of three targets with a package costs what that of one costs."""
        package = kapuas_package(world)
        IndicatorTarget.objects.filter(kabupaten=world.kapuas).update(policy_package=package)
        rows = [
            target_row(code, 2025, "70", "81", "Dinas PUPR") for code in ("AL-01", "AL-03", "PS-02")
        ]

        with CaptureQueriesContext(connection) as one:
            assert [row.kind for row in dry_run(world, rows[0]).rows] == [UPDATE]
        with CaptureQueriesContext(connection) as three:
            assert [row.kind for row in dry_run(world, *rows).rows] == [UPDATE] * 3

        assert len(three.captured_queries) == len(one.captured_queries)


class TargetImportWriteTests:
    def test_it_writes_only_when_confirmed_and_names_who_imported(self, world):
        before = stored(world)
        actor = world.users["kapuas"]
        rows = (target_row("AL-02", 2026, "10", "20", "Dinas PUPR"),)

        checked = import_targets(
            sheet=sheet(*rows), kabupaten=world.kapuas, actor=actor, confirm=False
        )
        assert [row.kind for row in checked.rows] == [NEW]
        assert stored(world) == before

        applied = import_targets(
            sheet=sheet(*rows), kabupaten=world.kapuas, actor=actor, confirm=True
        )

        assert [row.kind for row in applied.rows] == [NEW]
        new = IndicatorTarget.objects.get(
            kabupaten=world.kapuas, indicator=world.indicators["AL-02"], year=2026
        )
        assert (new.baseline, new.target, new.responsible_agency) == (
            Decimal("10"),
            Decimal("20"),
            world.kapuas_pupr,
        )
        (event,) = events(IndicatorTarget, pgh_obj=new)
        assert (context(event).get("user"), context(event).get("action")) == (
            actor.pk,
            "targets.import",
        )
