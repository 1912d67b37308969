from datetime import date

from django.urls import reverse

from coaching import services


class MilestoneHistoryTests:
    def test_it_shows_its_change_history_in_the_page_not_in_its_title(self, client_for, world):
        services.milestone_confirm(
            actor=world.users["province"],
            kabupaten=world.kapuas,
            milestone="M2",
            reached_on=date(2025, 10, 20),
        )
        html = (
            client_for("kapuas")
            .get(reverse("coaching:milestone-history", kwargs={"code": world.kapuas.code}))
            .content.decode()
        )
        title = html[html.index("<title>") : html.index("</title>")]
        body = html[html.index("<main") :]
        assert "Riwayat perubahan" not in title
        assert 'id="changes-heading"' in body
        assert "Milestone dikonfirmasi" in body
