"""What decides what the public section shows, and the version its cache is keyed by."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models import Kabupaten
from programs.tracking import tracked


@tracked()
class PublicationSettings(models.Model):
    """The public section's switch, its publisher and the licence of its open data: one row,
    kept by the site administrator in the admin."""

    enabled = models.BooleanField(
        _("public section published"),
        default=True,
        help_text=_("Switched off, every public page and download answers “not published”."),
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Shown on every public page, e.g. Bapperida Provinsi Kalimantan Tengah."),
    )
    licence = models.CharField(
        _("licence of the open data"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the data dictionary and in every JSON download."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publication settings")
        verbose_name_plural = _("publication settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="publication_settings_one")]

    def __str__(self) -> str:
        return str(_("Publication settings"))

    @classmethod
    def current(cls) -> "PublicationSettings":
        """The stored settings, or the defaults before anybody saved any."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


@tracked()
class KabupatenPublication(models.Model):
    """Whether a kabupaten/kota shows its figures in the public section. Without a row it does:
    a kabupaten/kota opts out (its Bapperida on its page, or the administrator)."""

    kabupaten = models.OneToOneField(
        Kabupaten,
        on_delete=models.CASCADE,
        related_name="publication",
        verbose_name=_("kabupaten/kota"),
    )
    published = models.BooleanField(_("shown on the public pages"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kabupaten__code"]
        verbose_name = _("publication of a kabupaten/kota")
        verbose_name_plural = _("publication of the kabupaten/kota")

    def __str__(self) -> str:
        return str(self.kabupaten)


class PublicationVersion(models.Model):
    """Bumped by PostgreSQL triggers, never by the code (see migration reports/0004).

    Several rows (shards), each taken by the writing connection's process id, so that two
    transactions writing at once rarely wait for each other's commit on one row. A row holds
    the last value of a sequence that never restarts; the set of rows read together is the
    version, and it changes with every committed change that a public page shows.
    """

    shard = models.PositiveSmallIntegerField(primary_key=True)
    version = models.BigIntegerField()
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("publication version")
        verbose_name_plural = _("publication versions")

    def __str__(self) -> str:
        return f"{self.shard}: {self.version}"
