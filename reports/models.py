"""The report archive: every PDF the portal generated, by whom, when, on which data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.models import Kabupaten, Province
from programs.tracking import tracked


# Progress ticks while a report renders: not a change anybody made.
@tracked(exclude=("progress",))
class Report(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten/kota progress report")
        PROVINCE = "province", _("Province summary")
        NATIONAL = "national", _("National summary")
        MINUTES = "minutes", _("Minutes of a coaching clinic session")
        OPD_SHEET = "opd_sheet", _("OPD target sheet")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("report"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    # What the report is about; the archive shows each person the reports of their region.
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kabupaten = models.ForeignKey(
        Kabupaten, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    data_cutoff = models.DateTimeField(_("data cut-off"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    pages = models.PositiveSmallIntegerField(_("pages"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max_100"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="report_done_has_file"
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="report_status_requested")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


# The public section's models live with its code; imported here so that Django finds them.
from .public.models import KabupatenPublication, PublicationSettings, PublicationVersion  # noqa: E402

__all__ = ["KabupatenPublication", "PublicationSettings", "PublicationVersion", "Report"]
