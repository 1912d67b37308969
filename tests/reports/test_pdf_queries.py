"""The reports make a fixed number of queries whatever the size of the region: the province
summary and the national summary build every kabupaten/kota's figures with one set of queries,
never a dashboard per kabupaten."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from coaching.models import FollowUp
from programs.models import MilestoneAchievement, Province
from reports import documents
from reports.models import Report
from tests.reports.test_dashboards import grow


def report_queries(world, kind: str, **fields) -> int:
    """The queries of building a report and writing its HTML (what WeasyPrint lays out)."""
    report = Report(kind=kind, title=kind, requested_by=world.users["admin"], **fields)
    with translation.override("id"), CaptureQueriesContext(connection) as captured:
        built = documents.BUILDERS[kind](report, timezone.localdate(), lambda percent: None)
        render_to_string(
            built.template,
            {
                **built.context,
                "report": report,
                "generated_at": timezone.localtime(),
                "data_cutoff": timezone.localtime(),
            },
        )
    return len(captured)


def add_milestones(world) -> None:
    for kabupaten in world.kalteng.kabupaten_set.all():
        MilestoneAchievement.objects.get_or_create(
            kabupaten=kabupaten, milestone="M1", defaults={"reached_on": date(2025, 2, 1)}
        )


@pytest.fixture
def sizes(world):
    """Query counts of a report at two sizes: 2 kabupaten/kota with 3 indicators, then 5 with
    12 indicators, more values, overdue follow-ups, milestones and another province with data."""

    def measure(kind: str, **fields) -> tuple[int, int]:
        grow(world, kabupaten_count=2, indicator_count=3, values_per_target=1)
        small = report_queries(world, kind, **fields)
        grow(world, kabupaten_count=5, indicator_count=12, values_per_target=4)
        add_milestones(world)
        FollowUp.objects.filter(kabupaten=world.kapuas).update(
            due_date=date.today() - timedelta(days=1)
        )
        other = Province.objects.create(code="64", name="Kalimantan Timur")
        world.banjar.province = other
        world.banjar.save()
        large = report_queries(world, kind, **fields)
        return small, large

    return measure


class TestReportQueryCounts:
    def test_the_province_summary_makes_a_fixed_number(self, world, sizes):
        small, large = sizes(
            Report.Kind.PROVINCE, province=world.kalteng, parameters={"year": 2025}
        )
        assert small == large == 9

    def test_the_national_summary_makes_a_fixed_number(self, world, sizes):
        small, large = sizes(Report.Kind.NATIONAL, parameters={"year": 2025})
        assert small == large == 6

    def test_the_kabupaten_report_makes_a_fixed_number(self, world, sizes):
        small, large = sizes(
            Report.Kind.KABUPATEN, kabupaten=world.kapuas, parameters={"year": 2025}
        )
        assert small == large == 6
