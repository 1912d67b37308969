"""Follow-ups (RTL) from the side of what must not happen: added to the wrong kabupaten/kota,
owned by another's OPD, due before their session, progress dated in the future or before the
session, dropped without a reason, handed to an OPD elsewhere or to the one that has it.

Each refusal names its reason in Indonesian and leaves the follow-up, its history and its
progress notes as they were. The pages' forms refuse most of these first; the service refuses
them again for any other caller, and both are tried.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coaching import services
from coaching.models import FollowUp, FollowUpUpdate
from programs.models import PolicyPackage, Programme
from tests.forms import form_data
from tests.refusals import nothing_written, refusal, told


def create_refused(world, *, session=None, kabupaten=None, **row) -> str:
    fields = {
        "owner": world.kapuas_pupr,
        "action": "Menyusun DED IPLT",
        "due_date": date(2026, 3, 31),
        **row,
    }
    with refusal(tables=(FollowUp,)) as error:
        services.followups_create(
            actor=world.users["kapuas"],
            session=session or world.kapuas_session,
            kabupaten=kabupaten or world.kapuas,
            rows=[services.FollowUpRow(**fields)],
        )
    return told(error)


class FollowUpCreateRefusalTests:
    def test_it_gives_an_internal_round_no_follow_up_of_another_kabupaten(self, world):
        message = create_refused(world, kabupaten=world.seruyan, owner=world.seruyan_pupr)
        assert message == (
            "Tindak lanjut rakor internal menjadi milik kabupaten/kota penyelenggaranya."
        )

    def test_it_gives_a_province_clinic_no_follow_up_of_a_kabupaten_that_was_not_there(self, world):
        world.province_session.participations.filter(kabupaten=world.seruyan).delete()
        message = create_refused(
            world, session=world.province_session, kabupaten=world.seruyan, owner=world.seruyan_pupr
        )
        assert message == "Kabupaten/kota ini tidak mengikuti sesi tersebut."

    def test_it_refuses_an_owner_opd_of_another_kabupaten(self, world):
        message = create_refused(world, owner=world.seruyan_pupr)
        assert message == "OPD penanggung jawab harus milik kabupaten/kota tersebut."

    def test_it_refuses_a_policy_package_of_another_kabupaten(self, world):
        message = create_refused(world, policy_package=world.package_1)
        assert message == "Paket kebijakan harus milik kabupaten/kota tersebut."

    def test_it_accepts_a_policy_package_of_its_own_kabupaten(self, world):
        programme = Programme.objects.create(
            kabupaten=world.kapuas, name="Kapuas Bersih", start_year=2025, end_year=2029
        )
        package = PolicyPackage.objects.create(programme=programme, number=1, title="Air limbah")
        [created] = services.followups_create(
            actor=world.users["kapuas"],
            session=world.kapuas_session,
            kabupaten=world.kapuas,
            rows=[
                services.FollowUpRow(
                    owner=world.kapuas_pupr,
                    action="Menyusun DED IPLT",
                    due_date=date(2026, 3, 31),
                    policy_package=package,
                )
            ],
        )
        assert created.policy_package == package

    def test_it_refuses_a_due_date_before_the_session(self, world):
        message = create_refused(world, due_date=world.kapuas_session.date - timedelta(days=1))
        assert message == "Tenggat tindak lanjut tidak boleh sebelum tanggal sesi."

    def test_it_adds_none_of_the_rows_when_one_is_refused(self, world):
        """All or none: the good first row is rolled back with the bad second one."""
        good = services.FollowUpRow(
            owner=world.kapuas_pupr, action="Menyusun DED IPLT", due_date=date(2026, 3, 31)
        )
        bad = services.FollowUpRow(
            owner=world.seruyan_pupr, action="Survei lokasi", due_date=date(2026, 3, 31)
        )
        with nothing_written(tables=(FollowUp,)), pytest.raises(ValidationError):
            services.followups_create(
                actor=world.users["kapuas"],
                session=world.kapuas_session,
                kabupaten=world.kapuas,
                rows=[good, bad],
            )


def progress_refused(world, **changes) -> str:
    follow_up = world.kapuas_followup
    fields = {
        "on": world.kapuas_session.date,
        "note": "Survei lokasi",
        "status": "in_progress",
        "expected_version": follow_up.version,
        **changes,
    }
    with refusal(follow_up, tables=(FollowUpUpdate,)) as error:
        services.followup_report_progress(actor=world.users["pupr"], follow_up=follow_up, **fields)
    return told(error)


class FollowUpProgressRefusalTests:
    def test_it_refuses_progress_dated_in_the_future(self, world):
        tomorrow = date.today() + timedelta(days=1)
        assert progress_refused(world, on=tomorrow) == (
            "Kemajuan tidak dapat dilaporkan untuk tanggal yang akan datang."
        )

    def test_it_refuses_progress_dated_before_the_session(self, world):
        before = world.kapuas_session.date - timedelta(days=1)
        assert progress_refused(world, on=before) == (
            "Tanggal kemajuan tidak boleh sebelum tanggal sesi."
        )

    def test_it_drops_nothing_without_a_reason(self, world):
        assert progress_refused(world, status="dropped", drop_reason="  ") == (
            "Jelaskan alasan tindak lanjut dibatalkan."
        )

    def test_it_drops_nothing_without_a_reason_from_the_page(self, client_for, world):
        follow_up = world.kapuas_followup
        client = client_for("pupr")
        data = form_data(client.get(follow_up.get_absolute_url()).content.decode(), "drop_reason")
        data |= {"date": "2025-09-01", "status": "dropped", "note": "Batal", "drop_reason": ""}
        with nothing_written(follow_up, tables=(FollowUpUpdate,)):
            response = client.post(
                reverse("coaching:followup-progress", kwargs={"pk": follow_up.pk}), data
            )
        assert "Jelaskan alasan tindak lanjut dibatalkan." in response.content.decode()

    def test_it_undoes_no_status_reported_since_the_page_was_opened(self, world):
        follow_up = world.kapuas_followup
        stale = follow_up.version - 1
        with refusal(follow_up, tables=(FollowUpUpdate,), raises=services.EditConflict):
            services.followup_report_progress(
                actor=world.users["pupr"],
                follow_up=follow_up,
                on=world.kapuas_session.date,
                note="Selesai",
                status="done",
                expected_version=stale,
            )


def reassign_refused(world, owner) -> str:
    follow_up = world.kapuas_followup
    with refusal(follow_up) as error:
        services.followup_reassign(
            actor=world.users["kapuas"],
            follow_up=follow_up,
            owner=owner,
            reason="Tugas pokok",
            expected_version=follow_up.version,
        )
    return told(error)


class FollowUpReassignRefusalTests:
    def test_it_hands_no_follow_up_to_an_opd_of_another_kabupaten(self, world):
        assert reassign_refused(world, world.seruyan_pupr) == (
            "Penanggung jawab baru harus OPD dari kabupaten/kota yang sama."
        )

    def test_it_hands_no_follow_up_to_the_opd_that_already_owns_it(self, world):
        assert reassign_refused(world, world.kapuas_pupr) == (
            "OPD ini sudah menjadi penanggung jawab tindak lanjut tersebut."
        )

    def test_the_page_offers_neither(self, client_for, world):
        follow_up = world.kapuas_followup
        client = client_for("kapuas")
        data = form_data(client.get(follow_up.get_absolute_url()).content.decode(), "reason")
        url = reverse("coaching:followup-reassign", kwargs={"pk": follow_up.pk})
        for owner in (world.seruyan_pupr, world.kapuas_pupr):
            with nothing_written(follow_up):
                response = client.post(url, data | {"owner": owner.pk, "reason": "Tugas pokok"})
            assert response.status_code == 400
            assert "Masukkan pilihan yang valid" in response.content.decode()
