"""Targets from the side of what must not happen: the batch service behind the grid and the
import refuses each forbidden entry with its reason in Indonesian, and writes none of the
batch. The grid's own choices already keep most of these out of a page, so the service is
tried directly as the import and any script would call it."""

from decimal import Decimal

import pytest

from programs import services
from programs.models import IndicatorTarget, PolicyPackage, Programme
from tests.programs.helpers import GRID, grid_form, row_prefix
from tests.refusals import nothing_written, refusal


def entry(world, code="AL-02", year=2026, **changes):
    """A good new target of Kapuas, with one thing changed."""
    fields = {
        "indicator": world.indicators[code],
        "year": year,
        "target": Decimal(20),
        "baseline": Decimal(10),
        "agency": world.kapuas_pupr,
        **changes,
    }
    return services.TargetEntry(**fields)


def save_refused(world, *entries) -> dict:
    """Save a batch that must be refused; what it was told, entry by entry."""
    with refusal(world.kapuas_target, tables=(IndicatorTarget,), raises=services.Refused) as error:
        services.targets_save(
            actor=world.users["kapuas"], kabupaten=world.kapuas, entries=list(entries)
        )
    return error.value.problems


class TargetRefusalTests:
    @pytest.mark.parametrize("year", [1999, 2101])
    def test_it_refuses_a_year_outside_the_programme_range(self, world, year):
        assert save_refused(world, entry(world), entry(world, year=year)) == {
            1: {"year": f"{year} bukan tahun."}
        }

    def test_it_refuses_a_target_without_its_opd(self, world):
        assert save_refused(world, entry(world, agency=None)) == {
            0: {"agency": "Pilih OPD penanggung jawab indikator ini."}
        }

    def test_it_refuses_an_opd_of_another_kabupaten(self, world):
        assert save_refused(world, entry(world), entry(world, agency=world.seruyan_pupr)) == {
            1: {"agency": "OPD penanggung jawab harus milik kabupaten/kota tersebut."}
        }

    def test_it_refuses_a_policy_package_of_another_kabupaten(self, world):
        assert save_refused(world, entry(world, policy_package=world.package_1)) == {
            0: {"policy_package": "Paket kebijakan harus milik kabupaten/kota tersebut."}
        }

    def test_it_accepts_a_policy_package_of_its_own_kabupaten(self, world):
        """The other side of the rule above: Kapuas's own package is fine."""
        programme = Programme.objects.create(
            kabupaten=world.kapuas, name="Kapuas Bersih", start_year=2025, end_year=2029
        )
        package = PolicyPackage.objects.create(programme=programme, number=1, title="Air limbah")
        services.targets_save(
            actor=world.users["kapuas"],
            kabupaten=world.kapuas,
            entries=[entry(world, policy_package=package)],
        )
        assert (
            IndicatorTarget.objects.get(
                kabupaten=world.kapuas, indicator__code="AL-02"
            ).policy_package
            == package
        )

    @pytest.mark.parametrize(
        ("name", "typed", "message"),
        [
            ("target", Decimal(120), "Persentase harus di antara 0 dan 100."),
            ("baseline", Decimal(-1), "Nilai tidak boleh negatif."),
        ],
    )
    def test_it_refuses_a_number_the_indicator_cannot_hold(self, world, name, typed, message):
        assert save_refused(world, entry(world, **{name: typed})) == {0: {name: message}}

    def test_it_keeps_a_target_that_values_were_reported_against(self, world):
        """World's Dinas PUPR value reports against AL-01 2025: removing that target would
        orphan it."""
        removal = entry(world, code="AL-01", year=2025, target=None)
        assert save_refused(world, entry(world), removal) == {
            1: {
                "target": "Target 2025 untuk AL-01 tidak dapat dihapus: sudah ada nilai "
                "realisasi yang dilaporkan."
            }
        }

    def test_it_overwrites_no_target_changed_since_the_grid_was_opened(self, world):
        target = world.kapuas_target
        stale = entry(
            world,
            code="AL-01",
            year=2025,
            target=Decimal(85),
            expected_version=target.version - 1,
        )
        with refusal(target, tables=(IndicatorTarget,), raises=services.EditConflict) as conflict:
            services.targets_save(
                actor=world.users["kapuas"], kabupaten=world.kapuas, entries=[stale]
            )
        assert conflict.value.current == [0]

    def test_it_overwrites_nothing_from_a_stale_grid_page(self, client_for, world):
        """Through the page: the grid was opened, someone changed AL-01's target, the grid
        is saved. 409 with both versions, and the stored target stays the other person's."""
        client = client_for("kapuas")
        form = grid_form(client)
        IndicatorTarget.objects.filter(pk=world.kapuas_target.pk).update(target=Decimal(82))
        world.kapuas_target.refresh_from_db()
        row = row_prefix(form, world.indicators["AL-01"])
        form[f"{row}-target_2025"] = "85"
        with nothing_written(world.kapuas_target, tables=(IndicatorTarget,)):
            response = client.post(GRID, form)
        assert response.status_code == 409
        assert "Orang lain menyimpan data ini saat Anda sedang mengubahnya" in (
            response.content.decode()
        )
