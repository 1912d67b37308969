"""The actual-value workflow from the side of what must not happen: each forbidden step is
tried, and each must answer with its reason in Indonesian and leave the value as it was
(status, version, reviewer, note, history).

The review actions answer a redirect whether they worked or not, so these tests read what the
person is told on the page they land on, and what the database holds, never the status code.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import ActualValue
from tests.programs.helpers import edit_url
from tests.refusals import nothing_written, refusal, told

ONLY_SUBMITTED_VERIFIED = "Hanya nilai yang sudah diajukan yang dapat diverifikasi."
ONLY_SUBMITTED_RETURNED = "Hanya nilai yang sudah diajukan yang dapat dikembalikan."
ONLY_VERIFIED_REOPENED = "Hanya nilai terverifikasi yang dapat dibuka kembali."
NOT_ONE_S_OWN = "Anda tidak dapat memverifikasi nilai yang Anda isi sendiri."
LOCKED = "Nilai yang sudah diverifikasi terkunci; minta Bapperida membukanya kembali lebih dahulu."


def review(client, value, action: str, **data):
    """Send a review form as the value's page offers it, and land where it leads."""
    url = reverse(f"programs:value-{action}", kwargs={"pk": value.pk})
    return client.post(url, {"version": value.version, **data}, follow=True)


def set_status(world, value: ActualValue, status: str) -> ActualValue:
    """Bring a value into a state through the database, as the workflow would have."""
    verified = status == "verified"
    ActualValue.objects.filter(pk=value.pk).update(
        status=status,
        verified_by=world.users["kapuas"] if verified else None,
        verified_at=timezone.now() if verified else None,
    )
    value.refresh_from_db()
    return value


class ValueReviewRefusalTests:
    @pytest.mark.parametrize("status", ["draft", "returned", "verified"])
    def test_it_verifies_only_a_submitted_value(self, client_for, world, status):
        value = set_status(world, world.kapuas_value, status)
        with nothing_written(value):
            page = review(client_for("kapuas"), value, "verify").content.decode()
        assert ONLY_SUBMITTED_VERIFIED in page

    def test_it_lets_nobody_verify_the_value_they_entered(self, client_for, world, al03):
        value = services.value_save(
            actor=world.users["kapuas"], target=al03, period=1, value=Decimal(2), submit=True
        )
        with nothing_written(value):
            page = review(client_for("kapuas"), value, "verify").content.decode()
        assert NOT_ONE_S_OWN in page

    def test_it_lets_no_administrator_verify_their_own_entry_either(self, world, al03):
        admin = world.users["admin"]
        value = services.value_save(
            actor=admin, target=al03, period=1, value=Decimal(2), submit=True
        )
        with refusal(value) as error:
            services.value_verify(actor=admin, value=value, expected_version=value.version)
        assert told(error) == NOT_ONE_S_OWN

    @pytest.mark.parametrize("status", ["draft", "returned", "verified"])
    def test_it_returns_only_a_submitted_value(self, client_for, world, status):
        value = set_status(world, world.kapuas_value, status)
        with nothing_written(value):
            page = review(client_for("kapuas"), value, "return", note="Cek ulang").content.decode()
        assert ONLY_SUBMITTED_RETURNED in page

    def test_it_returns_nothing_without_saying_what_to_correct(self, client_for, world):
        value = world.kapuas_value
        with nothing_written(value):
            page = review(client_for("kapuas"), value, "return", note="   ").content.decode()
        assert "Jelaskan apa yang harus diperbaiki OPD." in page

    @pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
    def test_it_reopens_only_a_verified_value(self, client_for, world, status):
        value = set_status(world, world.kapuas_value, status)
        with nothing_written(value):
            page = review(
                client_for("kapuas"), value, "reopen", reason="Salah ketik"
            ).content.decode()
        assert ONLY_VERIFIED_REOPENED in page

    def test_it_reopens_nothing_without_a_reason(self, client_for, world):
        value = set_status(world, world.kapuas_value, "verified")
        with nothing_written(value):
            page = review(client_for("kapuas"), value, "reopen", reason="").content.decode()
        assert "Isi catatan yang diminta formulir." in page
        # The page's form asks for the reason; the service refuses a blank one whoever calls.
        with refusal(value) as error:
            services.value_reopen(
                actor=world.users["kapuas"],
                value=value,
                reason="  ",
                expected_version=value.version,
            )
        assert told(error) == "Jelaskan alasan nilai terverifikasi dibuka kembali."

    @pytest.mark.parametrize(
        ("action", "status", "typed"),
        [
            ("verify", "submitted", {}),
            ("return", "submitted", {"note": "Cek ulang"}),
            ("reopen", "verified", {"reason": "Salah ketik"}),
        ],
    )
    def test_it_reviews_nothing_from_a_stale_page(self, client_for, world, action, status, typed):
        value = set_status(world, world.kapuas_value, status)
        stale = value.version - 1
        with nothing_written(value):
            url = reverse(f"programs:value-{action}", kwargs={"pk": value.pk})
            page = (
                client_for("kapuas")
                .post(url, {"version": stale, **typed}, follow=True)
                .content.decode()
            )
        assert "Nilai berubah sementara itu; periksa kembali." in page


