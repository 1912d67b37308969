"""An import as a job of the person who uploaded it: checked, confirmed, applied once.

A file of up to `INLINE_ROWS` data rows is checked within the upload's request and applied
within the confirmation's; a larger one is checked and applied by the background worker
(`programs.tasks`) while its page refreshes itself. Either way the job holds the stored file
and its checksum, so that what is applied is exactly what was previewed, by the person who
previewed it, for the kabupaten it was previewed for. The confirmation locks the job's row: of
two clicks one applies and the other finds the job applied.
"""

import hashlib
import logging
from datetime import timedelta

import pghistory
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ppsp_portal.uploads import check_size
from programs.models import ImportJob

from .columns import (
    FUNDING_HEADERS,
    FUNDING_REQUIRED,
    TARGET_HEADERS,
    TARGET_REQUIRED,
    VALUE_HEADERS,
    VALUE_REQUIRED,
)
from .funding import FundingImport
from .importing import ImportOutcome, SheetImport
from .reading import MAX_UPLOAD_BYTES, Sheet, read_content
from .targets import TargetImport
from .values import ValueImport

logger = logging.getLogger(__name__)

INLINE_ROWS = 2_000
UNCONFIRMED_FOR = timedelta(days=1)
FINISHED_KEPT_FOR = timedelta(days=30)
# Removed at most per upload: the rest waits for the daily `manage.py cleanup`.
CLEANUP_PER_UPLOAD = 20

COLUMNS = {
    ImportJob.Kind.VALUES: (VALUE_REQUIRED, VALUE_HEADERS),
    ImportJob.Kind.TARGETS: (TARGET_REQUIRED, TARGET_HEADERS),
    ImportJob.Kind.FUNDING: (FUNDING_REQUIRED, FUNDING_HEADERS),
}


def importer(job: ImportJob, actor) -> SheetImport:
    if job.kind == ImportJob.Kind.VALUES:
        return ValueImport(
            kabupaten=job.kabupaten,
            year=job.year,
            actor=actor,
            allowed_agency_ids={job.agency_id} if job.agency_id else None,
        )
    if job.kind == ImportJob.Kind.FUNDING:
        return FundingImport(
            kabupaten=job.kabupaten, year=job.year, actor=actor, reporter=job.agency
        )
    return TargetImport(kabupaten=job.kabupaten, actor=actor)


def read_sheet(content: bytes, *, kind: str, name: str) -> Sheet:
    required, known = COLUMNS[kind]
    return read_content(content, name=name, required=required, known=known)


def _stored_sheet(job: ImportJob) -> Sheet:
    """The job's file as it was checked; refused if it changed on disk since."""
    try:
        with job.file.open("rb") as stored:
            content = stored.read(MAX_UPLOAD_BYTES + 1)
    except (OSError, ValueError):
        content = b""
    if hashlib.sha256(content).hexdigest() != job.checksum:
        raise ValidationError(_("The uploaded file is no longer available; upload it again."))
    return read_sheet(content, kind=job.kind, name=job.file_name)


def import_start(
    *, actor, kind: str, kabupaten, year: int | None, agency, upload, language: str
) -> tuple[ImportJob | None, ImportOutcome | None]:
    """Check an upload. A small file is checked at once: its outcome comes back, with a job to
    confirm when it has no errors (a file with errors is not kept). A large one comes back as a
    queued job that the worker checks.

    Raises ValidationError when the file cannot be read (its work is bounded: see `xlsx`)."""
    import_jobs_prune(limit=CLEANUP_PER_UPLOAD)
    check_size(upload.size, MAX_UPLOAD_BYTES)
    upload.seek(0)
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    name = (upload.name or "")[:250]
    sheet = read_sheet(content, kind=kind, name=name)
    job = ImportJob(
        kind=kind,
        kabupaten=kabupaten,
        year=year,
        agency=agency,
        requested_by=actor,
        language=language,
        file_name=name,
        checksum=hashlib.sha256(content).hexdigest(),
        rows=len(sheet.rows),
    )
    outcome = None
    if job.rows <= INLINE_ROWS:
        outcome = importer(job, actor).run(sheet, confirm=False)
        if outcome.has_errors:
            return None, outcome
        job.status = ImportJob.Status.READY
        job.progress = 100
        job.outcome = outcome.as_json()
    job.file.save("upload", ContentFile(content), save=False)
    with transaction.atomic():
        job.save()
        if job.status == ImportJob.Status.QUEUED:
            from programs.tasks import check_import

            # The task row commits with the job row: a worker never sees one without the other.
            check_import.enqueue(str(job.pk))
    return job, outcome


def _progress(job: ImportJob, percent: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(progress=percent)


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, progress=100, error=message, finished_at=timezone.now()
    )


