"""Sessions from the side of what must not happen: an OPD of another kabupaten/kota attending
or presenting at an internal round, presentations at a province clinic, a participant of
another province, and a participant removed while follow-ups of the session are theirs.
Each refusal says why in Indonesian and leaves the session with its parts as they were."""

from datetime import date

from django.urls import reverse

from coaching import services
from coaching.models import (
    AgencyPresentation,
    Attendance,
    ClinicSession,
    FollowUp,
    Participation,
)
from tests.forms import form_data
from tests.refusals import nothing_written, refusal, told

SESSION_PARTS = (Attendance, Participation, AgencyPresentation, ClinicSession)


class SessionRefusalTests:
    def test_no_opd_of_another_kabupaten_attends_an_internal_round(self, world):
        session = world.kapuas_session
        with refusal(session, tables=SESSION_PARTS) as error:
            services.session_save(
                actor=world.users["kapuas"],
                session=session,
                expected_version=session.version,
                attendances=[
                    services.AttendanceRow(world.kapuas_pupr, "Kabid Cipta Karya"),
                    services.AttendanceRow(world.seruyan_pupr, "Kabid Seruyan"),
                ],
            )
        assert told(error) == "OPD dari kabupaten/kota lain tidak dapat dicatat hadir."

    def test_no_kabupaten_of_another_province_takes_part_in_a_province_clinic(self, world):
        session = world.province_session
        with refusal(session, tables=SESSION_PARTS) as error:
            services.session_save(
                actor=world.users["province"],
                session=session,
                expected_version=session.version,
                participants=[world.kapuas, world.banjar],
            )
        assert told(error) == "Kabupaten/kota dari provinsi lain tidak dapat ikut serta."

    def test_a_participant_with_follow_ups_of_the_clinic_stays_a_participant(
        self, client_for, world
    ):
        session = world.province_session
        FollowUp.objects.create(
            kabupaten=world.kapuas,
            session=session,
            owner=world.kapuas_pupr,
            action="Menetapkan lokasi uji coba",
            due_date=date(2099, 1, 31),
            created_by=world.users["province"],
        )
        client = client_for("province")
        url = reverse("coaching:session-edit", kwargs={"pk": session.pk})
        data = form_data(client.get(url).content.decode(), "venue")
        data["participants"] = [str(world.seruyan.pk)]  # Kapuas unticked
        with nothing_written(session, tables=SESSION_PARTS):
            response = client.post(url, data)
        assert response.status_code == 200
        assert (
            "Kabupaten/kota yang sudah memiliki tindak lanjut dari sesi ini tidak dapat dihapus."
            in response.content.decode()
        )
        assert set(session.participations.values_list("kabupaten", flat=True)) == {
            world.kapuas.pk,
            world.seruyan.pk,
        }

    def test_a_province_clinic_has_no_opd_presentations(self, world):
        row = services.PresentationRow(world.kapuas_pupr, "Capaian 78%", [])
        with refusal(world.province_session, tables=SESSION_PARTS) as error:
            services.presentations_save(
                actor=world.users["province"], session=world.province_session, rows=[row]
            )
        assert told(error) == "Paparan OPD hanya untuk rakor internal kabupaten/kota."

    def test_no_opd_of_another_kabupaten_presents_at_an_internal_round(self, world):
        rows = [
            services.PresentationRow(world.kapuas_pupr, "Capaian 78%", []),
            services.PresentationRow(world.seruyan_pupr, "Capaian Seruyan", []),
        ]
        with refusal(world.kapuas_session, tables=SESSION_PARTS) as error:
            services.presentations_save(
                actor=world.users["kapuas"], session=world.kapuas_session, rows=rows
            )
        assert told(error) == "OPD dari kabupaten/kota lain tidak dapat memaparkan di sini."
