"""Entering a value: a draft, then submitted; refused input kept on the form; conflicts."""

import re
from decimal import Decimal

import pytest

from programs.models import ActualValue
from tests.history import actions
from tests.programs.helpers import edit_url, form_version


class ValueEditTests:
    def test_it_saves_a_draft_then_submits_it(self, client_for, world, al03):
        client = client_for("kapuas")  # Bapperida may enter for any of its OPDs
        client.post(edit_url(al03), {"value": "3,25", "note": "", "version": "", "draft": "1"})
        value = ActualValue.objects.get(target=al03, period=1)
        assert (value.value, value.status) == (Decimal("3.25"), "draft")
        client.post(
            edit_url(al03),
            {"value": "3,5", "note": "Data Puskesmas", "version": value.version, "submit": "1"},
        )
        value.refresh_from_db()
        assert (value.value, value.status, value.version) == (Decimal("3.5"), "submitted", 2)
        assert actions(value) == ["value.save", "value.submit"]

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("120", "Persentase harus di antara 0 dan 100."),
            ("-1", "Nilai tidak boleh negatif."),
            ("abc", "Masukkan sebuah bilangan."),
        ],
    )
    def test_it_refuses_bad_values_and_keeps_them_on_the_form(
        self, client_for, world, al03, typed, message
    ):
        response = client_for("kapuas").post(
            edit_url(al03), {"value": typed, "version": "", "submit": "1"}
        )
        page = response.content.decode()
        assert message in page and f'value="{typed}"' in page
        assert not ActualValue.objects.filter(target=al03).exists()

    def test_it_is_forbidden_to_another_opd_head_and_hidden_from_outsiders(self, client_for, world):
        assert client_for("dlh").get(edit_url(world.kapuas_target)).status_code == 403
        assert client_for("seruyan").get(edit_url(world.kapuas_target)).status_code == 404

    def test_it_shows_the_second_editor_both_values_and_overwrites_nothing(self, client_for, world):
        first, second = client_for("pupr"), client_for("kapuas")
        url = edit_url(world.kapuas_target)
        version_first = form_version(first.get(url).content.decode())
        version_second = form_version(second.get(url).content.decode())
        first.post(url, {"value": "80", "version": version_first, "submit": "1"})
        response = second.post(url, {"value": "81", "version": version_second, "submit": "1"})
        page = response.content.decode()
        assert response.status_code == 409
        assert "Orang lain menyimpan data ini saat Anda sedang mengubahnya" in page
        stored, yours = re.search(
            r"Nilai realisasi</th><td>([^<]*)</td><td>([^<]*)</td>", page
        ).groups()
        assert (stored, yours) == ("80", "81")
        world.kapuas_value.refresh_from_db()
        assert world.kapuas_value.value == Decimal(80)
        # Saving again from the conflict page is deliberate: it is based on what is stored now.
        second.post(url, {"value": "81", "version": form_version(page), "submit": "1"})
        world.kapuas_value.refresh_from_db()
        assert world.kapuas_value.value == Decimal(81)