class ValueEntryRefusalTests:
    def test_it_opens_no_form_on_a_verified_value(self, client_for, world):
        value = set_status(world, world.kapuas_value, "verified")
        with nothing_written(value):
            response = client_for("pupr").post(
                edit_url(world.kapuas_target),
                {"value": "90", "version": value.version, "submit": "1"},
                follow=True,
            )
        assert "Nilai ini sudah diverifikasi dan terkunci." in response.content.decode()

    def test_it_refuses_to_change_a_verified_value_whoever_calls(self, world):
        value = set_status(world, world.kapuas_value, "verified")
        with refusal(value) as error:
            services.value_save(
                actor=world.users["kapuas"],
                target=world.kapuas_target,
                period=1,
                value=Decimal("90"),
                submit=True,
                expected_version=value.version,
            )
        assert told(error) == LOCKED

    def test_it_refuses_a_period_the_indicator_does_not_have(self, world, al03):
        with refusal(tables=(ActualValue,)) as error:
            services.value_save(actor=world.users["kapuas"], target=al03, period=3, value=1)
        assert told(error) == "Periode 3 tidak ada untuk indikator semesteran."

    def test_it_refuses_a_period_that_has_not_started(self, world, al03):
        al03.year = timezone.localdate().year + 1
        with refusal(tables=(ActualValue,)) as error:
            services.value_save(actor=world.users["kapuas"], target=al03, period=1, value=1)
        opens = date(al03.year, 1, 1)
        assert told(error) == (
            f"Periode ini belum dimulai; nilai dapat diisi mulai 1 Januari {opens.year}."
        )

    def test_it_refuses_an_entry_without_a_value(self, world, al03):
        entry = services.ValueEntry(target=al03, period=1, value=None)
        with refusal(tables=(ActualValue,)) as error:
            services.values_save(actor=world.users["kapuas"], entries=[entry], submit=True)
        assert told(error) == "Isi nilai realisasinya."

    def test_it_refuses_a_percentage_above_a_hundred_whoever_calls(self, world, al03):
        with refusal(tables=(ActualValue,)) as error:
            services.value_save(
                actor=world.users["kapuas"], target=al03, period=1, value=Decimal(120)
            )
        assert told(error) == "Persentase harus di antara 0 dan 100."

    def test_it_refuses_a_batch_naming_one_period_twice(self, world, al03):
        entries = [
            services.ValueEntry(target=al03, period=1, value=Decimal(2)),
            services.ValueEntry(target=al03, period=1, value=Decimal(3)),
        ]
        with refusal(tables=(ActualValue,), raises=services.Refused) as error:
            services.values_save(actor=world.users["kapuas"], entries=entries, submit=True)
        assert error.value.problems == {
            1: {"period": "Baris ganda: indikator dan periode sama dengan baris 1."}
        }

    def test_it_refuses_to_edit_a_value_removed_meanwhile(self, world, al03):
        """A form built on a value (version 3) that is gone by the time it is saved."""
        with refusal(tables=(ActualValue,)) as error:
            services.value_save(
                actor=world.users["kapuas"],
                target=al03,
                period=1,
                value=Decimal(2),
                expected_version=3,
            )
        assert told(error) == "Nilai ini sudah tidak ada."

    def test_it_overwrites_nothing_saved_since_the_form_was_opened(self, world):
        value = world.kapuas_value
        with nothing_written(value), pytest.raises(services.EditConflict) as conflict:
            services.value_save(
                actor=world.users["pupr"],
                target=world.kapuas_target,
                period=1,
                value=Decimal(1),
                expected_version=value.version - 1,
            )
        assert conflict.value.current.pk == value.pk
