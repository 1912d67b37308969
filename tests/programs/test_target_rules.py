"""The target services' rules the grid does not show by itself: the import's dry run
(`targets_check`) answers what a save would do with the kabupaten/kota's stored targets and only
reads; a save removes what it is told to, and keeps apart from whoever else writes."""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import translation

from programs import services
from programs.models import Agency, IndicatorTarget, PolicyPackage, Programme
from tests.history import actions, context, events
from tests.races import held_up, in_thread, wait_until_blocked
from tests.refusals import nothing_written


class Rollback(Exception):
    pass


@contextmanager
def read_only():
    """A savepoint in which PostgreSQL refuses every write and every row lock, rolled back."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL transaction_read_only = on")
            yield
            raise Rollback
    except Rollback:
        pass


def entry(world, code, year=2025, **changes):
    """Kapuas's `code` target as the world stores it, with the changes given."""
    fields = {
        "indicator": world.indicators[code],
        "year": year,
        "baseline": Decimal("70.00"),
        "target": Decimal("80.00"),
        "agency": {"AL-01": world.kapuas_pupr, "AL-03": world.kapuas_dinkes}.get(
            code, world.kapuas_pupr
        ),
        **changes,
    }
    return services.TargetEntry(**fields)


class TargetCheckTests:
    def test_it_compares_with_the_stored_targets_of_the_kabupaten(self, world):
        entries = [
            entry(world, "AL-01"),  # as stored
            entry(world, "AL-03", target=Decimal(85)),
            entry(world, "AL-02", year=2026),
        ]
        plan = services.targets_check(kabupaten=world.kapuas, entries=entries)
        assert plan.kinds == [services.SKIP, services.UPDATE, services.NEW]
        assert plan.problems == {}

    def test_it_refuses_to_remove_a_target_values_were_reported_against(self, world):
        """AL-01 2025 has the world's value; AL-03 2025 has none and may go."""
        entries = [
            entry(world, "AL-01", target=None),
            entry(world, "AL-03", target=None),
        ]
        with (
            nothing_written(world.kapuas_target, tables=(IndicatorTarget,)),
            translation.override("id"),
        ):
            plan = services.targets_check(kabupaten=world.kapuas, entries=entries)
        assert plan.kinds == [services.ERROR, services.DELETE]
        assert plan.problems == {
            0: {
                "target": "Target 2025 untuk AL-01 tidak dapat dihapus: sudah ada nilai "
                "realisasi yang dilaporkan."
            }
        }

    def test_it_judges_every_row_after_a_refused_or_removed_one(self, world):
        entries = [
            entry(world, "AL-02", year=1999),
            entry(world, "AL-02", year=2026, agency=None),
            entry(world, "AL-03", target=None),
            entry(world, "AL-02", year=2027),
        ]
        with translation.override("id"):
            plan = services.targets_check(kabupaten=world.kapuas, entries=entries)
        assert plan.kinds == [services.ERROR, services.ERROR, services.DELETE, services.NEW]
        assert plan.problems == {
            0: {"year": "1999 bukan tahun."},
            1: {"agency": "Pilih OPD penanggung jawab indikator ini."},
        }

    def test_it_takes_the_first_and_last_plan_years(self, world):
        entries = [entry(world, "AL-02", year=2000), entry(world, "AL-02", year=2100)]
        plan = services.targets_check(kabupaten=world.kapuas, entries=entries)
        assert (plan.kinds, plan.problems) == ([services.NEW, services.NEW], {})

    def test_it_reads_no_target_of_another_kabupaten(self, world):
        """Seruyan's AL-02 2026 target is Seruyan's: Kapuas's is still to be made."""
        IndicatorTarget.objects.create(
            kabupaten=world.seruyan,
            indicator=world.indicators["AL-02"],
            year=2026,
            baseline=Decimal("70.00"),
            target=Decimal("80.00"),
            responsible_agency=world.seruyan_pupr,
        )
        plan = services.targets_check(
            kabupaten=world.kapuas, entries=[entry(world, "AL-02", year=2026)]
        )
        assert plan.kinds == [services.NEW]

    def test_it_sees_a_change_of_the_opd_alone(self, world):
        moved = entry(world, "AL-01", agency=world.kapuas_dlh)
        plan = services.targets_check(kabupaten=world.kapuas, entries=[moved])
        assert plan.kinds == [services.UPDATE]

    def test_it_sees_an_unchanged_policy_package_as_unchanged(self, world):
        programme = Programme.objects.create(
            kabupaten=world.kapuas, name="Kapuas Bersih", start_year=2025, end_year=2029
        )
        package = PolicyPackage.objects.create(programme=programme, number=1, title="Air limbah")
        IndicatorTarget.objects.filter(pk=world.kapuas_target.pk).update(policy_package=package)
        plan = services.targets_check(
            kabupaten=world.kapuas, entries=[entry(world, "AL-01", policy_package=package)]
        )
        assert plan.kinds == [services.SKIP]

    def test_it_keeps_every_target_values_were_reported_against(self, world):
        """AL-01 and PS-02 2025 both carry one of the world's values."""
        entries = [entry(world, "AL-01", target=None), entry(world, "PS-02", target=None)]
        plan = services.targets_check(kabupaten=world.kapuas, entries=entries)
        assert plan.kinds == [services.ERROR, services.ERROR]

    def test_it_only_reads(self, world):
        """A dry run locks no target: a large import's check holds nothing a grid save would
        wait for. PostgreSQL refuses row locks in a read-only transaction."""
        entries = [entry(world, "AL-01"), entry(world, "AL-03", target=Decimal(85))]
        with read_only():
            plan = services.targets_check(kabupaten=world.kapuas, entries=entries)
        assert plan.kinds == [services.SKIP, services.UPDATE]


