"""The change history reads as sentences in the reader's language, not as database codes."""

from django.utils import translation

from programs.audit import action_label, readable_changes, record_change


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
