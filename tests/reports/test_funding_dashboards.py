"""Funding on the dashboards and in the PDFs: the figures, summed here line by line, are the
ones the pages and reports print; the number of queries does not grow with the data."""

import re
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.models import QuickWin
from programs.models import IndicatorTarget, Kabupaten, PolicyPackage
from reports import documents
from reports.models import Report
from tests.funding import make_line, sources
from tests.reports.test_pdf_reports import pdf_text

# (package number or None for a quick win, source code, pagu, realisasi, status, note)
SERUYAN_2025 = [
    (1, "apbd-kabupaten", "2500000000", "1000000000", "budgeted", ""),
    (1, "dak", "1750000000.50", "1750000000.50", "realised", ""),
    (1, "apbn", "3000000000", "0", "planned", ""),
    (2, "dana-desa", "450000000", "300000000", "budgeted", ""),
    (2, "csr", "125000000", "130000000", "realised", "Tambahan dari mitra CSR"),
    (2, "apbd-kabupaten", "800000000", "200000000", "budgeted", ""),
    (None, "dana-desa", "75000000", "75000000", "realised", ""),
]


def in_full(amount: Decimal) -> str:
    """Rp 1.234.567.890(,50), written here without the portal's own formatter."""
    whole, sen = divmod(amount.quantize(Decimal("0.01")), 1)
    text = "Rp " + f"{int(whole):,}".replace(",", ".")
    return text + (f",{int(sen * 100):02d}" if sen else "")


def in_short(amount: Decimal) -> str:
    """Rp 8,7 miliar: an amount of miliar for a summary, rounded to the sen of a miliar."""
    scaled = (amount / 10**9).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return f"Rp {scaled:f} miliar".replace(".", ",")


