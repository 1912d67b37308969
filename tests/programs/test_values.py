"""Entering, submitting, verifying, returning and reopening actual values; edit conflicts."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from programs import services
from programs.models import ActualValue, IndicatorTarget
from tests.history import actions, context, events


def edit_url(target, period=1):
    return reverse("programs:value-edit", kwargs={"pk": target.pk, "period": period})


def form_version(html: str) -> str:
    return re.search(r'name="version" value="(\d*)"', html).group(1)


@pytest.fixture
def al03(world):
    return IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-03")


class TestEntering:
    def test_an_opd_head_saves_a_draft_then_submits(self, client_for, world, al03):
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

    def test_it_keeps_counts_whole(self, world):
        target = IndicatorTarget.objects.create(
            kabupaten=world.kapuas,
            indicator=world.indicators["AL-07"],
            year=2025,
            baseline=Decimal(10),
            target=Decimal(20),
            responsible_agency=world.kapuas_pupr,
        )
        with translation.override("id"), pytest.raises(ValidationError) as error:
            services.value_save(
                actor=world.users["pupr"], target=target, period=1, value=Decimal("12.5")
            )
        assert "Jumlah harus bilangan bulat." in str(error.value)

    def test_another_opd_head_may_not_enter_it(self, client_for, world):
        assert client_for("dlh").get(edit_url(world.kapuas_target)).status_code == 403
        assert client_for("seruyan").get(edit_url(world.kapuas_target)).status_code == 404


class TestVerification:
    def test_bapperida_verifies_and_the_value_locks(self, client_for, world):
        value = world.kapuas_value
        client = client_for("kapuas")
        client.post(
            reverse("programs:value-verify", kwargs={"pk": value.pk}), {"version": value.version}
        )
        value.refresh_from_db()
        assert (value.status, value.verified_by) == ("verified", world.users["kapuas"])
        response = client_for("pupr").get(edit_url(world.kapuas_target))
        assert response.status_code == 302 and response.url == reverse(
            "programs:value-detail", kwargs={"pk": value.pk}
        )
        with pytest.raises(ValidationError):
            services.value_save(
                actor=world.users["pupr"],
                target=world.kapuas_target,
                period=1,
                value=Decimal(1),
                expected_version=value.version,
            )

    def test_nobody_verifies_their_own_entry(self, world, al03):
        value = services.value_save(
            actor=world.users["kapuas"], target=al03, period=1, value=Decimal(2), submit=True
        )
        with translation.override("id"), pytest.raises(ValidationError) as error:
            services.value_verify(
                actor=world.users["kapuas"], value=value, expected_version=value.version
            )
        assert "Anda tidak dapat memverifikasi nilai yang Anda isi sendiri." in str(error.value)
        value.refresh_from_db()
        assert value.status == "submitted"

    def test_a_returned_value_shows_its_note_to_the_opd(self, client_for, world):
        value = world.kapuas_value
        client_for("kapuas").post(
            reverse("programs:value-return", kwargs={"pk": value.pk}),
            {"version": value.version, "note": "Cek ulang survei"},
        )
        value.refresh_from_db()
        assert (value.status, value.review_note) == ("returned", "Cek ulang survei")
        assert (
            "Cek ulang survei"
            in client_for("pupr").get(edit_url(world.kapuas_target)).content.decode()
        )

    def test_reopening_needs_a_reason_and_is_recorded(self, world):
        value = services.value_verify(
            actor=world.users["kapuas"], value=world.kapuas_value, expected_version=1
        )
        with pytest.raises(ValidationError):
            services.value_reopen(
                actor=world.users["kapuas"], value=value, reason=" ", expected_version=value.version
            )
        value = services.value_reopen(
            actor=world.users["kapuas"],
            value=value,
            reason="Salah ketik",
            expected_version=value.version,
        )
        assert (value.status, value.verified_by) == ("returned", None)
        reopened = events(ActualValue, pgh_obj=value).last()
        assert (reopened.status, context(reopened)["reason"]) == ("returned", "Salah ketik")

    def test_opd_heads_cannot_verify_by_a_forged_post(self, client_for, world):
        url = reverse("programs:value-verify", kwargs={"pk": world.kapuas_value.pk})
        assert client_for("pupr").post(url, {"version": 1}).status_code == 403
        world.kapuas_value.refresh_from_db()
        assert world.kapuas_value.status == "submitted"


class TestConflicts:
    def test_the_second_editor_sees_both_values_and_overwrites_nothing(self, client_for, world):
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

    def test_a_stale_version_raises_a_conflict(self, world):
        with pytest.raises(services.EditConflict) as conflict:
            services.value_save(
                actor=world.users["pupr"],
                target=world.kapuas_target,
                period=1,
                value=Decimal(1),
                expected_version=0,
            )
        assert conflict.value.current.value == Decimal("72.5")
