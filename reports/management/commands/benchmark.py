"""Measure pages, reports, the import and a load run against their budgets; print one table.

Asserts nothing. On a database without accounts it loads the demo data first; with --national
it loads the synthetic national data set (`seed_national`) unless one is there. `./portal bench`
gives it a database of its own (see the README); the figures are the issue's budgets, beside
what this machine does today.
"""

import io
import os
import resource
import statistics
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from ppsp_portal import collector
from programs import synthetic
from programs.models import ActualValue, Indicator, IndicatorTarget, Kabupaten, Membership
from reports.bench import pages, people, server
from reports.bench.table import Row, render, seconds
from reports.models import Report

Role = Membership.Role
# The national data set the figures were measured on: 66 indicators in every
# kabupaten/kota, values for every period of 2025–2029 that ended before the plan's last day.
NATIONAL = {"indicators": 66, "as_of": date(2029, 12, 31)}
PAGE_BUDGETS = {"kabupaten dashboard": 4, "province dashboard": 8, "public page": 2}
IMPORT_BUDGET = 5.0
LOGIN_P95_BUDGET = 1.0
BROWSING_P95_BUDGET = 0.3


def forget_public_pages() -> None:
    """Empty this process's cache of public pages, as a change of what they show would."""
    from django.core.cache import caches

    from reports.public import publication

    caches[publication.CACHE_ALIAS].clear()
    publication._latest.clear()


def province_pdf_budget(kabupaten_count: int) -> float:
    """Two seconds for a province the size of Kalimantan Tengah (14), five for Jawa Timur (38)."""
    return 2.0 if kabupaten_count <= 14 else 5.0