def percent(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def table(page: str, css_class: str) -> str:
    start = page.index(css_class)
    return text_of(page[start : page.index("</table>", start)])


@pytest.fixture
def seruyan_funding(world):
    """Seruyan Barasih's two packages funded for 2025 (and a line of 2026 that must not count)."""
    package_2 = PolicyPackage.objects.create(
        programme=world.barasih, number=2, title="Pengelolaan persampahan", sectors=["persampahan"]
    )
    packages = {1: world.package_1, 2: package_2}
    quick_win = QuickWin.objects.create(
        kabupaten=world.seruyan,
        agency=world.seruyan_pupr,
        title="Jamban sehat percontohan",
        target_date=date(2025, 11, 30),
        created_by=world.users["seruyan"],
    )
    for number, source, pagu, realisasi, status, note in SERUYAN_2025:
        make_line(
            world,
            subject=packages[number] if number else quick_win,
            agency=world.seruyan_pupr,
            source=source,
            pagu=pagu,
            realisasi=realisasi,
            status=status,
            note=note,
        )
    make_line(world, subject=world.package_1, agency=world.seruyan_pupr, year=2026, pagu="9")
    IndicatorTarget.objects.create(
        kabupaten=world.seruyan,
        indicator=world.indicators["AL-01"],
        year=2025,
        baseline=Decimal(70),
        target=Decimal(80),
        responsible_agency=world.seruyan_pupr,
        policy_package=world.package_1,
    )
    return packages


def expected():
    """The sums the pages must show, added up here from the lines themselves."""
    by_source = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    by_package = defaultdict(lambda: [Decimal(0), Decimal(0)])
    total = [Decimal(0), Decimal(0)]
    names = {code: source.name for code, source in sources().items()}
    for number, source, pagu, realisasi, _status, _note in SERUYAN_2025:
        for bucket in (by_source[names[source]], by_package[number], total):
            bucket[0] += Decimal(pagu)
            bucket[1] += Decimal(realisasi)
        by_source[names[source]][2] += 1
    return by_source, by_package, total


class KabupatenFundingTests:
    def test_the_dashboard_shows_funding_by_source_and_by_package(
        self, client_for, world, seruyan_funding
    ):
        url = reverse("reports:kabupaten-dashboard", kwargs={"code": "62.07"}) + "?year=2025"
        page = client_for("seruyan").get(url).content.decode()
        by_source, by_package, total = expected()

        sources_table = table(page, "funding-sources")
        for name, (pagu, realisasi, lines) in by_source.items():
            cells = f"{name} {lines} {in_full(pagu)} {in_full(realisasi)}"
            assert cells in sources_table, name
            assert f"{cells} {percent(realisasi, pagu)}" in sources_table
        assert f"Total 7 {in_full(total[0])} {in_full(total[1])}" in sources_table
        assert "Rp 9 " not in sources_table  # the 2026 line

        packages_table = table(page, "package-table")
        pagu, realisasi = by_package[1]
        # Beside package 1's funding: its one indicator and its progress.
        assert (
            f"Paket Kebijakan 1: Air minum dan sanitasi aman 1 Sesuai jalur: 0 Berisiko: 0 "
            f"Tidak sesuai jalur: 0 Belum ada data: 1 – "
            f"{in_full(pagu)} {in_full(realisasi)} {percent(realisasi, pagu)}"
        ) in packages_table
        pagu, realisasi = by_package[2]
        assert (
            f"Paket Kebijakan 2: Pengelolaan persampahan 0 – – "
            f"{in_full(pagu)} {in_full(realisasi)} {percent(realisasi, pagu)}"
        ) in packages_table
        pagu, realisasi = by_package[None]
        assert f"RTL dan quick win – – – {in_full(pagu)} {in_full(realisasi)}" in packages_table
        assert in_short(total[0]) in page  # the year's pagu, rounded for the summary line

    def test_a_kabupaten_without_funding_says_so(self, client_for, world):
        url = reverse("reports:kabupaten-dashboard", kwargs={"code": "62.03"}) + "?year=2025"
        page = client_for("kapuas").get(url).content.decode()
        assert "Belum ada baris pendanaan untuk tahun ini." in page

    def test_the_progress_report_prints_the_same_figures(self, client_for, world, seruyan_funding):
        client_for("seruyan").post(
            reverse("reports:kabupaten-report", kwargs={"code": "62.07"}), {"year": "2025"}
        )
        text = pdf_text(Report.objects.latest("id"))
        by_source, by_package, total = expected()
        assert (
            f"Pendanaan 2025: pagu {in_short(total[0])}, realisasi {in_short(total[1])} "
            f"({percent(total[1], total[0])})"
        ) in text
        for name, (pagu, realisasi, lines) in by_source.items():
            assert f"{name} {lines} {in_full(pagu)} {in_full(realisasi)}" in text
        assert f"Total 7 {in_full(total[0])} {in_full(total[1])} {percent(total[1], total[0])}" in (
            text
        )
        pagu, realisasi = by_package[2]
        assert (
            f"Paket Kebijakan 2: Pengelolaan persampahan 0 – {in_full(pagu)} {in_full(realisasi)}"
        ) in text


class ProvinceFundingTests:
    KAPUAS_2025 = [("apbd-kabupaten", "640000000", "320000000"), ("dak", "360000000", "0")]

    def kapuas_lines(self, world) -> tuple[Decimal, Decimal]:
        """Two lines of Kapuas; their pagu and realisasi added up."""
        for source, pagu, realisasi in self.KAPUAS_2025:
            make_line(world, source=source, pagu=pagu, realisasi=realisasi)
        return (
            sum(Decimal(pagu) for _s, pagu, _r in self.KAPUAS_2025),
            sum(Decimal(realisasi) for _s, _p, realisasi in self.KAPUAS_2025),
        )

    def test_the_dashboard_adds_funding_per_kabupaten_and_the_province_by_source(
        self, client_for, world, seruyan_funding
    ):
        kapuas = self.kapuas_lines(world)
        url = reverse("reports:province-dashboard", kwargs={"code": "62"}) + "?year=2025"
        response = client_for("province").get(url)
        page = response.content.decode()
        by_source, _packages, total = expected()
        title = re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1)
        assert title.strip() == "Dasbor · Kalimantan Tengah · Portal PPSP"
        rows = {row.kabupaten.code: row for row in response.context["rows"]}
        assert (rows["62.07"].funding.pagu, rows["62.07"].funding.realisasi) == tuple(total)
        assert rows["62.03"].funding.pagu == kapuas[0]
        matrix = table(page, "province-matrix")
        for pagu, realisasi in (kapuas, total):
            assert f"{in_short(pagu)} {percent(realisasi, pagu)} terealisasi" in matrix
        assert "Kabupaten Kapuas" in matrix

        province_sources = table(page, "funding-sources")
        apbd, dak = by_source["APBD Kabupaten/Kota"], by_source["DAK"]
        assert f"APBD Kabupaten/Kota 3 {in_full(apbd[0] + Decimal('640000000'))}" in (
            province_sources
        )
        assert f"DAK 2 {in_full(dak[0] + Decimal('360000000'))}" in province_sources
        assert f"Total 9 {in_full(total[0] + kapuas[0])}" in province_sources

    def test_kabupaten_rank_by_their_funding(self, client_for, world, seruyan_funding):
        self.kapuas_lines(world)
        url = reverse("reports:province-dashboard", kwargs={"code": "62"})
        response = client_for("province").get(url + "?year=2025&sort=pagu&dir=desc")
        assert [r.kabupaten.code for r in response.context["rows"]] == ["62.07", "62.03"]
        response = client_for("province").get(url + "?year=2025&sort=pagu")
        assert [r.kabupaten.code for r in response.context["rows"]] == ["62.03", "62.07"]

    def test_the_province_summary_prints_the_same_figures(self, world, seruyan_funding):
        kapuas = self.kapuas_lines(world)
        report = Report.objects.create(
            kind=Report.Kind.PROVINCE,
            title="Ringkasan PPSP Provinsi Kalimantan Tengah 2025",
            province=world.kalteng,
            parameters={"year": 2025},
            requested_by=world.users["province"],
        )
        text = pdf_text(documents.generate(report))
        _by_source, _packages, total = expected()
        assert "Pendanaan 2025 provinsi per sumber" in text
        assert f"Total 9 {in_full(total[0] + kapuas[0])}" in text
        for pagu, realisasi in (total, kapuas):
            assert f"{in_short(pagu)} {percent(realisasi, pagu)}" in text
        # Seruyan's own page of the summary: its funding by source.
        assert f"Total 7 {in_full(total[0])} {in_full(total[1])}" in text


