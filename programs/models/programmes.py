"""A kabupaten's programmes and policy packages, and the SSK milestones it reached."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..tracking import tracked, versioned
from .base import Milestone, Sector, Versioned
from .regions import Agency, Kabupaten


@tracked()
class Programme(models.Model):
    """A kabupaten's bundle of policy packages, e.g. "Seruyan Barasih"."""

    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.CASCADE,
        related_name="programmes",
        verbose_name=_("kabupaten/kota"),
    )
    name = models.CharField(_("programme name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))

    class Meta:
        ordering = ["kabupaten", "start_year", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "name"], name="programme_unique_name"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="programme_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


@tracked()
class PolicyPackage(models.Model):
    """A paket kebijakan: a numbered part of a programme, carried by some of its OPDs."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="packages", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    sectors = ArrayField(
        models.CharField(max_length=20, choices=Sector.choices),
        verbose_name=_("sectors"),
        default=list,
    )
    agencies = models.ManyToManyField(
        Agency,
        through="PolicyPackageAgency",
        related_name="policy_packages",
        blank=True,
        verbose_name=_("regional agencies"),
    )

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("policy package")
        verbose_name_plural = _("policy packages")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="package_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="package_number_positive"),
        ]

    def __str__(self) -> str:
        return _("Policy Package %(number)s") % {"number": self.number}

    @property
    def sector_labels(self) -> list[str]:
        return [str(Sector(s).label) for s in self.sectors]


@tracked()
class PolicyPackageAgency(models.Model):
    """An OPD that carries a policy package (a model of its own so that it has a history)."""

    policypackage = models.ForeignKey(
        PolicyPackage, on_delete=models.CASCADE, verbose_name=_("policy package")
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, verbose_name=_("OPD"))

    class Meta:
        db_table = "programs_policypackage_agencies"
        unique_together = [("policypackage", "agency")]
        verbose_name = _("OPD of a policy package")
        verbose_name_plural = _("OPDs of a policy package")

    def __str__(self) -> str:
        return str(self.agency)


@tracked()
@versioned
class MilestoneAchievement(Versioned):
    """The date a kabupaten reached an SSK milestone, as confirmed by the province."""

    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("kabupaten/kota"),
    )
    milestone = models.CharField(_("milestone"), max_length=2, choices=Milestone.choices)
    reached_on = models.DateField(_("date reached"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["kabupaten", "milestone"]
        verbose_name = _("SSK milestone reached")
        verbose_name_plural = _("SSK milestones reached")
        constraints = [
            models.UniqueConstraint(
                fields=["kabupaten", "milestone"], name="milestone_unique_per_kabupaten"
            ),
            models.CheckConstraint(
                condition=Q(milestone__in=["M1", "M2", "M3", "M4"]), name="milestone_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kabupaten.name} {self.milestone}"
