from datetime import date

from django.urls import reverse

from coaching.models import FollowUp, FollowUpUpdate


class FollowUpProgressTests:
    def url(self, follow_up):
        return reverse("coaching:followup-progress", kwargs={"pk": follow_up.pk})

    def test_it_lets_the_owner_opd_report_progress(self, client_for, world):
        client = client_for("pupr")
        response = client.post(
            self.url(world.kapuas_followup),
            {"date": "2025-09-20", "status": "in_progress", "note": "Survei lokasi"},
        )
        assert response.status_code == 302
        world.kapuas_followup.refresh_from_db()
        assert world.kapuas_followup.status == "in_progress"
        assert FollowUpUpdate.objects.filter(
            follow_up=world.kapuas_followup, note="Survei lokasi"
        ).exists()
        page = client.get(world.kapuas_followup.get_absolute_url()).content.decode()
        assert "Survei lokasi" in page
        # The change history speaks the reader's language: the action, the field and the status.
        history = page[page.index("changes-heading") :]
        assert "Kemajuan dilaporkan" in history
        assert "Terbuka → Berjalan" in history

    def test_it_requires_a_reason_to_drop(self, client_for, world):
        response = client_for("pupr").post(
            self.url(world.kapuas_followup),
            {"date": "2025-09-20", "status": "dropped", "note": "x"},
        )
        assert response.status_code == 400
        assert "Jelaskan alasan tindak lanjut dibatalkan." in response.content.decode()

    def test_it_forbids_the_head_of_another_opd(self, client_for, world):
        dlh = FollowUp.objects.create(
            kabupaten=world.kapuas,
            session=world.kapuas_session,
            owner=world.kapuas_dlh,
            action="TPS3R",
            due_date=date(2025, 9, 30),
            created_by=world.users["kapuas"],
        )
        assert client_for("pupr").post(self.url(dlh), {}).status_code == 403
