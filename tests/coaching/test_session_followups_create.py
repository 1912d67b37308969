from django.urls import reverse

from coaching.models import FollowUp
from tests.coaching.helpers import management


class SessionFollowUpsCreateTests:
    def url(self, world):
        return reverse("coaching:session-followups", kwargs={"pk": world.kapuas_session.pk})

    def rows(self, client, world, rows):
        page = client.get(self.url(world)).content.decode()
        data = {**management(page, "followups"), "followups-TOTAL_FORMS": str(len(rows))}
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"followups-{index}-{key}"] = value
        return client.post(self.url(world), data)

    def test_it_adds_several_at_once_ignoring_blank_rows(self, client_for, world):
        before = FollowUp.objects.count()
        response = self.rows(
            client_for("kapuas"),
            world,
            [
                {
                    "action": "Pilih teknologi jamban",
                    "owner": world.kapuas_pupr.pk,
                    "due_date": "2025-10-31",
                },
                {"action": "", "owner": "", "due_date": ""},
                {
                    "action": "TPS3R percontohan",
                    "owner": world.kapuas_dlh.pk,
                    "due_date": "2025-09-30",
                },
            ],
        )
        assert response.status_code == 302
        assert FollowUp.objects.count() == before + 2

    def test_it_refuses_a_due_date_before_the_session_and_keeps_every_row(self, client_for, world):
        before = FollowUp.objects.count()
        response = self.rows(
            client_for("kapuas"),
            world,
            [
                {
                    "action": "Pilih teknologi jamban",
                    "owner": world.kapuas_pupr.pk,
                    "due_date": "2025-10-31",
                },
                {
                    "action": "Usulan Musrenbang",
                    "owner": world.kapuas_dlh.pk,
                    "due_date": "2025-08-01",
                },
            ],
        )
        page = response.content.decode()
        assert "Tenggat tindak lanjut tidak boleh sebelum tanggal sesi." in page
        assert "Pilih teknologi jamban" in page and "Usulan Musrenbang" in page
        assert FollowUp.objects.count() == before

    def test_it_refuses_a_forged_owner_of_another_kabupaten(self, client_for, world):
        before = FollowUp.objects.count()
        response = self.rows(
            client_for("kapuas"),
            world,
            [{"action": "X", "owner": world.seruyan_pupr.pk, "due_date": "2025-10-31"}],
        )
        assert response.status_code == 200
        assert FollowUp.objects.count() == before

    def test_it_hides_another_kabupatens_session(self, client_for, world):
        assert client_for("seruyan").post(self.url(world), {}).status_code == 404