class TargetSaveTests:
    def test_it_removes_a_target_nothing_was_reported_against(self, world):
        al03 = IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-03")
        plan = services.targets_save(
            actor=world.users["kapuas"],
            kabupaten=world.kapuas,
            entries=[entry(world, "AL-03", target=None)],
        )
        assert plan.kinds == [services.DELETE]
        assert not IndicatorTarget.objects.filter(pk=al03.pk).exists()
        assert actions(al03)[-1] == "targets.save"
        assert events(IndicatorTarget, pgh_obj_id=al03.pk).last().pgh_label == "delete"

    def test_it_records_who_saved_the_targets(self, world):
        services.targets_save(
            actor=world.users["kapuas"],
            kabupaten=world.kapuas,
            entries=[entry(world, "AL-02", year=2026)],
        )
        made = IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-02")
        recorded = context(events(IndicatorTarget, pgh_obj_id=made.pk).last())
        assert (recorded["action"], recorded["user"]) == ("targets.save", world.users["kapuas"].pk)


@pytest.mark.django_db(transaction=True)
class TargetRaceTests:
    def test_it_holds_a_target_from_reading_to_writing(self, live_world):
        """A change made elsewhere (the admin) commits while a grid save of the version it
        showed is under way: the save waits, then sees the new version and reports the
        conflict instead of overwriting it."""
        target = live_world.kapuas_target
        with transaction.atomic():
            IndicatorTarget.objects.filter(pk=target.pk).update(target=Decimal(82))
            thread, outcome = in_thread(
                lambda: services.targets_save(
                    actor=live_world.users["kapuas"],
                    kabupaten=live_world.kapuas,
                    entries=[
                        entry(
                            live_world,
                            "AL-01",
                            target=Decimal(85),
                            expected_version=target.version,
                        )
                    ],
                )
            )
            wait_until_blocked(outcome["pid"])
        thread.join(timeout=60)
        assert isinstance(outcome.get("error"), services.EditConflict), outcome
        assert outcome["error"].current == [0]
        target.refresh_from_db()
        assert (target.target, target.version) == (Decimal(82), 2)

    def test_it_lets_the_kabupaten_gain_records_while_its_targets_are_saved(self, live_world):
        """The save keeps other target saves of the kabupaten/kota waiting, not everything
        that refers to it: an OPD added meanwhile is stored at once."""
        with transaction.atomic():
            services.targets_save(
                actor=live_world.users["kapuas"],
                kabupaten=live_world.kapuas,
                entries=[entry(live_world, "AL-02", year=2026)],
            )
            thread, outcome = in_thread(
                lambda: Agency.objects.create(
                    kabupaten=live_world.kapuas,
                    abbreviation="Disperkim",
                    name="Disperkim Kabupaten Kapuas",
                    kind=Agency.Kind.OTHER,
                )
            )
            waited = held_up(thread, outcome["pid"])
        thread.join(timeout=60)
        assert not waited
        assert "error" not in outcome, outcome
        assert Agency.objects.filter(kabupaten=live_world.kapuas, abbreviation="Disperkim").exists()

    def test_it_holds_up_no_value_of_a_target_it_does_not_save(self, live_world):
        """A save of AL-02's targets keeps AL-03's free: a first value reported against AL-03
        meanwhile is stored at once."""
        al03 = IndicatorTarget.objects.get(kabupaten=live_world.kapuas, indicator__code="AL-03")
        with transaction.atomic():
            services.targets_save(
                actor=live_world.users["kapuas"],
                kabupaten=live_world.kapuas,
                entries=[entry(live_world, "AL-02", year=2026)],
            )
            thread, outcome = in_thread(
                lambda: services.value_save(
                    actor=live_world.users["kapuas"], target=al03, period=1, value=Decimal(2)
                )
            )
            waited = held_up(thread, outcome["pid"])
        thread.join(timeout=60)
        assert not waited
        assert "error" not in outcome, outcome
