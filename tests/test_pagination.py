"""Long lists come in pages of 50, and every row stays reachable with the filters kept."""

import re
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.models import FollowUp
from reports.models import Report


def follow_up_actions(html: str) -> list[str]:
    return re.findall(r">(Pilot RTL \d+)</a>", html)


class TestFollowUpTracker:
    def test_sixty_follow_ups_come_in_two_pages_with_the_filter_kept(self, client_for, world):
        for n in range(60):  # Dinkes, which owns no other follow-up
            FollowUp.objects.create(
                kabupaten=world.kapuas,
                session=world.kapuas_session,
                owner=world.kapuas_dinkes,
                action=f"Pilot RTL {n}",
                due_date=date(2030, 1, 1) + timedelta(days=n),
                created_by=world.users["kapuas"],
            )
        client = client_for("kapuas")
        url = reverse("coaching:followup-list", kwargs={"code": "62.03"})
        first = client.get(url, {"owner": world.kapuas_dinkes.pk}).content.decode()

        assert follow_up_actions(first) == [f"Pilot RTL {n}" for n in range(50)]
        assert "51–60" not in first
        assert f"owner={world.kapuas_dinkes.pk}&amp;page=2" in first
        second = client.get(url, {"owner": world.kapuas_dinkes.pk, "page": 2}).content.decode()
        assert follow_up_actions(second) == [f"Pilot RTL {n}" for n in range(50, 60)]
        assert "51–60" in second

    def test_the_tracker_counts_its_rows_once(self, client_for, world):
        """The counts above the table already hold the total; paging must not count again."""
        client = client_for("kapuas")
        url = reverse("coaching:followup-list", kwargs={"code": "62.03"})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counting = [q["sql"] for q in queries if 'COUNT(*) AS "__count"' in q["sql"]]
        assert counting == []

    def test_a_page_number_past_the_end_shows_the_last_page(self, client_for, world):
        client = client_for("kapuas")
        url = reverse("coaching:followup-list", kwargs={"code": "62.03"})
        response = client.get(url, {"page": "999"})
        assert response.status_code == 200
        assert world.kapuas_followup.action[:40] in response.content.decode()

    def test_a_short_list_has_no_page_links(self, client_for, world):
        client = client_for("kapuas")
        url = reverse("coaching:followup-list", kwargs={"code": "62.03"})
        assert "page=2" not in client.get(url).content.decode()


class TestReportArchive:
    def test_every_report_stays_reachable_past_the_first_page(self, client_for, world):
        for n in range(55):
            Report.objects.create(
                kind="kabupaten",
                title=f"Arsip uji {n:02d}",
                kabupaten=world.kapuas,
                province=world.kalteng,
                parameters={"year": 2025},
                requested_by=world.users["kapuas"],
            )
        client = client_for("kapuas")
        url = reverse("reports:report-list")
        pages = client.get(url).content.decode() + client.get(url, {"page": 2}).content.decode()
        titles = re.findall(r">(Arsip uji \d\d)</a>", pages)
        assert sorted(titles) == [f"Arsip uji {n:02d}" for n in range(55)]
