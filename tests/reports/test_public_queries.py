"""The public pages make a fixed number of queries whatever the size of the data: computed
afresh (a new version of the data) and from the cache (one query, the version)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.models import ClinicSession, Participation, QuickWin
from programs.models import (
    ActualValue,
    Agency,
    IndicatorTarget,
    Kabupaten,
    MilestoneAchievement,
    PolicyPackage,
    Programme,
)
from reports.public import publication
from tests.funding import make_line
from tests.public import seed_public

# Queries of a page computed afresh: the version, the publication state (settings, provinces,
# kabupaten/kota), then the page's own selector.
FRESH = {
    "public:national": 10,
    "public:province": 11,
    "public:kabupaten": 13,
    "public:national-data": 10,
    "public:province-data": 11,
    "public:kabupaten-data": 13,
    "public:dictionary": 4,
}
URLS = {
    "public:national": {},
    "public:province": {"code": "62"},
    "public:kabupaten": {"code": "62.07"},
    "public:national-data": {"table": "provinsi", "fmt": "csv"},
    "public:province-data": {"code": "62", "table": "indikator", "fmt": "json"},
    "public:kabupaten-data": {"code": "62.07", "table": "pendanaan", "fmt": "csv"},
    "public:dictionary": {},
}


def grow(world, count: int) -> None:
    """`count` more kabupaten/kota in Kalimantan Tengah with everything the pages show: targets
    and verified values, milestones, clinics, a public quick win and funded packages."""
    author = world.users["province"]
    clerk, checker = world.users["pupr"], world.users["kapuas"]
    for n in range(count):
        kabupaten = Kabupaten.objects.create(
            province=world.kalteng, code=f"62.{20 + n}", name=f"Uji {n}", kind="kabupaten"
        )
        agency = Agency.objects.create(
            kabupaten=kabupaten, abbreviation="DLH", name=f"DLH Uji {n}", kind="dlh"
        )
        programme = Programme.objects.create(
            kabupaten=kabupaten, name=f"Program {n}", start_year=2025, end_year=2029
        )
        package = PolicyPackage.objects.create(programme=programme, number=1, title="Sampah")
        for code in ("AL-01", "AL-03", "PS-02"):
            target = IndicatorTarget.objects.create(
                kabupaten=kabupaten,
                indicator=world.indicators[code],
                year=2025,
                baseline=Decimal(10),
                target=Decimal(50),
                responsible_agency=agency,
                policy_package=package,
            )
            ActualValue.objects.create(
                target=target,
                period=1,
                value=Decimal(30 + n),
                status="verified",
                entered_by=clerk,
                verified_by=checker,
                verified_at=world.kapuas_session.created_at,
            )
        MilestoneAchievement.objects.create(
            kabupaten=kabupaten, milestone="M1", reached_on=date(2025, 3, 1)
        )
        session = ClinicSession.objects.create(
            level="kabupaten",
            kabupaten=kabupaten,
            province=world.kalteng,
            title=f"Rakor {n}",
            date=date(2025, 6, 1),
            venue="Aula",
            created_by=author,
        )
        Participation.objects.create(session=world.province_session, kabupaten=kabupaten)
        QuickWin.objects.create(
            kabupaten=kabupaten,
            agency=agency,
            session=session,
            title=f"Quick win {n}",
            target_date=date(2025, 12, 1),
            is_public=True,
            created_by=author,
        )
        for source in ("apbd-kabupaten", "dak"):
            make_line(world, subject=package, agency=agency, source=source)


def fresh_queries(url: str) -> int:
    caches["public"].clear()
    publication._latest.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return len(queries)


def cached_queries(url: str) -> int:
    Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        Client().get(url)
    return len(queries)


@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("size", [0, 4])
def test_a_public_page_makes_the_same_queries_at_any_size(world, name, size):
    seed_public(world)
    grow(world, size)
    url = reverse(name, kwargs=URLS[name])
    assert fresh_queries(url) == FRESH[name]
    assert cached_queries(url) == 1
