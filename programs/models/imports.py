"""Spreadsheet imports in progress: each one bound to the person who uploaded it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .regions import Agency, Kabupaten


def import_path(instance, filename: str) -> str:
    # A random name on disk; the uploader's file name is kept in the model, never used as a path.
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.upload"


class ImportJob(models.Model):
    """One spreadsheet import, from upload to confirmation, bound to the person who uploaded it.

    The preview and the confirmation belong to this row — its uploader, kabupaten, kind and the
    stored file with its checksum — so that nobody else can confirm it and it applies once. A
    small file is checked and applied within the request; a large one by the background worker
    while its page shows the progress. Jobs never confirmed are removed after a day
    (`manage.py cleanup`).
    """

    class Kind(models.TextChoices):
        VALUES = "values", _("Actual values")
        TARGETS = "targets", _("Targets")
        FUNDING = "funding", _("Funding")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CHECKING = "checking", _("Being checked")
        READY = "ready", _("Ready to confirm")
        APPLYING = "applying", _("Being saved")
        DONE = "done", _("Saved")
        FAILED = "failed", _("Not saved")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("import"), max_length=8, choices=Kind.choices)
    kabupaten = models.ForeignKey(
        Kabupaten, on_delete=models.CASCADE, related_name="+", verbose_name=_("kabupaten/kota")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    # Set when the uploader may import only their OPD's values (or realisasi).
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # The uploader's language: a background check writes its messages in it.
    language = models.CharField(max_length=8, default="id")
    file = models.FileField(_("file"), upload_to=import_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=250)
    checksum = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("data rows"), default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The preview: totals and, until it is applied, every row's result and problems.
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="import_job_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.kabupaten_id} {self.file_name}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.APPLYING)
