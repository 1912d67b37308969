"""Numbers people see and type: with the indicator's decimals, the Indonesian way (81,5), and
read back whichever way they were typed (81,5 or 81.5)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.forms import parse_number
from programs.models import ActualValue, IndicatorTarget
from tests.programs.helpers import grid_form, row_prefix


def edit_url(target, period=1):
    return reverse("programs:value-edit", kwargs={"pk": target.pk, "period": period})


def input_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


class TestParsing:
    @pytest.mark.parametrize(
        ("typed", "number"),
        [
            ("81,5", "81.5"),
            ("81.5", "81.5"),
            (" 81,50 ", "81.50"),
            ("1.234,5", "1234.5"),
            ("1,234.5", "1234.5"),
            ("1.234.567", "1234567"),
            ("1.234.567,25", "1234567.25"),
            ("0,05", "0.05"),
            (",5", "0.5"),
            ("12", "12"),
            ("-3,5", "-3.5"),
        ],
    )
    def test_it_reads_both_conventions(self, typed, number):
        assert parse_number(typed) == Decimal(number)

    @pytest.mark.parametrize("typed", ["abc", "8,1,5.3.2", "12.34.5", "1,23,4", "5,", "1e3", "--1"])
    def test_it_refuses_what_is_no_number(self, typed):
        with pytest.raises(ValueError):
            parse_number(typed)


class TestValueForm:
    def test_it_shows_a_reopened_draft_with_the_indicators_decimals(self, client_for, world):
        target = world.kapuas_target
        target.indicator.decimals = 1
        target.indicator.save()
        ActualValue.objects.filter(pk=world.kapuas_value.pk).update(
            value=Decimal("81.5"), status="draft"
        )

        page = client_for("pupr").get(edit_url(target)).content.decode()

        assert input_value(page, "value") == "81,5"  # it was 81,5000
        assert "81,5000" not in page

    def test_it_keeps_digits_beyond_the_decimals_rather_than_round_them(self, client_for, world):
        target = world.kapuas_target
        target.indicator.decimals = 1
        target.indicator.save()
        ActualValue.objects.filter(pk=world.kapuas_value.pk).update(value=Decimal("81.55"))

        page = client_for("pupr").get(edit_url(target)).content.decode()

        assert input_value(page, "value") == "81,55"

    def test_it_shows_whole_counts_without_decimals(self, client_for, world):
        target = IndicatorTarget.objects.create(
            kabupaten=world.kapuas,
            indicator=world.indicators["AL-07"],  # a count, no decimals
            year=2025,
            baseline=Decimal(10),
            target=Decimal(20),
            responsible_agency=world.kapuas_pupr,
        )
        ActualValue.objects.create(
            target=target, period=1, value=Decimal("1234"), entered_by=world.users["pupr"]
        )
        page = client_for("pupr").get(edit_url(target)).content.decode()
        assert input_value(page, "value") == "1234"

    def test_it_shows_english_numbers_in_english(self, client_for, world):
        client = client_for("pupr")
        client.cookies["django_language"] = "en"
        page = client.get(edit_url(world.kapuas_target)).content.decode()
        assert input_value(page, "value") == "72.50"

    @pytest.mark.parametrize("typed", ["81,5", "81.5"])
    def test_it_saves_either_way_of_typing(self, client_for, world, typed):
        value = world.kapuas_value
        client_for("pupr").post(
            edit_url(world.kapuas_target),
            {"value": typed, "note": "", "version": value.version, "draft": "1"},
        )
        value.refresh_from_db()
        assert value.value == Decimal("81.5")

    def test_it_saves_an_unchanged_form_unchanged(self, client_for, world):
        client = client_for("pupr")
        page = client.get(edit_url(world.kapuas_target)).content.decode()
        client.post(
            edit_url(world.kapuas_target),
            {
                "value": input_value(page, "value"),
                "note": "",
                "version": input_value(page, "version"),
                "draft": "1",  # a change of status, so that the value is written back
            },
        )
        world.kapuas_value.refresh_from_db()
        assert world.kapuas_value.value == Decimal("72.50")
        assert (world.kapuas_value.status, world.kapuas_value.version) == ("draft", 2)

    def test_it_refuses_a_malformed_number_and_keeps_it(self, client_for, world):
        response = client_for("pupr").post(
            edit_url(world.kapuas_target),
            {"value": "8,1,5", "version": world.kapuas_value.version, "draft": "1"},
        )
        page = response.content.decode()
        assert "Masukkan sebuah bilangan." in page
        assert input_value(page, "value") == "8,1,5"
        assert 'aria-invalid="true"' in page


class TestTargetGridNumbers:
    def test_it_shows_baselines_and_targets_with_the_indicators_decimals(self, client_for, world):
        client = client_for("kapuas")
        form = grid_form(client)
        prefix = row_prefix(form, world.indicators["AL-01"])

        assert form[f"{prefix}-baseline"] == "70,00"  # stored as 70.0000
        assert form[f"{prefix}-target_2025"] == "80,00"

        world.indicators["AL-01"].decimals = 0
        world.indicators["AL-01"].save()
        form = grid_form(client)
        assert form[f"{prefix}-baseline"] == "70"

    def test_it_marks_a_malformed_cell_and_keeps_the_rest(self, client_for, world):
        client = client_for("kapuas")
        form = grid_form(client)
        prefix = row_prefix(form, world.indicators["AL-01"])
        form[f"{prefix}-target_2026"] = "85.5"
        form[f"{prefix}-target_2027"] = "9,0,1"

        page = client.post(
            reverse("programs:targets-grid", kwargs={"code": "62.03", "sector": "air_limbah"}),
            form,
        ).content.decode()

        cell = re.search(rf'<input[^>]*name="{prefix}-target_2027"[^>]*>', page).group(0)
        assert "is-invalid" in cell and 'value="9,0,1"' in cell
        assert 'value="85.5"' in page  # what was typed stays as typed
        assert not IndicatorTarget.objects.filter(kabupaten=world.kapuas, year=2026).exists()
