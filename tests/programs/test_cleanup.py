"""`manage.py cleanup`, run daily: import previews never confirmed go after a day, finished
imports and submission receipts after 30 days, expired sessions at once; and every upload
removes a few expired previews on its way."""

import io
import uuid
from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from programs.models import ImportJob, SubmissionReceipt
from programs.spreadsheets import jobs
from tests.spreadsheets import upload, value_row, values_file, waiting_job


def job(world, status, *, age: timedelta) -> ImportJob:
    made = waiting_job(world, status, file=ContentFile(b"PK", name="upload"))
    ImportJob.objects.filter(pk=made.pk).update(created_at=timezone.now() - age)
    return made


def receipt(world, *, age: timedelta) -> SubmissionReceipt:
    made = SubmissionReceipt.objects.create(key=uuid.uuid4(), user=world.users["kapuas"])
    SubmissionReceipt.objects.filter(pk=made.pk).update(created_at=timezone.now() - age)
    return made


HOURS = timedelta(hours=1)
DAYS = timedelta(days=1)


class TestCleanupCommand:
    def test_it_removes_previews_never_confirmed_after_a_day(
        self, world, django_capture_on_commit_callbacks
    ):
        kept = [
            job(world, ImportJob.Status.READY, age=23 * HOURS),
            job(world, ImportJob.Status.DONE, age=29 * DAYS),
            job(world, ImportJob.Status.APPLYING, age=2 * DAYS),
        ]
        removed = [
            job(world, ImportJob.Status.READY, age=25 * HOURS),
            job(world, ImportJob.Status.QUEUED, age=2 * DAYS),
            job(world, ImportJob.Status.FAILED, age=2 * DAYS),
            job(world, ImportJob.Status.DONE, age=31 * DAYS),
        ]
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):  # files go once the rows have
            call_command("cleanup", stdout=out)

        assert "Removed 4 spreadsheet imports" in out.getvalue()
        assert set(ImportJob.objects.values_list("pk", flat=True)) == {j.pk for j in kept}
        for gone in removed:
            assert not default_storage.exists(gone.file.name), "its file goes with it"
        for stays in kept:
            assert default_storage.exists(stays.file.name)

    def test_it_forgets_submission_receipts_after_a_month(self, world):
        recent = receipt(world, age=29 * DAYS)
        receipt(world, age=31 * DAYS)
        call_command("cleanup", stdout=io.StringIO())
        assert list(SubmissionReceipt.objects.values_list("pk", flat=True)) == [recent.pk]

    def test_it_removes_expired_sessions(self, world):
        signed_in = set(Session.objects.values_list("session_key", flat=True))  # the personas'
        expired, current = SessionStore(), SessionStore()
        expired.set_expiry(-60)
        expired.create()
        current.create()
        call_command("cleanup", stdout=io.StringIO())
        remaining = set(Session.objects.values_list("session_key", flat=True))
        assert remaining == signed_in | {current.session_key}


class TestCleanupOnUpload:
    def test_an_upload_removes_a_bounded_number_of_expired_previews(
        self, client_for, world, monkeypatch
    ):
        monkeypatch.setattr(jobs, "CLEANUP_PER_UPLOAD", 2)
        for _ in range(3):
            job(world, ImportJob.Status.READY, age=2 * DAYS)
        response = upload(client_for("kapuas"), "values", values_file([value_row("AL-03", 1, 3)]))
        assert response.status_code == 200
        assert ImportJob.objects.filter(created_at__lt=timezone.now() - DAYS).count() == 1
        assert ImportJob.objects.filter(status=ImportJob.Status.READY).count() == 2
