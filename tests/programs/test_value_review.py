"""Bapperida reviews a submitted value: verify (which locks it), return with a note, reopen a
verified one with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs import services
from tests.history import actions
from tests.programs.helpers import edit_url


class ValueReviewTests:
    def test_it_verifies_and_the_value_locks(self, client_for, world):
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

    def test_it_returns_a_value_and_shows_its_note_to_the_opd(self, client_for, world):
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

    def test_it_reopens_a_verified_value_with_a_reason(self, client_for, world):
        value = world.kapuas_value
        client = client_for("kapuas")
        client.post(
            reverse("programs:value-verify", kwargs={"pk": value.pk}), {"version": value.version}
        )
        value.refresh_from_db()
        response = client.post(
            reverse("programs:value-reopen", kwargs={"pk": value.pk}),
            {"version": value.version, "reason": "Salah ketik di lapangan"},
            follow=True,
        )
        assert "Nilai sudah dibuka kembali." in response.content.decode()
        value.refresh_from_db()
        assert value.status != "verified"
        assert actions(value)[-1] == "value.reopen"
        assert "Salah ketik di lapangan" in response.content.decode()  # the history shows why

    def test_it_refuses_a_verification_forged_by_an_opd_head(self, client_for, world):
        url = reverse("programs:value-verify", kwargs={"pk": world.kapuas_value.pk})
        assert client_for("pupr").post(url, {"version": 1}).status_code == 403
        world.kapuas_value.refresh_from_db()
        assert world.kapuas_value.status == "submitted"
