"""The dashboards show the figures, explain their rule, and keep a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaching.models import ClinicSession, FollowUp
from programs.models import ActualValue, Agency, IndicatorTarget, Kabupaten
from reports.selectors import kabupaten_dashboards
from tests.funding import make_line, sources


def verified(world, target, period, value):
    return ActualValue.objects.create(
        target=target,
        period=period,
        value=Decimal(value),
        status="verified",
        entered_by=world.users["pupr"],
        verified_by=world.users["kapuas"],
        verified_at=timezone.now(),
    )


def grow(world, kabupaten_count: int, indicator_count: int, values_per_target: int):
    """More kabupaten, indicators, values, follow-ups and sessions in Kalimantan Tengah."""
    indicators = list(world.indicators.values())[:indicator_count]
    regencies = [world.kapuas, world.seruyan]
    for n in range(kabupaten_count - 2):
        regencies.append(
            Kabupaten.objects.create(
                province=world.kalteng, code=f"62.{20 + n}", name=f"Uji {n}", kind="kabupaten"
            )
        )
    for kabupaten in regencies:
        agency, _ = Agency.objects.get_or_create(
            kabupaten=kabupaten, abbreviation="Dinas PUPR", defaults={"name": "Dinas PUPR"}
        )
        session = ClinicSession.objects.create(
            level="kabupaten",
            kabupaten=kabupaten,
            province=world.kalteng,
            title="Rakor",
            date=date(2025, 3, 1),
            venue="Aula",
            created_by=world.users["kapuas"],
        )
        for indicator in indicators:
            target, _ = IndicatorTarget.objects.get_or_create(
                kabupaten=kabupaten,
                indicator=indicator,
                year=2025,
                defaults={
                    "baseline": Decimal(10),
                    "target": Decimal(20),
                    "responsible_agency": agency,
                },
            )
            for period in range(1, min(values_per_target, indicator.periods_per_year) + 1):
                if not ActualValue.objects.filter(target=target, period=period).exists():
                    verified(world, target, period, 15)
        follow_up = FollowUp.objects.create(
            kabupaten=kabupaten,
            session=session,
            owner=agency,
            action="RTL",
            due_date=date(2025, 4, 1),
            created_by=world.users["kapuas"],
        )
        for source in list(sources())[: 1 + indicator_count // 3]:
            make_line(world, subject=follow_up, agency=agency, source=source, pagu="5000000")


def queries(client, url) -> int:
    client.get(url)  # a first request fills the process's caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


class TestFigures:
    def test_the_kabupaten_dashboard_shows_verified_values_and_the_rule(self, client_for, world):
        verified(
            world,
            IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="PS-02"),
            2,  # period 1 holds DLH's draft
            "72.5",
        )
        page = (
            client_for("province")
            .get(reverse("reports:kabupaten-dashboard", kwargs={"code": "62.03"}) + "?year=2025")
            .content.decode()
        )
        assert "72,50" in page and "25%" in page  # (72.5 − 70) ÷ (80 − 70)
        assert "Cara menghitung kemajuan dan lampu status" in page
        assert "Jakstranas" in page  # the national reference of PS-02

    def test_the_province_dashboard_ranks_by_any_column(self, client_for, world):
        url = reverse("reports:province-dashboard", kwargs={"code": "62"})
        response = client_for("province").get(url + "?year=2025&sort=name&dir=desc")
        names = [row.kabupaten.name for row in response.context["rows"]]
        assert names == ["Seruyan", "Kapuas"]
        assert "Kabupaten Kalimantan Selatan" not in response.content.decode()

    def test_the_opd_dashboard_lists_the_opds_indicators_and_follow_ups(self, client_for, world):
        url = reverse(
            "reports:opd-dashboard", kwargs={"code": "62.03", "agency_pk": world.kapuas_pupr.pk}
        )
        page = client_for("pupr").get(url + "?year=2025").content.decode()
        assert "Akses sanitasi layak" in page and "Penanganan sampah" not in page
        assert "Memilih teknologi pengganti jamban apung" in page

    def test_each_kabupaten_lists_the_clinics_it_held_or_took_part_in_that_year(self, world):
        ClinicSession.objects.create(
            level="kabupaten",
            kabupaten=world.seruyan,
            province=world.kalteng,
            title="Rakor 2024",
            date=date(2024, 12, 31),
            venue="Aula",
            created_by=world.users["seruyan"],
        )
        kapuas, seruyan, banjar = kabupaten_dashboards(
            kabupaten=[world.kapuas, world.seruyan, world.banjar],
            year=2025,
            today=date(2025, 11, 1),
        )
        assert [s.pk for s in kapuas.sessions] == [
            world.kapuas_session.pk,
            world.province_session.pk,
        ]
        assert [s.pk for s in seruyan.sessions] == [world.province_session.pk]
        assert banjar.sessions == []


class TestQueryCounts:
    def test_they_stay_fixed_as_the_data_grows(self, client_for, world):
        client = client_for("admin")
        urls = [
            reverse("reports:province-dashboard", kwargs={"code": "62"}) + "?year=2025",
            reverse("reports:kabupaten-dashboard", kwargs={"code": "62.03"}) + "?year=2025",
            reverse(
                "reports:opd-dashboard", kwargs={"code": "62.03", "agency_pk": world.kapuas_pupr.pk}
            )
            + "?year=2025",
        ]
        grow(world, kabupaten_count=2, indicator_count=3, values_per_target=1)
        small = [queries(client, url) for url in urls]
        grow(world, kabupaten_count=8, indicator_count=12, values_per_target=4)
        FollowUp.objects.filter(kabupaten=world.kapuas).update(
            due_date=date.today() - timedelta(days=1)
        )
        large = [queries(client, url) for url in urls]
        assert small == large
        assert large == [10, 9, 7]
