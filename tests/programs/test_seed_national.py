import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from coaching.models import ClinicSession, FollowUp, Participation
from programs import synthetic
from programs.models import ActualValue, Agency, Indicator, IndicatorTarget, Kabupaten
from programs.synthetic.bulk import Table

AS_OF = date(2026, 11, 25)


@pytest.fixture
def empty_db(db):
    """The shared cast may already be in the database: this test starts from nothing (the
    truncation is rolled back with the rest of the test)."""
    call_command("flush", interactive=False, verbosity=0)


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_national", stdout=out, **{"kabupaten": 3, "as_of": AS_OF, **options})
    return out.getvalue()


class TestSeedNational:
    def test_it_fills_the_first_kabupaten_with_a_full_season(self, empty_db):
        output = seed(indicators=20)

        loaded = list(Kabupaten.objects.filter(agencies__isnull=False).distinct())
        assert [k.code for k in loaded] == ["11.01", "11.02", "11.03"]
        for kabupaten in loaded:
            assert 8 <= kabupaten.agencies.count() <= 15
        assert Indicator.objects.filter(code__startswith="SYN-").count() == 2
        assert IndicatorTarget.objects.count() == 3 * 20 * 5
        assert set(IndicatorTarget.objects.values_list("year", flat=True)) == set(range(2025, 2030))
        statuses = set(ActualValue.objects.values_list("status", flat=True))
        assert statuses == {"draft", "submitted", "verified", "returned"}
        assert ActualValue.objects.filter(status="verified").count() > (
            ActualValue.objects.count() / 2
        )
        assert not ActualValue.objects.filter(verified_by=F("entered_by")).exists()
        assert ClinicSession.objects.filter(level="province").count() >= 3
        assert Participation.objects.exists()
        assert ClinicSession.objects.filter(level="kabupaten").exists()
        assert FollowUp.objects.filter(status__in=FollowUp.ACTIVE, due_date__lt=AS_OF).exists()
        assert "actual values" in output and "fingerprint" in output

    def test_it_gives_every_ended_period_one_value_and_open_periods_none(self, empty_db):
        seed(indicators=18)

        for target in IndicatorTarget.objects.select_related("indicator"):
            periods = set(target.actual_values.values_list("period", flat=True))
            per_year = target.indicator.periods_per_year
            if target.year == 2025:
                expected = set(range(1, per_year + 1))
            elif target.year == 2026:
                # As of 25 November 2026: quarters 1–3 and semester 1 have ended, the year not.
                expected = {1: set(), 2: {1}, 4: {1, 2, 3}}[per_year]
            else:
                expected = set()
            assert periods == expected, (target, periods)

    def test_it_makes_accounts_that_cannot_be_mistaken_or_used(self, empty_db):
        seed()

        users = get_user_model().objects.all()
        assert users.exists()
        for user in users:
            assert user.username.startswith("synthetic.")
            assert "(sintetis)" in user.first_name
            assert not user.has_usable_password()
            assert not user.is_staff and not user.is_superuser

    def test_it_loads_the_same_data_from_the_same_seed(self, empty_db):
        def load_and_fingerprint(seed_value: int) -> str:
            with transaction.atomic():
                seed(seed=seed_value)
                digest = synthetic.fingerprint()
                transaction.set_rollback(True)
            return digest

        first = load_and_fingerprint(7)
        assert load_and_fingerprint(7) == first
        assert load_and_fingerprint(8) != first

    def test_it_refuses_a_database_with_other_data(self, world):
        with pytest.raises(CommandError, match="demo or real data"):
            seed()
        assert not get_user_model().objects.filter(username__startswith="synthetic.").exists()

    def test_it_leaves_kabupaten_that_hold_data_alone_when_forced(self, empty_db):
        call_command("load_reference_data", stdout=io.StringIO())
        aceh_selatan = Kabupaten.objects.get(code="11.01")
        Agency.objects.create(kabupaten=aceh_selatan, name="Dinas PUPR", abbreviation="PUPR")

        output = seed(force=True)

        assert "Left alone: 1 kabupaten/kota" in output
        assert list(aceh_selatan.agencies.values_list("abbreviation", flat=True)) == ["PUPR"]
        assert not IndicatorTarget.objects.filter(kabupaten=aceh_selatan).exists()
        assert IndicatorTarget.objects.filter(kabupaten__code="11.02").exists()

    def test_it_loads_nothing_twice(self, empty_db):
        seed()
        before = ActualValue.objects.count()

        output = seed()

        assert "already holds a synthetic data set" in output
        assert ActualValue.objects.count() == before

    def test_it_leaves_the_planner_statistics_of_what_it_loaded(self, empty_db):
        seed(indicators=18)

        # ANALYZE counts the rows; without it the planner still sees the empty tables.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
                [[ActualValue._meta.db_table, IndicatorTarget._meta.db_table]],
            )
            estimated = dict(cursor.fetchall())
        assert estimated == {
            ActualValue._meta.db_table: ActualValue.objects.count(),
            IndicatorTarget._meta.db_table: IndicatorTarget.objects.count(),
        }


class TestCopyWriter:
    def test_it_fills_the_columns_it_is_not_given_from_the_model(self, empty_db):
        call_command("load_reference_data", stdout=io.StringIO())
        kabupaten = Kabupaten.objects.get(code="11.01")

        written = Table(Agency, ["kabupaten_id", "name", "abbreviation"], now=timezone.now()).write(
            [(kabupaten.pk, "Dinas Kesehatan", "Dinkes")]
        )

        assert written == 1
        agency = Agency.objects.get(kabupaten=kabupaten)
        assert (agency.kind, agency.head_name) == (Agency.Kind.OTHER, "")

    def test_it_refuses_to_guess_a_required_column(self):
        with pytest.raises(ImproperlyConfigured, match="Agency.kabupaten is required"):
            Table(Agency, ["name", "abbreviation"], now=timezone.now())
