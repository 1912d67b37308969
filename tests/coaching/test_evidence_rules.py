"""What an attached piece of evidence keeps: the description as typed (trimmed, empty when none
was given), the uploader's file name cut to what the record holds, a history entry naming who
attached it, and, when the record is refused, the reason why and no file behind."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching import services
from coaching.models import Evidence
from tests.history import context, events
from tests.refusals import refusal
from tests.valid_forms import PDF


def pdf(name: str = "notulen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def stored_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


class EvidenceRulesTests:
    def test_it_keeps_the_description_trimmed(self, world):
        evidence = services.evidence_attach(
            actor=world.users["kapuas"],
            subject=world.kapuas_session,
            upload=pdf(),
            kind="minutes",
            description="  Notulen rapat koordinasi  ",
        )
        evidence.refresh_from_db()
        assert evidence.description == "Notulen rapat koordinasi"

    def test_it_leaves_the_description_empty_when_none_is_given(self, world):
        evidence = services.evidence_attach(
            actor=world.users["kapuas"],
            subject=world.kapuas_followup,
            upload=pdf(),
            kind="document",
        )
        evidence.refresh_from_db()
        assert evidence.description == ""

    def test_it_keeps_the_first_250_characters_of_a_long_file_name(self, world):
        """An upload's name is at most 255 characters; the record holds 250 of them."""
        name = "n" * 251 + ".pdf"
        evidence = services.evidence_attach(
            actor=world.users["kapuas"],
            subject=world.kapuas_quickwin,
            upload=pdf(name),
            kind="photo",
        )
        evidence.refresh_from_db()
        assert evidence.original_name == "n" * 250

    def test_it_records_who_attached_it_once_without_a_request(self, world):
        kapuas = world.users["kapuas"]
        evidence = services.evidence_attach(
            actor=kapuas, subject=world.kapuas_session, upload=pdf(), kind="minutes"
        )
        assert [context(event) for event in events(Evidence, pgh_obj=evidence)] == [
            {"action": "evidence.attach", "user": kapuas.pk, "username": kapuas.username}
        ]

    def test_it_says_why_a_record_is_refused_and_keeps_no_file(self, world):
        files = stored_files()
        with refusal(tables=(Evidence,)) as error:
            services.evidence_attach(
                actor=world.users["kapuas"],
                subject=world.kapuas_session,
                upload=pdf(),
                kind="minutes",
                description="x" * 251,
            )
        assert error.value.message_dict == {
            "description": [
                "Pastikan nilai ini mengandung paling banyak 250 karakter (sekarang 251 karakter)."
            ]
        }
        assert stored_files() == files