def dashboard_queries(client, url) -> int:
    client.get(url)  # a first request fills the process's caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow_funding(world, packages: int, lines_per_package: int, regencies: int) -> None:
    """More packages with lines of every source in Seruyan, and more funded kabupaten."""
    first = world.barasih.packages.count() + 1
    for number in range(first, first + packages):
        package = PolicyPackage.objects.create(
            programme=world.barasih, number=number, title=f"Paket uji {number}"
        )
        for n in range(lines_per_package):
            source = list(sources())[n % 9]
            make_line(
                world,
                subject=package,
                agency=world.seruyan_pupr,
                source=source,
                reference=f"{number}.{n}",
                pagu=str(1000000 * (n + 1)),
            )
    first = Kabupaten.objects.count()
    for n in range(first, first + regencies):
        kabupaten = Kabupaten.objects.create(
            province=world.kalteng, code=f"62.{40 + n}", name=f"Uji {n}", kind="kabupaten"
        )
        agency = kabupaten.agencies.create(abbreviation="DLH", name="DLH")
        quick_win = QuickWin.objects.create(
            kabupaten=kabupaten,
            agency=agency,
            title="Bank sampah",  # funded from a quick win: no package
            target_date=date(2025, 12, 1),
            created_by=world.users["admin"],
        )
        make_line(world, subject=quick_win, agency=agency, source="csr", pagu="1000")


class FundingQueryCountTests:
    def test_they_stay_fixed_as_funding_grows(self, client_for, world, seruyan_funding):
        client = client_for("admin")
        urls = [
            reverse("reports:kabupaten-dashboard", kwargs={"code": "62.07"}) + "?year=2025",
            reverse("reports:province-dashboard", kwargs={"code": "62"}) + "?year=2025",
        ]
        grow_funding(world, packages=1, lines_per_package=2, regencies=1)
        small = [dashboard_queries(client, url) for url in urls]
        grow_funding(world, packages=4, lines_per_package=12, regencies=6)
        large = [dashboard_queries(client, url) for url in urls]
        assert small == large == [9, 10]


class FundingSelectorTests:
    """One grouped query each, however many lines, packages and kabupaten there are."""

    def test_each_selector_is_one_query_at_any_size(
        self, world, seruyan_funding, django_assert_num_queries
    ):
        from reports.funding import kabupaten_funding, province_funding

        sizes = []
        for packages, lines, regencies in ((1, 2, 1), (5, 18, 8)):
            grow_funding(world, packages, lines, regencies)
            with django_assert_num_queries(1):
                kabupaten = kabupaten_funding(kabupaten=world.seruyan, year=2025)
            with django_assert_num_queries(1):
                province = province_funding(province=world.kalteng, year=2025)
            sizes.append((kabupaten.total.lines, len(province.by_kabupaten)))
        assert sizes[1][0] > sizes[0][0] and sizes[1][1] > sizes[0][1]
