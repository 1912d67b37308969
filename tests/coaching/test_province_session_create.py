from datetime import date

from django.urls import reverse

from coaching.models import ClinicSession
from programs.models import MilestoneAchievement
from tests.coaching.helpers import management


class ProvinceSessionCreateTests:
    url = reverse("coaching:province-session-create", kwargs={"code": "62"})

    def test_it_records_participants_whose_part_then_confirms_a_milestone(self, client_for, world):
        client = client_for("province")
        page = client.get(self.url).content.decode()
        response = client.post(
            self.url,
            {
                "title": "Persiapan Coaching Clinic 3",
                "clinic_number": "3",
                "date": "2025-10-20",
                "venue": "Bapperida Provinsi Kalimantan Tengah",
                "chair": "",
                "agenda": "",
                "summary": "",
                "recommendations": "",
                "decisions": "",
                "participants": [world.kapuas.pk, world.seruyan.pk],
                **management(page, "guests"),
            },
        )
        session = ClinicSession.objects.latest("id")
        assert response.url == session.get_absolute_url()
        assert set(session.participations.values_list("kabupaten__code", flat=True)) == {
            "62.03",
            "62.07",
        }
        edit = reverse("coaching:participation-edit", kwargs={"pk": session.pk, "code": "62.07"})
        client.post(
            edit,
            {
                "presentation": "Seruyan Barasih",
                "feedback": "Tetapkan lokasi",
                "milestone_confirmed": "M2",
            },
        )
        achievement = MilestoneAchievement.objects.get(kabupaten=world.seruyan, milestone="M2")
        assert achievement.reached_on == date(2025, 10, 20)

    def test_it_refuses_a_participant_of_another_province(self, client_for, world):
        client = client_for("province")
        page = client.get(self.url).content.decode()
        before = ClinicSession.objects.count()
        response = client.post(
            self.url,
            {
                "title": "X",
                "date": "2025-10-20",
                "venue": "Y",
                "participants": [world.banjar.pk],
                **management(page, "guests"),
            },
        )
        assert response.status_code == 200
        assert ClinicSession.objects.count() == before
