"""Editing who was at a session and what they brought: the OPDs attending an internal round,
its guests and presentations, the kabupaten/kota taking part in a province clinic and the SSK
milestones confirmed there. Rows that stay are kept (same row, no new history entry, no new
version), changed ones are updated in place, and only those dropped are removed, so that the
history says who was added, changed or removed, and by whom."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching import services
from coaching.models import (
    AgencyPresentation,
    Attendance,
    ClinicSession,
    FollowUp,
    Guest,
    Participation,
)
from programs.models import Kabupaten, MilestoneAchievement
from tests.history import context, events


def resave(world, session: ClinicSession, actor="kapuas", **parts) -> ClinicSession:
    session.refresh_from_db()
    return services.session_save(
        actor=world.users[actor], session=session, expected_version=session.version, **parts
    )


def history_count(record) -> int:
    return events(type(record), pgh_obj=record).count()


class AttendanceRulesTests:
    def test_it_keeps_updates_adds_and_removes_only_the_opds_that_changed(self, world):
        session = world.kapuas_session
        Row = services.AttendanceRow
        resave(
            world,
            session,
            attendances=[
                Row(world.kapuas_pupr, "Kabid Cipta Karya"),
                Row(world.kapuas_dlh, "Kabid Persampahan"),
                Row(world.kapuas_dinkes, "Kasi Kesling"),
            ],
        )
        pupr, dlh, dinkes = (
            Attendance.objects.get(session=session, agency=agency)
            for agency in (world.kapuas_pupr, world.kapuas_dlh, world.kapuas_dinkes)
        )
        assert (pupr.attendee_names, dlh.attendee_names) == (
            "Kabid Cipta Karya",
            "Kabid Persampahan",
        )
        pupr_history = history_count(pupr)

        resave(
            world,
            session,
            attendances=[
                Row(world.kapuas_pupr, "Kabid Cipta Karya"),
                Row(world.kapuas_dlh, "Sekretaris DLH"),
                Row(world.kapuas_bapperida, "Kabid Infrastruktur"),
            ],
        )
        stored = Attendance.objects.filter(session=session)
        assert {a.agency_id: a.attendee_names for a in stored} == {
            world.kapuas_pupr.pk: "Kabid Cipta Karya",
            world.kapuas_dlh.pk: "Sekretaris DLH",
            world.kapuas_bapperida.pk: "Kabid Infrastruktur",
        }
        assert {pupr.pk, dlh.pk} < {a.pk for a in stored}  # kept, not replaced
        assert history_count(pupr) == pupr_history  # unchanged, so not rewritten
        assert not Attendance.objects.filter(pk=dinkes.pk).exists()

    def test_it_records_who_changed_the_attendance_without_a_request(self, world):
        session = world.kapuas_session
        kapuas = world.users["kapuas"]
        session.venue = "Aula Kantor Bupati Kapuas"
        services.session_save(
            actor=kapuas,
            session=session,
            expected_version=session.version,
            attendances=[services.AttendanceRow(world.kapuas_pupr, "Kabid")],
        )
        attended = Attendance.objects.get(session=session)
        for record in (session, attended):
            assert context(events(type(record), pgh_obj=record).last()) == {
                "action": "session.update",
                "user": kapuas.pk,
                "username": kapuas.username,
            }


class GuestRulesTests:
    def test_it_keeps_updates_adds_and_removes_only_the_guests_that_changed(self, world):
        session = world.kapuas_session
        Row = services.GuestRow
        resave(
            world,
            session,
            guests=[
                Row("Bapperida Provinsi Kalimantan Tengah", "Kabid Infrastruktur"),
                Row("Balai Prasarana Permukiman Wilayah", "Kasi Pelaksanaan"),
                Row("Universitas Palangka Raya", "Tim ahli"),
            ],
        )
        province, balai, university = Guest.objects.filter(session=session).order_by("id")
        assert (province.names, balai.names) == ("Kabid Infrastruktur", "Kasi Pelaksanaan")
        province_history = history_count(province)

        resave(
            world,
            session,
            guests=[
                Row("Bapperida Provinsi Kalimantan Tengah", "Kabid Infrastruktur"),
                Row("BPPW Kalimantan Tengah", "Kepala Satker PPW"),
            ],
        )
        assert list(
            Guest.objects.filter(session=session)
            .order_by("id")
            .values_list("pk", "organisation", "names")
        ) == [
            (province.pk, "Bapperida Provinsi Kalimantan Tengah", "Kabid Infrastruktur"),
            (balai.pk, "BPPW Kalimantan Tengah", "Kepala Satker PPW"),
        ]
        assert history_count(province) == province_history  # unchanged, so not rewritten
        assert not Guest.objects.filter(pk=university.pk).exists()

        resave(
            world,
            session,
            guests=[
                Row("Bapperida Provinsi Kalimantan Tengah", "Kabid Infrastruktur"),
                Row("BPPW Kalimantan Tengah", "Kepala Satker PPW"),
                Row("PDAM Kapuas", "Direktur Teknik"),
            ],
        )
        added = Guest.objects.filter(session=session).order_by("id").last()
        assert (added.organisation, added.names) == ("PDAM Kapuas", "Direktur Teknik")


class ParticipantRulesTests:
    def test_it_keeps_adds_and_removes_only_the_participants_that_changed(self, world):
        session = world.province_session
        katingan = Kabupaten.objects.create(
            province=world.kalteng, code="62.06", name="Katingan", kind="kabupaten"
        )
        # A participation numbered far from any kabupaten/kota (ids in a test run stay small),
        # so that the one can never pass for the other.
        Participation.objects.filter(session=session, kabupaten=world.seruyan).delete()
        seruyan = Participation.objects.create(
            pk=10**9,
            session=session,
            kabupaten=world.seruyan,
            feedback="Perlu data baseline",
        )
        resave(world, session, actor="province", participants=[world.seruyan, katingan])
        stored = dict(session.participations.values_list("kabupaten_id", "pk"))
        assert set(stored) == {world.seruyan.pk, katingan.pk}
        assert stored[world.seruyan.pk] == seruyan.pk
        seruyan.refresh_from_db()
        assert seruyan.feedback == "Perlu data baseline"

    def test_it_lets_a_kabupaten_go_whose_follow_ups_are_from_other_sessions(self, world):
        """Kapuas has follow-ups of its own internal round, none of this clinic."""
        assert FollowUp.objects.filter(kabupaten=world.kapuas).exclude(
            session=world.province_session
        )
        resave(world, world.province_session, actor="province", participants=[world.seruyan])
        assert list(world.province_session.participations.values_list("kabupaten", flat=True)) == [
            world.seruyan.pk
        ]

    def test_it_lets_a_kabupaten_go_while_another_keeps_its_follow_ups(self, world):
        session = world.province_session
        FollowUp.objects.create(
            kabupaten=world.seruyan,
            session=session,
            owner=world.seruyan_pupr,
            action="Menetapkan lokasi IPLT",
            due_date=date(2099, 1, 31),
            created_by=world.users["province"],
        )
        resave(world, session, actor="province", participants=[world.seruyan])
        assert list(session.participations.values_list("kabupaten", flat=True)) == [
            world.seruyan.pk
        ]
        with pytest.raises(ValidationError):
            resave(world, session, actor="province", participants=[])


def presentations(world, *rows) -> None:
    services.presentations_save(
        actor=world.users["kapuas"],
        session=world.kapuas_session,
        rows=[
            services.PresentationRow(agency, text, indicators) for agency, text, indicators in rows
        ],
    )


class PresentationRulesTests:
    def rows(self, world):
        al01, ps02 = world.indicators["AL-01"], world.indicators["PS-02"]
        return [
            (world.kapuas_pupr, "Capaian akses sanitasi 78%", [al01]),
            (world.kapuas_dlh, "Timbulan sampah terangkut 61%", [ps02]),
            (world.kapuas_dinkes, "STBM di 40 desa", [al01, ps02]),
        ]

    def test_it_rewrites_no_presentation_saved_again_unchanged(self, world):
        rows = self.rows(world)
        presentations(world, *rows)
        before = {
            p.agency_id: (p.version, history_count(p))
            for p in AgencyPresentation.objects.filter(session=world.kapuas_session)
        }
        presentations(world, *rows)
        after = {
            p.agency_id: (p.version, history_count(p))
            for p in AgencyPresentation.objects.filter(session=world.kapuas_session)
        }
        assert len(after) == 3
        assert after == before

    def test_it_reads_unchanged_presentations_in_the_same_few_queries_however_many(self, world):
        """Saving a round's form again with nothing changed costs as many queries for three OPDs
        as for one: what is stored is read in one go, and nothing is written."""
        rows = self.rows(world)
        presentations(world, *rows)
        counts = []
        for wanted in (rows[:1], rows):
            with CaptureQueriesContext(connection) as captured:
                presentations(world, *wanted)
            counts.append(len(captured))
        assert counts[0] == counts[1]

    def test_it_records_who_changed_the_presentations_without_a_request(self, world):
        presentations(world, (world.kapuas_pupr, "Capaian akses sanitasi 78%", []))
        presented = AgencyPresentation.objects.get(session=world.kapuas_session)
        kapuas = world.users["kapuas"]
        assert [context(event) for event in events(AgencyPresentation, pgh_obj=presented)] == [
            {"action": "session.presentations", "user": kapuas.pk, "username": kapuas.username}
        ]


def take_part(world, participation: Participation, milestone: str, feedback: str = ""):
    participation.refresh_from_db()
    return services.participation_update(
        actor=world.users["province"],
        participation=participation,
        presentation="Capaian SSK",
        feedback=feedback,
        milestone=milestone,
        expected_version=participation.version,
    )


class ParticipationRulesTests:
    def test_it_confirms_a_milestone_at_a_clinic_held_today(self, world):
        session = world.province_session
        ClinicSession.objects.filter(pk=session.pk).update(date=timezone.localdate())
        take_part(world, session.participations.get(kabupaten=world.kapuas), "M2")
        achieved = MilestoneAchievement.objects.get(kabupaten=world.kapuas, milestone="M2")
        assert achieved.reached_on == timezone.localdate()

    def test_it_dates_and_signs_the_milestone_it_confirms(self, world):
        session = world.province_session
        take_part(world, session.participations.get(kabupaten=world.kapuas), "M2")
        achieved = MilestoneAchievement.objects.get(kabupaten=world.kapuas, milestone="M2")
        province = world.users["province"]
        assert (achieved.reached_on, achieved.note, achieved.recorded_by) == (
            session.date,
            "Dikonfirmasi pada Persiapan Coaching Clinic 3",
            province,
        )
        signed = {"user": province.pk, "username": province.username}
        participation = session.participations.get(kabupaten=world.kapuas)
        assert context(events(Participation, pgh_obj=participation).last()) == {
            "action": "participation.update",
            **signed,
        }
        assert context(events(MilestoneAchievement, pgh_obj=achieved).last()) == {
            "action": "milestone.confirm",
            **signed,
        }

    def test_it_confirms_a_milestone_again_only_when_it_changes(self, world):
        """Editing the feedback of a clinic that confirmed M2 leaves M2 as a later confirmation
        dated it; clearing the milestone of the participation unconfirms nothing."""
        participation = world.province_session.participations.get(kabupaten=world.kapuas)
        take_part(world, participation, "M2")
        later = services.milestone_confirm(
            actor=world.users["province"],
            kabupaten=world.kapuas,
            milestone="M2",
            reached_on=world.province_session.date + timedelta(days=30),
            note="Perbup ditetapkan",
        )
        take_part(world, participation, "M2", feedback="Lengkapi SK Pokja")
        take_part(world, participation, "", feedback="Lengkapi SK Pokja")
        stored = MilestoneAchievement.objects.get(kabupaten=world.kapuas, milestone="M2")
        assert (stored.reached_on, stored.note, stored.version) == (
            later.reached_on,
            "Perbup ditetapkan",
            later.version,
        )
        participation.refresh_from_db()
        assert (participation.feedback, participation.milestone_confirmed) == (
            "Lengkapi SK Pokja",
            "",
        )


def confirm(world, kabupaten, milestone, reached_on, **note):
    return services.milestone_confirm(
        actor=world.users["province"],
        kabupaten=kabupaten,
        milestone=milestone,
        reached_on=reached_on,
        **note,
    )


class MilestoneRulesTests:
    def test_it_confirms_a_milestone_reached_today_with_no_note(self, world):
        confirm(world, world.kapuas, "M1", timezone.localdate())
        achieved = MilestoneAchievement.objects.get(kabupaten=world.kapuas, milestone="M1")
        assert (achieved.reached_on, achieved.note) == (timezone.localdate(), "")

    def test_it_touches_only_the_kabupatens_own_milestone(self, world):
        """Seruyan's M1 and Kapuas's M1 are different records, and so are Kapuas's M1 and M2."""
        first = date(2025, 3, 1)
        confirm(world, world.seruyan, "M1", first, note="Seruyan")
        confirm(world, world.kapuas, "M1", first, note="Kapuas M1")
        confirm(world, world.kapuas, "M2", date(2025, 10, 20), note="Kapuas M2")
        assert {
            (a.kabupaten_id, a.milestone): (a.reached_on, a.note)
            for a in MilestoneAchievement.objects.all()
        } == {
            (world.seruyan.pk, "M1"): (first, "Seruyan"),
            (world.kapuas.pk, "M1"): (first, "Kapuas M1"),
            (world.kapuas.pk, "M2"): (date(2025, 10, 20), "Kapuas M2"),
        }


