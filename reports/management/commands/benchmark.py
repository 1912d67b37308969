"""Measure the pages and reports against their budgets, on whatever data the database holds.

Prints figures; asserts nothing. Load national-scale data first with `seed_national` to see
how the dashboards behave with every kabupaten/kota of Indonesia.
"""

import resource
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from programs.models import ActualValue, Agency, IndicatorTarget, Kabupaten, Province
from reports import documents
from reports.models import Report
from reports.pdf import render_pdf


class Command(BaseCommand):
    help = "Time the dashboards and PDF reports on the current data and print the figures."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
        parser.add_argument("--province", default="62", help="province code to measure")
        parser.add_argument("--kabupaten", default="62.03", help="kabupaten code to measure")
        parser.add_argument(
            "--national", action="store_true", help="also time the national summary"
        )
        parser.add_argument(
            "--import-rows",
            type=int,
            default=10_000,
            help="rows of the spreadsheet import measurement (0 to skip)",
        )

    def handle(self, *args, repeat, province, kabupaten, national, import_rows, **options):
        User = get_user_model()
        admin = User.objects.filter(is_superuser=True, is_active=True).first()
        if admin is None:
            self.stderr.write("No active superuser: run seed_demo first.")
            return
        province_obj = Province.objects.get(code=province)
        kabupaten_obj = Kabupaten.objects.get(code=kabupaten)
        agency = (
            Agency.objects.filter(kabupaten=kabupaten_obj, targets__isnull=False).distinct().first()
        )
        year = (
            IndicatorTarget.objects.filter(
                kabupaten=kabupaten_obj, year__lte=timezone.localdate().year
            )
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        self.stdout.write(
            f"Data: {Kabupaten.objects.count()} kabupaten/kota, "
            f"{IndicatorTarget.objects.count():,} targets, {ActualValue.objects.count():,} actual values; "
            f"year {year}"
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(admin)
        rows = []

        def page(label, url, budget):
            timings, queries = [], 0
            for _ in range(repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append(time.perf_counter() - start)
                queries = len(ctx.captured_queries)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
            rows.append((label, statistics.median(timings), budget, f"{queries} queries"))

        def report(label, kind, budget, repeat_report=repeat, **fields):
            timings, pages = [], 0
            for _ in range(repeat_report):
                start = time.perf_counter()
                instance = Report(kind=kind, title=label, requested_by=admin, **fields)
                with translation.override("id"):
                    built = documents.BUILDERS[kind](instance, timezone.localdate(), lambda p: None)
                    _pdf, pages = render_pdf(
                        built.template,
                        {
                            **built.context,
                            "report": instance,
                            "generated_at": timezone.localtime(),
                            "data_cutoff": timezone.localtime(),
                        },
                    )
                timings.append(time.perf_counter() - start)
            rows.append((label, statistics.median(timings), budget, f"{pages} pages"))

        query = f"?year={year}"
        page(
            "Province dashboard",
            reverse("reports:province-dashboard", args=[province]) + query,
            1.0,
        )
        page(
            "Kabupaten dashboard",
            reverse("reports:kabupaten-dashboard", args=[kabupaten]) + query,
            1.0,
        )
        if agency:
            page(
                "OPD dashboard",
                reverse("reports:opd-dashboard", args=[kabupaten, agency.pk]) + query,
                1.0,
            )
        page(
            "Follow-up tracker (province)",
            reverse("coaching:province-followup-list", args=[province]),
            1.0,
        )
        report(
            "Kabupaten report (PDF)",
            Report.Kind.KABUPATEN,
            1.5,
            kabupaten=kabupaten_obj,
            parameters={"year": year},
        )
        report(
            "Province summary (PDF)",
            Report.Kind.PROVINCE,
            3.0,
            repeat_report=max(1, repeat // 2),
            province=province_obj,
            parameters={"year": year},
        )
        if national:
            report(
                "National summary (PDF)",
                Report.Kind.NATIONAL,
                60.0,
                repeat_report=1,
                parameters={"year": year},
            )

        if import_rows:
            rows.append(self.measure_import(kabupaten_obj, admin, import_rows))

        self.stdout.write(f"\n{'measurement':<32}{'median':>10}{'budget':>10}  {'':<8}detail")
        for label, seconds, budget, detail in rows:
            verdict = "ok" if seconds <= budget else "OVER"
            self.stdout.write(f"{label:<32}{seconds:>9.3f}s{budget:>9.1f}s  {verdict:<8}{detail}")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"\nPeak memory of this process: {peak_mb:.0f} MB")

    def measure_import(self, kabupaten, actor, count):
        """Dry run plus confirm of a `count`-row workbook, inside a transaction rolled back after."""
        import io
        import tracemalloc
        from decimal import Decimal

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import transaction
        from openpyxl import Workbook

        from programs import spreadsheets
        from programs.models import Indicator

        # A year no real data uses, long past: values for periods not yet started are refused.
        year = 2000
        with transaction.atomic():
            agency = kabupaten.agencies.first()
            indicators = Indicator.objects.bulk_create(
                Indicator(
                    code=f"BENCH-{n:05d}",
                    name=f"Benchmark {n}",
                    sector="air_limbah",
                    unit="%",
                    measure="percent",
                    frequency="quarterly",
                    sort_order=30000 + n % 1000,
                )
                for n in range((count + 3) // 4)
            )
            IndicatorTarget.objects.bulk_create(
                IndicatorTarget(
                    kabupaten=kabupaten,
                    indicator=i,
                    year=year,
                    baseline=Decimal(10),
                    target=Decimal(50),
                    responsible_agency=agency,
                )
                for i in indicators
            )
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet()
            sheet.append(spreadsheets.VALUE_HEADERS)
            written = 0
            for indicator in indicators:
                for period in range(1, 5):
                    if written < count:
                        sheet.append(
                            [
                                kabupaten.code,
                                indicator.code,
                                "",
                                "",
                                "",
                                year,
                                period,
                                "",
                                50,
                                round(10 + period * 7.5, 1),
                                "",
                                "",
                            ]
                        )
                        written += 1
            buffer = io.BytesIO()
            workbook.save(buffer)
            upload = SimpleUploadedFile("bench.xlsx", buffer.getvalue())

            def run():
                sheet_data = spreadsheets.read_upload(
                    upload, required=spreadsheets.VALUE_REQUIRED, known=spreadsheets.VALUE_HEADERS
                )
                preview = spreadsheets.import_values(
                    sheet=sheet_data, kabupaten=kabupaten, year=year, actor=actor, confirm=False
                )
                with transaction.atomic():
                    applied = spreadsheets.import_values(
                        sheet=sheet_data, kabupaten=kabupaten, year=year, actor=actor, confirm=True
                    )
                    transaction.set_rollback(True)  # so that the memory pass imports the same rows
                return preview, applied

            start = time.perf_counter()
            preview, applied = run()
            seconds = time.perf_counter() - start
            # A second pass under tracemalloc, which slows Python down too much to time it.
            upload.seek(0)
            tracemalloc.start()
            run()
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            transaction.set_rollback(True)
        detail = (
            f"{written} rows, {preview.totals['new']} new in the preview, "
            f"{applied.totals['new']} applied; peak Python memory {peak / 1024 / 1024:.0f} MB "
            "(budget 300 MB)"
        )
        return (f"Import {written} rows", seconds, 15.0, detail)
