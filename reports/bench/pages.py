"""Pages, PDFs and the spreadsheet import, timed inside this process (server time only).

A page is measured as the person who uses it (province staff for the province dashboard,
Bapperida staff for the kabupaten one, the OPD head for the OPD one); a site administrator
stands in where the data have no such account.
"""

import io
import statistics
import time
import tracemalloc
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.test import Client
from django.utils import timezone, translation

from programs.models import Agency, Indicator, IndicatorTarget, Kabupaten, Membership, Province
from reports import documents
from reports.models import Report
from reports.pdf import render_pdf

Role = Membership.Role


class QueryCount:
    """Counts the queries run inside it (Django's query log stops at 9,000 entries)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self.wrapper = connection.execute_wrapper(self)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self.wrapper.__exit__(*exc)


@dataclass
class Subjects:
    """What the benchmark measures: one kabupaten, its busiest OPD, and the provinces."""

    kabupaten: Kabupaten
    agency: Agency | None
    provinces: list[Province]  # the kabupaten's, then the one with most kabupaten with data
    year: int


def choose_subjects(kabupaten_code: str | None, province_codes: list[str]) -> Subjects | None:
    with_data = Kabupaten.objects.filter(targets__isnull=False).distinct()
    if kabupaten_code:
        kabupaten = Kabupaten.objects.select_related("province").get(code=kabupaten_code)
    else:
        # Kapuas is the kabupaten the demo data and the measurements describe.
        kabupaten = (
            with_data.select_related("province").filter(code="62.03").first()
            or with_data.select_related("province").order_by("code").first()
        )
    if kabupaten is None:
        return None
    if province_codes:
        provinces = list(Province.objects.filter(code__in=province_codes).order_by("code"))
    else:
        largest = (
            Province.objects.annotate(
                filled=Count("kabupaten_set", filter=Q(kabupaten_set__in=with_data), distinct=True)
            )
            .order_by("-filled", "code")
            .first()
        )
        provinces = [kabupaten.province] + ([largest] if largest != kabupaten.province else [])
    # An OPD whose head has an account, so that its page is measured as its head sees it.
    heads = Membership.objects.filter(agency=OuterRef("pk"), user__is_active=True)
    agency = (
        Agency.objects.filter(kabupaten=kabupaten)
        .annotate(has_head=Exists(heads), owned=Count("targets"))
        .order_by("-has_head", "-owned", "abbreviation")
        .first()
    )
    year = (
        IndicatorTarget.objects.filter(kabupaten=kabupaten, year__lte=timezone.localdate().year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return Subjects(kabupaten, agency, provinces, year or timezone.localdate().year)


def viewer(**scope):
    """An active account with this membership (role=…, province=…, kabupaten=…, agency=…),
    or a site administrator when there is none."""
    found = (
        Membership.objects.filter(user__is_active=True, **scope)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if found:
        return found.user
    return get_user_model().objects.filter(is_superuser=True, is_active=True).first()


class PageTimer:
    """Times pages against the floor page, one floor request before each page request: on a
    shared machine the load drifts, and a ratio of two medians taken minutes apart drifts with
    it."""

    def __init__(self, repeat: int, *, floor_user, floor_url: str):
        self.repeat = repeat
        self.floor = (floor_user, floor_url)
        self.floor_timings: list[float] = []
        self.clients: dict[int, Client] = {}

    def client(self, user) -> Client:
        """A client signed in as `user`, or nobody's (the public section) for None."""
        key = user.pk if user is not None else None
        if key not in self.clients:
            client = Client(HTTP_HOST="127.0.0.1")
            if user is not None:
                client.force_login(user)
            self.clients[key] = client
        return self.clients[key]

    def request(self, user, url: str) -> tuple[float, int]:
        with QueryCount() as counted:
            start = time.perf_counter()
            response = self.client(user).get(url)
            seconds = time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code} for {user}")
        return seconds, counted.count

    def time(self, user, url: str, *, before=None) -> tuple[float, int, float]:
        """Median seconds of `repeat` requests (after a warm-up), the queries of one, and the
        median of the floor requests made between them. `before` runs ahead of each timed
        request, untimed (e.g. emptying a cache to time a page computed afresh)."""
        self.request(*self.floor)
        self.request(user, url)
        timings, floors, queries = [], [], 0
        for _ in range(self.repeat):
            floors.append(self.request(*self.floor)[0])
            if before is not None:
                before()
            seconds, queries = self.request(user, url)
            timings.append(seconds)
        self.floor_timings += floors
        return statistics.median(timings), queries, statistics.median(floors)


def time_pdf(kind: str, user, repeat: int, **fields) -> tuple[float, float, int, int]:
    """Median seconds to build and lay out a report, the median CPU seconds of this process
    for it (what other work on the machine inflates much less), its pages and its queries."""
    timings, cpu_timings, pages, queries = [], [], 0, 0
    for _ in range(repeat):
        report = Report(kind=kind, title=str(kind), requested_by=user, **fields)
        with translation.override("id"), QueryCount() as counted:
            start, cpu_start = time.perf_counter(), time.process_time()
            built = documents.BUILDERS[kind](report, timezone.localdate(), lambda percent: None)
            _pdf, pages = render_pdf(
                built.template,
                {
                    **built.context,
                    "report": report,
                    "generated_at": timezone.localtime(),
                    "data_cutoff": timezone.localtime(),
                },
            )
            timings.append(time.perf_counter() - start)
            cpu_timings.append(time.process_time() - cpu_start)
        queries = counted.count
    return statistics.median(timings), statistics.median(cpu_timings), pages, queries


@dataclass
class ImportFigures:
    rows: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    queries: int
    new_in_preview: int
    applied: int


def time_import(kabupaten: Kabupaten, actor, count: int) -> ImportFigures:
    """Dry run plus confirm of a `count`-row workbook of throwaway indicators, all rolled back."""
    from openpyxl import Workbook

    from programs import spreadsheets

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
                indicator=indicator,
                year=year,
                baseline=Decimal(10),
                target=Decimal(50),
                responsible_agency=agency,
            )
            for indicator in indicators
        )
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(spreadsheets.VALUE_HEADERS)
        written = 0
        for indicator in indicators:
            for period in range(1, 5):
                if written < count:
                    value = round(10 + period * 7.5, 1)
                    row = [kabupaten.code, indicator.code, "", "", "", year, period, "", 50, value]
                    sheet.append([*row, "", ""])
                    written += 1
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("bench.xlsx", buffer.getvalue())

        def run():
            upload.seek(0)
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
                transaction.set_rollback(True)  # so that the second pass imports the same rows
            return preview, applied

        start, cpu_start = time.perf_counter(), time.process_time()
        preview, applied = run()
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        # A second pass under tracemalloc (too slow to time) also counts the queries.
        tracemalloc.start()
        with QueryCount() as counted:
            run()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    return ImportFigures(
        rows=written,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        peak_mb=peak / 1024 / 1024,
        queries=counted.count,
        new_in_preview=preview.totals["new"],
        applied=applied.totals["new"],
    )
