"""The change history reads as sentences in the reader's language, not as database codes."""

from datetime import date

from django.urls import reverse
from django.utils import translation

from programs.audit import action_label, readable_changes, record_change
from programs.models import MilestoneAchievement


def test_a_follow_up_change_shows_labels_statuses_and_local_dates(world):
    entry = record_change(
        actor=world.users["kapuas"],
        action="followup.reassign",
        obj=world.kapuas_followup,
        changes={
            "status": ["open", "in_progress"],
            "due_date": ["2025-10-31", "2025-12-01"],
            "reason": "OPD baru",
        },
    )
    with translation.override("id"):
        assert action_label(entry) == "Tindak lanjut dialihkan"
        assert readable_changes(entry) == [
            ("status", ["Terbuka", "Berjalan"]),
            ("tenggat", ["31 Oktober 2025", "1 Desember 2025"]),
            ("alasan", "OPD baru"),
        ]
    with translation.override("en"):
        assert action_label(entry) == "Follow-up reassigned"
        assert readable_changes(entry)[1] == ("due date", ["31 October 2025", "1 December 2025"])


def test_an_unknown_action_or_key_is_shown_as_recorded(world):
    entry = record_change(
        actor=None, action="legacy.fix", obj=world.kapuas_followup, changes={"old_code": "X1"}
    )
    assert action_label(entry) == "legacy.fix"
    assert readable_changes(entry) == [("old code", "X1")]


def test_pages_name_nobody_gracefully_when_a_record_has_no_author(client_for, world):
    """Records made by commands (the demo data, imports run by an administrator's script) have
    no author; their pages must still render."""
    MilestoneAchievement.objects.create(
        kabupaten=world.kapuas, milestone="M1", reached_on=date(2025, 8, 12), recorded_by=None
    )
    record_change(actor=None, action="followup.create", obj=world.kapuas_followup)
    client = client_for("kapuas")

    history = client.get(reverse("coaching:milestone-history", kwargs={"code": "62.03"}))
    assert history.status_code == 200
    follow_up = client.get(world.kapuas_followup.get_absolute_url())
    assert follow_up.status_code == 200
    assert "sistem" in follow_up.content.decode()