def slowest_page(browsing: dict) -> str:
    """The page with the highest p95 of the browsing phase, which says where its tail is."""
    timed = [(f["p95"], name) for name, f in browsing.get("pages", {}).items() if f["p95"]]
    if not timed:
        return ""
    p95, name = max(timed)
    return f"; slowest: {name} (p95 {seconds(p95)})"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Time the pages (against a logged-in page that renders only the base template), the "
        "PDF reports, the spreadsheet import and a load run (login storm, then browsing and "
        "draft saves against the production server) and print them beside their budgets. "
        "--national measures the synthetic national data set (loaded with seed_national if "
        "missing). Asserts nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="runs per page and PDF (median)")
        parser.add_argument("--kabupaten", help="kabupaten code to measure (default: Kapuas)")
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            help="province code to measure (repeatable; default: the kabupaten's and the one "
            "with most kabupaten/kota with data)",
        )
        parser.add_argument("--national", action="store_true", help="measure the national data set")
        parser.add_argument(
            "--import-rows", type=int, default=10_000, help="rows of the import (0 to skip)"
        )
        parser.add_argument(
            "--load-users", type=int, default=50, help="people in the load run (0 to skip)"
        )
        parser.add_argument(
            "--load-seconds", type=int, default=30, help="seconds of browsing in the load run"
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="prove it works: 1 run each, 100 import rows, 5 people for 5 seconds",
        )

    def handle(self, *args, **options):
        if options["quick"]:
            options.update(repeat=1, import_rows=100, load_users=5, load_seconds=5)
        self.ensure_data(national=options["national"])
        subjects = pages.choose_subjects(options["kabupaten"], options["province"])
        if subjects is None:
            raise CommandError("No kabupaten/kota has targets: there is nothing to measure.")
        self.stdout.write(self.describe_data(subjects))
        load_before = os.getloadavg()[0]
        # As a web worker runs (ppsp_portal/gunicorn_config.py): what is loaded so far frozen.
        collector.freeze_at_start()
        rows = self.measure_pages(subjects, options["repeat"])
        rows += self.measure_pdfs(subjects, options["repeat"])
        if options["import_rows"]:
            rows.append(self.measure_import(subjects, options["import_rows"]))
        if options["load_users"]:
            rows += self.measure_load(subjects, options["load_users"], options["load_seconds"])
        self.stdout.write("")
        self.stdout.write(render(rows))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"\nPages: median of {options['repeat']} requests inside this process (server time, "
            "no network); × floor: that time over the floor requests made between them. "
            "PDFs: median of "
            f"{options['repeat']} builds (fewer for summaries). Peak memory of this process: "
            f"{peak:.0f} MB. Machine: {os.cpu_count()} CPUs, load average {load_before:.1f} "
            f"before and {os.getloadavg()[0]:.1f} after (other work on the machine slows every "
            "figure). Budgets from issues 14 and 15; nothing is asserted."
        )

    def ensure_data(self, *, national: bool) -> None:
        quiet = {"stdout": io.StringIO()}
        if national:
            if not synthetic.synthetic_counts()["accounts"]:
                self.stdout.write("Loading the national data set (seed_national, 1–3 minutes)…")
                call_command("seed_national", **NATIONAL, **quiet)
        elif not get_user_model().objects.exists():
            self.stdout.write("Loading the demo data (seed_demo)…")
            call_command("load_reference_data", **quiet)
            call_command("seed_demo", **quiet)

    def describe_data(self, subjects: pages.Subjects) -> str:
        filled = Kabupaten.objects.filter(targets__isnull=False).distinct().count()
        indicators = Indicator.objects.filter(targets__kabupaten=subjects.kabupaten).distinct()
        kind = "synthetic national data set" if synthetic.synthetic_counts()["accounts"] else ""
        return (
            f"Data{f' ({kind})' if kind else ''}: {filled} kabupaten/kota with targets, "
            f"{IndicatorTarget.objects.count():,} targets, "
            f"{ActualValue.objects.count():,} actual values, "
            f"{indicators.count()} indicators in {subjects.kabupaten.full_name}; year {subjects.year}"
        )

    def measure_pages(self, subjects: pages.Subjects, repeat: int) -> list[Row]:
        kabupaten, year = subjects.kabupaten, subjects.year
        query = f"?year={year}"
        staff = pages.viewer(role=Role.BAPPERIDA_STAFF, kabupaten=kabupaten)
        if staff is None:
            raise CommandError("No account can open the pages: run seed_demo or seed_national.")
        # The floor: a logged-in page that renders the base template and nothing of its own
        # (Django's "password changed" page), so that it holds exactly what every page pays
        # before its own work: session, user, membership, navigation and the layout.
        floor_url = reverse("password_change_done")
        timer = pages.PageTimer(repeat, floor_user=staff, floor_url=floor_url)
        rows = []

        def page(
            label: str, user, url: str, budget_key: str | None = None, *, before=None, how=""
        ) -> None:
            median, queries, floor = timer.time(user, url, before=before)
            budget = PAGE_BUDGETS.get(budget_key or "")
            rows.append(
                Row(
                    label,
                    seconds(median),
                    str(queries),
                    f"{median / floor:.1f}×",
                    f"≤ {budget}× floor" if budget else "",
                    how or f"as {user.username}",
                )
            )

        indicators = IndicatorTarget.objects.filter(kabupaten=kabupaten, year=year).count()
        page(
            f"kabupaten dashboard: {kabupaten.name}, {indicators} indicators",
            staff,
            reverse("reports:kabupaten-dashboard", args=[kabupaten.code]) + query,
            "kabupaten dashboard",
        )
        if subjects.agency:
            head = pages.viewer(role=Role.AGENCY_HEAD, agency=subjects.agency) or staff
            page(
                f"OPD dashboard: {subjects.agency.abbreviation} {kabupaten.name}",
                head,
                reverse("reports:opd-dashboard", args=[kabupaten.code, subjects.agency.pk]) + query,
            )
        for province in subjects.provinces:
            size = province.kabupaten_set.count()
            page(
                f"province dashboard: {province.name}, {size} kabupaten/kota",
                pages.viewer(role=Role.PROVINCE_STAFF, province=province),
                reverse("reports:province-dashboard", args=[province.code]) + query,
                "province dashboard",
            )
        largest = subjects.provinces[-1]
        page(
            f"follow-up tracker: {largest.name}",
            pages.viewer(role=Role.PROVINCE_STAFF, province=largest),
            reverse("coaching:province-followup-list", args=[largest.code]),
        )
        # The public section, as anybody reads it (no login): from the cache, and computed
        # afresh as after a change the public pages show (a value verified, funding saved).
        public = f"?tahun={year}"
        cached = "anonymous, from the cache"
        page(
            "public national page",
            None,
            reverse("public:national") + public,
            "public page",
            how=cached,
        )
        for province in subjects.provinces:
            page(
                f"public province page: {province.name}",
                None,
                reverse("public:province", args=[province.code]) + public,
                "public page",
                how=cached,
            )
        kabupaten_url = reverse("public:kabupaten", args=[kabupaten.code]) + public
        page(
            f"public kabupaten page: {kabupaten.name}",
            None,
            kabupaten_url,
            "public page",
            how=cached,
        )
        page(
            f"public kabupaten page: {kabupaten.name}, afresh",
            None,
            kabupaten_url,
            before=forget_public_pages,
            how="anonymous, computed afresh (after a change)",
        )
        page(
            f"public CSV: key indicators of {largest.name}",
            None,
            reverse("public:province-data", args=[largest.code, "indikator", "csv"]) + public,
            "public page",
            how=cached,
        )
        floor = Row(
            "floor: logged-in page, base template only",
            seconds(statistics.median(timer.floor_timings)),
            str(timer.request(staff, floor_url)[1]),  # counted warm, like the pages
            "1.0×",
            "",
            "the password-changed page, requested before each page request",
        )
        return [floor, *rows]

    def measure_pdfs(self, subjects: pages.Subjects, repeat: int) -> list[Row]:
        kabupaten, year = subjects.kabupaten, subjects.year
        user = pages.viewer(role=Role.BAPPERIDA_STAFF, kabupaten=kabupaten)
        rows = []

        def pdf(label: str, kind: str, budget: float, runs: int, **fields) -> None:
            median, cpu, page_count, queries = pages.time_pdf(kind, user, runs, **fields)
            rows.append(
                Row(
                    label,
                    seconds(median),
                    str(queries),
                    "",
                    f"≤ {budget:g} s",
                    f"{page_count} pages; CPU {seconds(cpu)}",
                )
            )

        pdf(
            f"kabupaten PDF: {kabupaten.name}",
            Report.Kind.KABUPATEN,
            1.5,
            repeat,
            kabupaten=kabupaten,
            parameters={"year": year},
        )
        for province in subjects.provinces:
            size = province.kabupaten_set.count()
            pdf(
                f"province PDF: {province.name}, {size} kabupaten/kota",
                Report.Kind.PROVINCE,
                province_pdf_budget(size),
                max(1, repeat // 2),
                province=province,
                parameters={"year": year},
            )
        pdf(
            "national summary PDF (background task)",
            Report.Kind.NATIONAL,
            30.0,
            1,
            parameters={"year": year},
        )
        return rows

    def measure_import(self, subjects: pages.Subjects, count: int) -> Row:
        actor = pages.viewer(role=Role.BAPPERIDA_STAFF, kabupaten=subjects.kabupaten)
        figures = pages.time_import(subjects.kabupaten, actor, count)
        return Row(
            f"import: {figures.rows:,} values, dry run + confirm",
            seconds(figures.seconds),
            f"{figures.queries:,}",
            "",
            f"≤ {IMPORT_BUDGET:g} s",
            f"CPU {seconds(figures.cpu_seconds)}; "
            f"{figures.queries / max(1, figures.rows):.1f} queries per row; peak Python memory "
            f"{figures.peak_mb:.0f} MB; {figures.new_in_preview:,} new in the preview, "
            f"{figures.applied:,} applied",
        )

    def measure_load(self, subjects: pages.Subjects, users: int, duration: int) -> list[Row]:
        chosen = people.choose_people(users, kabupaten=subjects.kabupaten)
        if not chosen:
            return [Row("load run", "–", detail="skipped: no demo or synthetic accounts")]
        accounts = len({p.membership.user_id for p in chosen})
        drafts = sum(1 for p in chosen if p.draft)
        with people.temporary_password(chosen) as password, server.production_server() as live:
            figures = server.run_load(live, chosen, password, duration)
        setup = f"gunicorn {live.workers} workers × {live.threads} threads"

        def row(label: str, result: dict, budget: float, extra: str) -> Row:
            messages = "; ".join(result["messages"])
            return Row(
                label,
                f"p95 {seconds(result['p95'])}",
                "",
                "",
                f"p95 ≤ {budget:g} s, 0 errors",
                f"{result['requests']:,} requests, {result['rps']:.1f}/s, "
                f"p50 {seconds(result['p50'])}, p99 {seconds(result['p99'])}, "
                f"max {seconds(result['max'])}, {plural(result['errors'], 'error')}; {extra}"
                + (f" [{messages}]" if messages else ""),
            )

        return [
            row(
                f"load: login storm, {len(chosen)} people at once",
                figures["login"],
                LOGIN_P95_BUDGET,
                f"{accounts} accounts, {setup}",
            ),
            row(
                f"load: browsing + draft saves, {len(chosen)} people, {duration} s",
                figures["browsing"],
                BROWSING_P95_BUDGET,
                f"{drafts} of them saving drafts{slowest_page(figures['browsing'])}",
            ),
        ]
