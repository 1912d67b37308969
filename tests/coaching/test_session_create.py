from django.urls import reverse

from coaching.models import ClinicSession
from tests.coaching.helpers import session_post
from tests.history import actions


class SessionCreateTests:
    url = reverse("coaching:session-create", kwargs={"code": "62.03"})

    def test_it_records_a_round_with_attendance_and_guests(self, client_for, world):
        client = client_for("kapuas")
        response = session_post(client, self.url, world)
        session = ClinicSession.objects.latest("id")
        assert response.url == session.get_absolute_url()
        assert set(session.attendances.values_list("agency", flat=True)) == {
            world.kapuas_pupr.pk,
            world.kapuas_dlh.pk,
        }
        page = client.get(response.url).content.decode()
        assert "25 Agustus 2025" in page and "Senin" in page
        assert "Bapperida Provinsi Kalimantan Tengah" in page
        assert actions(session) == ["session.create"]

    def test_it_keeps_what_was_typed_when_a_field_is_missing(self, client_for, world):
        before = ClinicSession.objects.count()
        response = session_post(client_for("kapuas"), self.url, world, title="")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Bidang ini tidak boleh kosong." in page
        assert 'value="Aula Bapperida Kapuas"' in page and "OPD memaparkan capaian" in page
        assert ClinicSession.objects.count() == before

    def test_it_refuses_a_forged_opd_of_another_kabupaten(self, client_for, world):
        before = ClinicSession.objects.count()
        response = session_post(
            client_for("kapuas"),
            self.url,
            world,
            **{"attendance-0-agency": str(world.seruyan_pupr.pk), "attendance-0-present": "on"},
        )
        assert response.status_code == 200
        assert ClinicSession.objects.count() == before
