"""What the portal's models share: authorship, versions, plan years, sectors and milestones."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def evidence_path(instance, filename: str) -> str:
    # A random name on disk; the uploader's file name is kept in the model, never used as a path.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


FIRST_PLAN_YEAR = 2000
LAST_PLAN_YEAR = 2100


class Authored(models.Model):
    """Who created a record, when, and when it last changed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record people edit: an edit based on an older `version` is refused as a conflict.

    The database bumps the version on every UPDATE (see `tracking.versioned`); `save` keeps
    this copy in step so that a service can hand the new version back to its form.
    """

    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        updating = not self._state.adding
        super().save(*args, **kwargs)
        if updating:
            self.version += 1


class Sector(models.TextChoices):
    WASTEWATER = "air_limbah", _("Domestic wastewater")
    SOLID_WASTE = "persampahan", _("Solid waste")
    DRINKING_WATER = "air_minum", _("Drinking water")
    DRAINAGE = "drainase", _("Drainage")
    HYGIENE = "higiene", _("Hygiene and PHBS")
    STUNTING = "stunting", _("Stunting")


class Milestone(models.TextChoices):
    M1 = "M1", _("M1 – Regional head's commitment")
    M2 = "M2", _("M2 – Policy package adopted")
    M3 = "M3", _("M3 – Limited-scale service-model trial")
    M4 = "M4", _("M4 – Full-scale service")
