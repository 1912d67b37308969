"""The rules of follow-ups (RTL) that the pages alone do not prove: who may be given one at a
province clinic, the day it may fall due, the status and drop reason a progress note leaves,
the field each refusal is shown at, and the history naming who did what when a service is
called without a request (the spreadsheet import, a command, the worker)."""

from datetime import date, timedelta

from coaching import services
from coaching.models import FollowUp, FollowUpUpdate
from tests.history import context, events
from tests.refusals import refusal


def last_change(record) -> dict:
    """Who and what the latest history entry of a record names."""
    return context(events(type(record), pgh_obj=record).last())


def report(world, follow_up: FollowUp, **fields) -> FollowUpUpdate:
    return services.followup_report_progress(
        actor=world.users["pupr"],
        follow_up=follow_up,
        on=fields.pop("on", world.kapuas_session.date),
        note=fields.pop("note", "Survei lokasi"),
        expected_version=follow_up.version,
        **fields,
    )


class FollowUpCreateRulesTests:
    def test_it_gives_a_province_clinic_participant_its_follow_ups(self, world):
        session = world.province_session
        [created] = services.followups_create(
            actor=world.users["province"],
            session=session,
            kabupaten=world.kapuas,
            rows=[
                services.FollowUpRow(
                    owner=world.kapuas_pupr, action="Menetapkan lokasi", due_date=date(2026, 3, 31)
                )
            ],
        )
        created.refresh_from_db()
        assert (created.session, created.kabupaten) == (session, world.kapuas)

    def test_it_lets_a_follow_up_fall_due_on_the_day_of_its_session(self, world):
        session = world.kapuas_session
        [created] = services.followups_create(
            actor=world.users["kapuas"],
            session=session,
            kabupaten=world.kapuas,
            rows=[
                services.FollowUpRow(
                    owner=world.kapuas_pupr, action="Membagikan notulen", due_date=session.date
                )
            ],
        )
        created.refresh_from_db()
        assert created.due_date == session.date

    def test_it_records_who_added_the_follow_ups_without_a_request(self, world):
        actor = world.users["kapuas"]
        created = services.followups_create(
            actor=actor,
            session=world.kapuas_session,
            kabupaten=world.kapuas,
            rows=[
                services.FollowUpRow(
                    owner=world.kapuas_pupr, action="Survei lokasi", due_date=date(2026, 3, 31)
                ),
                services.FollowUpRow(
                    owner=world.kapuas_dlh, action="Jadwal angkut", due_date=date(2026, 4, 30)
                ),
            ],
        )
        assert len(created) == 2
        for follow_up in created:
            assert [context(event) for event in events(FollowUp, pgh_obj=follow_up)] == [
                {"action": "followup.create", "user": actor.pk, "username": actor.username}
            ]


class FollowUpProgressRulesTests:
    def test_it_drops_a_follow_up_with_the_reason_given_trimmed(self, world):
        follow_up = world.kapuas_followup
        update = report(world, follow_up, status="dropped", drop_reason="  Anggaran dialihkan  ")
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.drop_reason) == ("dropped", "Anggaran dialihkan")
        assert update.status == "dropped"

    def test_it_keeps_no_drop_reason_on_a_follow_up_that_is_not_dropped(self, world):
        """A reason typed before the status was changed away from "dropped" is not stored."""
        follow_up = world.kapuas_followup
        report(world, follow_up, status="in_progress", drop_reason="Anggaran dialihkan")
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.drop_reason) == ("in_progress", "")

    def test_it_clears_the_drop_reason_when_a_dropped_follow_up_is_taken_up_again(self, world):
        follow_up = world.kapuas_followup
        report(world, follow_up, status="dropped", drop_reason="Anggaran dialihkan")
        report(world, follow_up, status="in_progress", note="Dianggarkan di APBD-P")
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.drop_reason) == ("in_progress", "")

    def test_it_drops_nothing_when_no_reason_is_given_at_all(self, world):
        follow_up = world.kapuas_followup
        with refusal(follow_up, tables=(FollowUpUpdate,)) as error:
            services.followup_report_progress(
                actor=world.users["pupr"],
                follow_up=follow_up,
                on=world.kapuas_session.date,
                note="Batal",
                status="dropped",
                expected_version=follow_up.version,
            )
        assert error.value.message_dict == {
            "drop_reason": ["Jelaskan alasan tindak lanjut dibatalkan."]
        }

    def test_it_shows_a_date_refusal_at_the_date(self, world):
        follow_up = world.kapuas_followup
        for on, message in (
            (
                date.today() + timedelta(days=1),
                "Kemajuan tidak dapat dilaporkan untuk tanggal yang akan datang.",
            ),
            (
                world.kapuas_session.date - timedelta(days=1),
                "Tanggal kemajuan tidak boleh sebelum tanggal sesi.",
            ),
        ):
            with refusal(follow_up, tables=(FollowUpUpdate,)) as error:
                report(world, follow_up, status="in_progress", on=on)
            assert error.value.message_dict == {"date": [message]}

    def test_it_records_who_reported_without_a_request(self, world):
        follow_up = world.kapuas_followup
        report(world, follow_up, status="in_progress")
        pupr = world.users["pupr"]
        assert last_change(follow_up) == {
            "action": "followup.progress",
            "user": pupr.pk,
            "username": pupr.username,
        }


class FollowUpReassignRulesTests:
    def reassign_refused(self, world, owner) -> dict:
        follow_up = world.kapuas_followup
        with refusal(follow_up) as error:
            services.followup_reassign(
                actor=world.users["kapuas"],
                follow_up=follow_up,
                owner=owner,
                reason="Tugas pokok",
                expected_version=follow_up.version,
            )
        return error.value.message_dict

    def test_it_shows_an_owner_of_another_kabupaten_refused_at_the_owner(self, world):
        assert self.reassign_refused(world, world.seruyan_pupr) == {
            "owner": ["Penanggung jawab baru harus OPD dari kabupaten/kota yang sama."]
        }

    def test_it_shows_the_owner_it_already_has_refused_at_the_owner(self, world):
        assert self.reassign_refused(world, world.kapuas_pupr) == {
            "owner": ["OPD ini sudah menjadi penanggung jawab tindak lanjut tersebut."]
        }

    def test_it_records_who_reassigned_and_why_without_a_request(self, world):
        follow_up = world.kapuas_followup
        actor = world.users["kapuas"]
        services.followup_reassign(
            actor=actor,
            follow_up=follow_up,
            owner=world.kapuas_dlh,
            reason="  Kewenangan DLH ",
            expected_version=follow_up.version,
        )
        assert last_change(follow_up) == {
            "action": "followup.reassign",
            "reason": "Kewenangan DLH",
            "user": actor.pk,
            "username": actor.username,
        }
