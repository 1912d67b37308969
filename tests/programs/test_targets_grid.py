"""The targets grid: Bapperida staff set baselines and 2025–2029 targets of a sector at once."""

from decimal import Decimal

from programs.models import IndicatorTarget
from tests.history import events
from tests.programs.helpers import GRID, grid_form, row_prefix


class TargetsGridTests:
    def test_it_saves_a_baseline_and_five_yearly_targets_at_once(self, client_for, world):
        client = client_for("kapuas")
        form = grid_form(client)
        row = row_prefix(form, world.indicators["AL-02"])
        form |= {
            f"{row}-baseline": "11,5",
            f"{row}-agency": str(world.kapuas_pupr.pk),
            **{
                f"{row}-target_{year}": f"{15 + 3 * n},5"
                for n, year in enumerate(range(2025, 2030))
            },
        }
        response = client.post(GRID, form)

        assert response.status_code == 302
        targets = IndicatorTarget.objects.filter(
            kabupaten=world.kapuas, indicator=world.indicators["AL-02"]
        ).order_by("year")
        assert [(t.year, t.baseline, t.target) for t in targets] == [
            (2025, Decimal("11.5"), Decimal("15.5")),
            (2026, Decimal("11.5"), Decimal("18.5")),
            (2027, Decimal("11.5"), Decimal("21.5")),
            (2028, Decimal("11.5"), Decimal("24.5")),
            (2029, Decimal("11.5"), Decimal("27.5")),
        ]
        assert {t.responsible_agency for t in targets} == {world.kapuas_pupr}
        created = events(
            IndicatorTarget,
            pgh_label="insert",
            pgh_context__metadata__action="targets.save",
            kabupaten=world.kapuas,
        )
        assert created.count() == 5

    def test_it_changes_nothing_when_saved_unchanged(self, client_for, world):
        client = client_for("kapuas")
        before = list(IndicatorTarget.objects.values_list("pk", "baseline", "target", "year"))
        response = client.post(GRID, grid_form(client), follow=True)
        assert "0 perubahan" in response.content.decode()
        assert list(IndicatorTarget.objects.values_list("pk", "baseline", "target", "year")) == (
            before
        )
        assert not events(IndicatorTarget, pgh_context__isnull=False).exists()

    def test_it_explains_a_bad_number_keeps_it_and_writes_nothing(self, client_for, world):
        client = client_for("kapuas")
        form = grid_form(client)
        good = row_prefix(form, world.indicators["AL-02"])
        bad = row_prefix(form, world.indicators["AL-01"])
        form |= {
            f"{good}-baseline": "10",
            f"{good}-agency": str(world.kapuas_pupr.pk),
            f"{good}-target_2025": "20",
            f"{bad}-target_2026": "120",
        }
        before = IndicatorTarget.objects.count()
        response = client.post(GRID, form)

        assert response.status_code == 200
        page = response.content.decode()
        assert "Tidak ada yang disimpan." in page
        assert "Persentase harus di antara 0 dan 100." in page
        assert 'value="120"' in page  # what was typed stays in its cell
        assert 'value="20"' in page  # the good row keeps its input too
        assert IndicatorTarget.objects.count() == before  # not even the good row was saved

    def test_it_needs_the_responsible_opd_of_a_target(self, client_for, world):
        client = client_for("kapuas")
        form = grid_form(client)
        row = row_prefix(form, world.indicators["AL-02"])
        form |= {f"{row}-target_2025": "20"}
        page = client.post(GRID, form).content.decode()
        assert "Pilih OPD penanggung jawab indikator ini." in page
        assert not IndicatorTarget.objects.filter(indicator=world.indicators["AL-02"]).exists()

    def test_it_refuses_a_forged_opd_of_another_kabupaten(self, client_for, world):
        client = client_for("kapuas")
        form = grid_form(client)
        row = row_prefix(form, world.indicators["AL-02"])
        form |= {f"{row}-target_2025": "20", f"{row}-agency": str(world.seruyan_pupr.pk)}
        response = client.post(GRID, form)
        assert response.status_code == 200
        assert "Masukkan pilihan yang valid" in response.content.decode()
        assert not IndicatorTarget.objects.filter(indicator=world.indicators["AL-02"]).exists()

    def test_it_refuses_to_blank_a_target_with_reported_values(self, client_for, world):
        client = client_for("kapuas")
        form = grid_form(client)
        row = row_prefix(form, world.indicators["AL-01"])
        other = row_prefix(form, world.indicators["AL-02"])
        form |= {
            f"{row}-target_2025": "",  # world.kapuas_value reports against it
            f"{other}-agency": str(world.kapuas_pupr.pk),
            f"{other}-target_2025": "20",
        }
        page = client.post(GRID, form).content.decode()
        assert "tidak dapat dihapus" in page
        assert IndicatorTarget.objects.filter(pk=world.kapuas_target.pk).exists()
        # All or nothing: the other row's new target was rolled back with it.
        assert not IndicatorTarget.objects.filter(indicator=world.indicators["AL-02"]).exists()

    def test_it_shows_numbers_with_the_indicators_decimals_and_never_fewer_digits(
        self, client_for, world
    ):
        IndicatorTarget.objects.filter(pk=world.kapuas_target.pk).update(
            baseline=Decimal("70.1234")
        )
        form = grid_form(client_for("kapuas"))
        row = row_prefix(form, world.indicators["AL-01"])
        assert form[f"{row}-target_2025"] == "80,00"
        assert form[f"{row}-baseline"] == "70,1234"

    def test_it_is_forbidden_to_opd_heads(self, client_for, world):
        assert client_for("pupr").get(GRID).status_code == 403
