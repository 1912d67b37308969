"""The public pages come from a cache keyed by the publication version that PostgreSQL bumps
whenever something they show changes (migration reports/0004): a verified value, a confirmed
milestone or a funding change shows at once, whichever way it was written; a draft changes
nothing public and leaves the cache alone."""

import importlib
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching import services as coaching_services
from programs import services as program_services
from programs.funding import FundingEntry, funding_save
from programs.models import ActualValue, FundingLine
from reports.public.publication import read_version
from tests.funding import sources
from tests.public import seed_public
from tests.reports.test_public_pages import public_urls

FEEDS = importlib.import_module("reports.migrations.0004_publication_triggers").FEEDS


@pytest.fixture
def seeded(world):
    return seed_public(world)


def seruyan_page(client) -> str:
    return client.get(reverse("public:kabupaten", kwargs={"code": "62.07"})).content.decode()


class PublicCacheTests:
    def test_it_serves_a_second_request_from_the_cache(self, client, world, seeded):
        seruyan_page(client)
        with CaptureQueriesContext(connection) as queries:
            seruyan_page(client)
        assert len(queries) == 1, [q["sql"] for q in queries]  # the version, nothing else

    def test_a_verified_value_shows_at_once(self, client, world, seeded):
        assert "88,19" not in seruyan_page(client)
        program_services.value_verify(
            actor=world.users["seruyan"],
            value=seeded.submitted,
            expected_version=seeded.submitted.version,
        )
        assert "88,19" in seruyan_page(client)

    def test_a_confirmed_milestone_shows_at_once(self, client, world, seeded):
        before = seruyan_page(client)
        coaching_services.milestone_confirm(
            actor=world.users["province"],
            kabupaten=world.seruyan,
            milestone="M3",
            reached_on=date(2025, 11, 20),
        )
        after = seruyan_page(client)
        assert "20 November 2025" not in before
        assert "20 November 2025" in after

    def test_a_funding_change_shows_at_once(self, client, world, seeded):
        assert "Rp 2.000.000.000" in seruyan_page(client)
        lines = list(FundingLine.objects.filter(policy_package=world.package_1))
        entries = [
            FundingEntry(
                source=line.source,
                agency=line.agency,
                pagu=line.pagu,
                realisasi=line.realisasi,
                status=line.status,
                planning_reference=line.planning_reference,
                note=line.note,
                line_id=line.pk,
                expected_version=line.version,
            )
            for line in lines
        ]
        entries.append(
            FundingEntry(
                source=sources()["apbn"],
                agency=world.seruyan_pupr,
                pagu=Decimal("1000000000"),
                status="budgeted",
            )
        )
        funding_save(
            actor=world.users["seruyan"], subject=world.package_1, year=2025, entries=entries
        )
        assert "Rp 3.000.000.000" in seruyan_page(client)

    def test_a_change_made_outside_the_services_shows_too(self, client, world, seeded):
        # An administrator's or a script's write: the trigger, not the code, bumps the version.
        seruyan_page(client)
        ActualValue.objects.filter(pk=seeded.submitted.pk).update(
            status="verified",
            verified_by=world.users["seruyan"],
            verified_at=seeded.submitted.submitted_at,
        )
        assert "88,19" in seruyan_page(client)

    def test_a_draft_leaves_the_cache_alone(self, world, seeded):
        before = read_version()[0]
        program_services.value_save(
            actor=world.users["seruyan_pupr"],
            target=seeded.targets["PS-02"],
            period=2,
            value=Decimal("44"),
        )
        assert read_version()[0] == before

    def test_every_table_a_public_page_reads_bumps_the_version(self, client, world, seeded):
        """A table read by a public page without the triggers of migration 0004 could change
        under a cached page: the page would show an old figure."""
        from django.core.cache import caches

        from reports.public import publication

        caches["public"].clear()
        publication._latest.clear()
        with CaptureQueriesContext(connection) as queries:
            for url in public_urls(world):
                client.get(url)
        named = set()
        for query in queries:
            named |= set(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', query["sql"]))
        tables = named & set(connection.introspection.table_names())
        assert {"programs_actualvalue", "programs_fundingline", "coaching_evidence"} <= tables
        assert tables - set(FEEDS) == {"reports_publicationversion"}  # the version itself