def import_job_check(*, job_id: str) -> None:
    """The worker's dry run of a queued job."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.CHECKING, progress=5
    )
    if not claimed:
        return  # removed meanwhile, or already checked by another worker
    job = ImportJob.objects.select_related("kabupaten", "requested_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            sheet = _stored_sheet(job)
            _progress(job, 40)
            outcome = importer(job, job.requested_by).run(sheet, confirm=False)
        except ValidationError as error:
            _fail(job, error.messages[0])
            return
        except Exception:
            logger.exception("Checking import %s failed", job_id)
            _fail(
                job,
                _(
                    "The file could not be checked. Upload it again; if it fails again, "
                    "tell the portal's administrator."
                ),
            )
            return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED if outcome.has_errors else ImportJob.Status.READY,
        progress=100,
        outcome=outcome.as_json(),
    )


def import_job_confirm(*, job: ImportJob, actor) -> tuple[ImportJob, bool]:
    """Apply a job the person checked: now when small, by the worker when large.

    Returns the job and whether this call applied it. A job that is not ready (applied, being
    applied, refused) is left as it is: a second click lands on the first one's result."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(of=("self",))
            .select_related("kabupaten", "requested_by")
            .get(pk=job.pk)
        )
        if job.status != ImportJob.Status.READY or job.requested_by_id != actor.pk:
            return job, False
        if job.rows > INLINE_ROWS:
            from programs.tasks import apply_import

            job.status = ImportJob.Status.APPLYING
            job.progress = 1
            job.save(update_fields=["status", "progress"])
            apply_import.enqueue(str(job.pk))
            return job, False
        try:
            sheet = _stored_sheet(job)
        except ValidationError as error:
            _finish(job, outcome=None, error=error.messages[0])
            return job, True
        _apply(job, sheet)
    return job, True


def import_job_apply(*, job_id: str) -> None:
    """The worker's half of confirming a large job."""
    job = ImportJob.objects.select_related("kabupaten", "requested_by").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.APPLYING:
        return
    with translation.override(job.language):
        try:
            sheet = _stored_sheet(job)
        except ValidationError as error:
            _fail(job, error.messages[0])
            return
        _progress(job, 40)
        try:
            with transaction.atomic():
                job = (
                    ImportJob.objects.select_for_update(of=("self",))
                    .select_related("kabupaten", "requested_by")
                    .get(pk=job_id)
                )
                if job.status != ImportJob.Status.APPLYING:
                    return
                _apply(job, sheet)
        except Exception:
            # Nothing was written (the transaction rolled back); the page must not wait forever.
            logger.exception("Applying import %s failed", job_id)
            _fail(
                job,
                _(
                    "The import could not be saved; nothing was written. Try again; if it "
                    "fails again, tell the portal's administrator."
                ),
            )


def _apply(job: ImportJob, sheet: Sheet) -> None:
    """Write the job's rows (all or none) and record how it ended, in the caller's transaction."""
    actor = job.requested_by
    # The history names the uploader, also when the worker writes (it has no request).
    with (
        translation.override(job.language),
        pghistory.context(user=actor.pk, username=actor.get_username()),
    ):
        outcome = importer(job, actor).run(sheet, confirm=True)
    _finish(job, outcome=outcome)


def _finish(job: ImportJob, *, outcome: ImportOutcome | None, error: str = "") -> None:
    done = outcome is not None and not outcome.has_errors and not error
    job.status = ImportJob.Status.DONE if done else ImportJob.Status.FAILED
    job.progress = 100
    job.error = error
    job.finished_at = timezone.now()
    if outcome is not None:
        # Once applied, the totals say what happened; the rows only matter when refused.
        job.outcome = outcome.as_json(with_rows=not done)
    if done and job.file:
        name, storage = job.file.name, job.file.storage
        transaction.on_commit(lambda: storage.delete(name))
        job.file = ""
    job.save()


def import_jobs_prune(*, limit: int | None = None, now=None) -> int:
    """Remove jobs never confirmed after a day, and finished ones after a month, with their
    files. Jobs being applied at this moment are left alone (they hold their row's lock)."""
    now = now or timezone.now()
    expired = ImportJob.objects.filter(created_at__lt=now - UNCONFIRMED_FOR).exclude(
        status__in=[ImportJob.Status.DONE, ImportJob.Status.APPLYING]
    ) | ImportJob.objects.filter(created_at__lt=now - FINISHED_KEPT_FOR)
    with transaction.atomic():
        jobs = list(
            expired.order_by("created_at")
            .select_for_update(skip_locked=True)
            .only("pk", "file")[:limit]
        )
        files = [(job.file.storage, job.file.name) for job in jobs if job.file]
        ImportJob.objects.filter(pk__in=[job.pk for job in jobs]).delete()
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return len(jobs)
