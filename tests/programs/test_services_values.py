"""The value workflow's rules in its services, whoever calls them: whole counts, nobody
verifies their own entry, a reopening needs its reason, a stale version is a conflict."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from programs import services
from programs.models import ActualValue, IndicatorTarget
from tests.history import context, events


class ValueWorkflowTests:
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

    def test_it_lets_nobody_verify_their_own_entry(self, world, al03):
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

    def test_it_needs_a_reason_to_reopen_and_records_it(self, world):
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

    def test_it_raises_a_conflict_on_a_stale_version(self, world):
        with pytest.raises(services.EditConflict) as conflict:
            services.value_save(
                actor=world.users["pupr"],
                target=world.kapuas_target,
                period=1,
                value=Decimal(1),
                expected_version=0,
            )
        assert conflict.value.current.value == Decimal("72.5")
