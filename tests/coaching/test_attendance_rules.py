"""Editing who was at a session: the OPDs attending an internal round, its guests, and the
kabupaten/kota taking part in a province clinic. Rows that stay are kept (same row, no new
history entry), changed ones are updated in place, and only those dropped are removed, so
that the history says who was added, changed or removed, and by whom."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coaching import services
from coaching.models import Attendance, ClinicSession, FollowUp, Guest, Participation
from programs.models import Kabupaten
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