def key_share_from_elsewhere(record) -> bool:
    """Whether another connection can take the lock PostgreSQL takes on a row when a new row
    refers to it (a follow-up added for a kabupaten, evidence attached to a session), without
    waiting for the transaction that holds this one open."""
    outcome = []

    def elsewhere():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT 1 FROM {type(record)._meta.db_table} WHERE id = %s "
                    "FOR KEY SHARE NOWAIT",
                    [record.pk],
                )
            outcome.append(True)
        except OperationalError:  # the lock is not available
            outcome.append(False)
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join(timeout=60)
    [taken] = outcome
    return taken


class LockScopeTests:
    """The locks that keep two confirmations (or two saves of a round's presentations) apart
    leave the rest of the work on the kabupaten/kota or the session free to go on meanwhile."""

    def test_a_milestone_being_confirmed_holds_up_no_record_of_the_kabupaten(self, world):
        assert key_share_from_elsewhere(world.kapuas)
        confirm(world, world.kapuas, "M1", date(2025, 3, 1))  # its transaction is still open
        assert key_share_from_elsewhere(world.kapuas)

    def test_presentations_being_saved_hold_up_no_record_of_the_session(self, world):
        assert key_share_from_elsewhere(world.kapuas_session)
        presentations(world, (world.kapuas_pupr, "Capaian akses sanitasi 78%", []))
        assert key_share_from_elsewhere(world.kapuas_session)
