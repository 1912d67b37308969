"""The import costs a fixed number of queries whatever the size of the file: the dry run and
the confirmation of 10 rows and of 200 rows (half new values or lines, half corrections) make
the same queries, one per table and not one per row."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import ActualValue, FundingLine, Indicator, IndicatorTarget, subject_filter
from programs.spreadsheets import (
    FUNDING_HEADERS,
    FUNDING_REQUIRED,
    VALUE_HEADERS,
    VALUE_REQUIRED,
    import_funding,
    import_values,
)
from programs.spreadsheets.reading import read_content
from tests.funding import sources
from tests.spreadsheets import (
    confirm,
    funding_file,
    funding_row,
    job_id,
    target_row,
    targets_file,
    upload,
    value_row,
    values_file,
)


def new_indicators(prefix: str, count: int, frequency: str) -> list[Indicator]:
    return Indicator.objects.bulk_create(
        Indicator(
            code=f"{prefix}-{n:03d}",
            name=f"Indikator uji {n}",
            sector="air_limbah",
            unit="%",
            measure="percent",
            frequency=frequency,
            sort_order=9000 + n,
        )
        for n in range(count)
    )


def quarterly_values(world, rows: int, prefix: str = "Q") -> bytes:
    """A file of `rows` values of new quarterly indicators; every other one corrects a value
    already entered."""
    indicators = new_indicators(prefix, (rows + 3) // 4, "quarterly")
    targets = IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            kabupaten=world.kapuas,
            indicator=indicator,
            year=2025,
            baseline=Decimal(10),
            target=Decimal(50),
            responsible_agency=world.kapuas_pupr,
        )
        for indicator in indicators
    )
    cells = [(t, period) for t in targets for period in range(1, 5)][:rows]
    ActualValue.objects.bulk_create(
        ActualValue(
            target=t,
            period=period,
            value=Decimal(20),
            status="draft",
            entered_by=world.users["pupr"],
        )
        for n, (t, period) in enumerate(cells)
        if n % 2
    )
    return values_file([value_row(t.indicator.code, period, 30 + period) for t, period in cells])


def counted(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries.captured_queries)


@pytest.mark.parametrize("rows", [10, 200])
class TestImportQueries:
    def test_the_import_function_makes_a_fixed_number_of_queries(self, world, rows):
        content = quarterly_values(world, rows)
        sheet = read_content(
            content, name="realisasi.xlsx", required=VALUE_REQUIRED, known=VALUE_HEADERS
        )
        actor = world.users["kapuas"]

        def run(confirm):
            outcome = import_values(
                sheet=sheet, kabupaten=world.kapuas, year=2025, actor=actor, confirm=confirm
            )
            assert outcome.totals == {
                "new": rows // 2,
                "update": rows // 2,
                "delete": 0,
                "skip": 0,
                "error": 0,
            }

        # Dry run: the indicator codes, the year's targets and their values (the import's
        # reading), the values again (the service's check). Confirmation: the same three, then
        # the values locked, one UPDATE and one INSERT (in a savepoint of its own), and the
        # savepoints' bookkeeping.
        assert counted(lambda: run(False)) == 4
        assert counted(lambda: run(True)) == 12


class TestImportPageQueries:
    def test_the_pages_make_the_same_queries_for_10_and_200_rows(self, client_for, world):
        client = client_for("kapuas")
        # a first request fills the process's caches (content types, translations)
        client.get(reverse("programs:values-import", kwargs={"code": "62.03"}))

        def dry_run_and_confirmation(rows, prefix):
            content = quarterly_values(world, rows, prefix)
            preview = []
            dry_run = counted(lambda: preview.append(upload(client, "values", content)))
            assert preview[0].status_code == 200
            confirmation = counted(lambda: confirm(client, "values", job_id(preview[0])))
            written = ActualValue.objects.filter(target__indicator__code__startswith=prefix)
            assert written.count() == rows
            return dry_run, confirmation

        assert dry_run_and_confirmation(10, "S") == dry_run_and_confirmation(200, "L")

    def test_the_target_import_makes_the_same_queries_for_10_and_200_rows(self, client_for, world):
        client = client_for("kapuas")
        # a first request fills the process's caches (content types, translations)
        client.get(reverse("programs:targets-import", kwargs={"code": "62.03"}))

        def dry_run_and_confirmation(rows, prefix):
            indicators = new_indicators(prefix, rows, "annual")
            IndicatorTarget.objects.bulk_create(  # every other one is a correction
                IndicatorTarget(
                    kabupaten=world.kapuas,
                    indicator=indicator,
                    year=2026,
                    target=Decimal(40),
                    responsible_agency=world.kapuas_dlh,
                )
                for indicator in indicators[::2]
            )
            content = targets_file(
                [target_row(i.code, 2026, "10", "55", "Dinas PUPR") for i in indicators]
            )
            preview = []
            dry_run = counted(lambda: preview.append(upload(client, "targets", content)))
            assert preview[0].status_code == 200, preview[0].content.decode()[-2000:]
            confirmation = counted(lambda: confirm(client, "targets", job_id(preview[0])))
            written = IndicatorTarget.objects.filter(
                indicator__code__startswith=prefix, target=Decimal(55)
            )
            assert written.count() == rows
            return dry_run, confirmation

        assert dry_run_and_confirmation(10, "S") == dry_run_and_confirmation(200, "L")


def funding_file_of(world, rows: int, prefix: str = "R") -> bytes:
    """A file of `rows` funding lines spread over Kapuas's follow-ups and quick wins; every
    other one changes a line already kept."""
    subjects = [
        world.kapuas_followup,
        world.dlh_followup,
        world.kapuas_quickwin,
        world.dlh_quickwin,
    ]
    apbd = sources()["apbd-kabupaten"]
    kept = FundingLine.objects.bulk_create(
        FundingLine(
            kabupaten=world.kapuas,
            year=2025,
            source=apbd,
            agency=world.kapuas_pupr,
            planning_reference=f"{prefix}-{n}",
            pagu=Decimal(1_000_000_000),
            status="budgeted",
            created_by=world.users["kapuas"],
            **subject_filter(subjects[n % len(subjects)]),
        )
        for n in range(1, rows, 2)
    )
    line_ids = {line.planning_reference: line.pk for line in kept}
    cells = [
        funding_row(
            subjects[n % len(subjects)],
            line=line_ids.get(f"{prefix}-{n}", ""),
            reference=f"{prefix}-{n}",
            pagu=f"{n + 1}.000.000",
            realisasi="500.000",
        )
        for n in range(rows)
    ]
    return funding_file(cells)


@pytest.mark.parametrize("rows", [10, 200])
class FundingImportQueriesTests:
    def test_the_funding_import_makes_a_fixed_number_of_queries(self, world, rows):
        content = funding_file_of(world, rows)
        sheet = read_content(
            content, name="pendanaan.xlsx", required=FUNDING_REQUIRED, known=FUNDING_HEADERS
        )

        def run(confirm):
            outcome = import_funding(
                sheet=sheet,
                kabupaten=world.kapuas,
                year=2025,
                actor=world.users["kapuas"],
                confirm=confirm,
            )
            assert outcome.totals == {
                "new": rows // 2,
                "update": rows // 2,
                "delete": 0,
                "skip": 0,
                "error": 0,
            }

        # Dry run: the packages, follow-ups, quick wins, sources, OPDs and lines of the year
        # (the import's reading), the lines again (the service's check). Confirmation: the same
        # six, then in savepoints the follow-ups and the quick wins locked, their lines locked,
        # one UPDATE and one INSERT (each carrying the history's context).
        assert counted(lambda: run(False)) == 7
        assert counted(lambda: run(True)) == 15


class FundingImportPagesQueriesTests:
    def test_the_pages_make_the_same_queries_for_10_and_200_lines(self, client_for, world):
        client = client_for("kapuas")

        def dry_run_and_confirmation(rows, prefix):
            content = funding_file_of(world, rows, prefix)
            preview = []
            dry_run = counted(lambda: preview.append(upload(client, "funding", content)))
            assert preview[0].status_code == 200, preview[0].content.decode()[-2000:]
            confirmation = counted(lambda: confirm(client, "funding", job_id(preview[0])))
            written = FundingLine.objects.filter(
                planning_reference__startswith=f"{prefix}-", realisasi=Decimal(500_000)
            )
            assert written.count() == rows
            return dry_run, confirmation

        assert dry_run_and_confirmation(10, "S") == dry_run_and_confirmation(200, "L")
