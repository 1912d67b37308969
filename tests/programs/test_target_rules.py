"""The targets import's dry run (`targets_check`): it answers what a save would do with the
kabupaten/kota's stored targets, refuses what the save would refuse, and only reads."""

from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, transaction
from django.utils import translation

from programs import services
from programs.models import IndicatorTarget
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

    def test_it_only_reads(self, world):
        """A dry run locks no target: a large import's check holds nothing a grid save would
        wait for. PostgreSQL refuses row locks in a read-only transaction."""
        entries = [entry(world, "AL-01"), entry(world, "AL-03", target=Decimal(85))]
        with read_only():
            plan = services.targets_check(kabupaten=world.kapuas, entries=entries)
        assert plan.kinds == [services.SKIP, services.UPDATE]
