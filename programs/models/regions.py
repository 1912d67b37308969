"""Provinces, kabupaten/kota and their regional agencies (OPD)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..tracking import tracked


@tracked()
class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=12, decimal_places=3, null=True)
    population = models.PositiveIntegerField(_("population"), null=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


@tracked()
class Kabupaten(models.Model):
    """A kabupaten or a kota: the unit that implements an SSK."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="kabupaten_set", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=12, decimal_places=3, null=True)
    population = models.PositiveIntegerField(_("population"), null=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}\.[0-9]{2}$"), name="kabupaten_code_format"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("programs:kabupaten-detail", kwargs={"code": self.code})

    @property
    def full_name(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


@tracked()
class Agency(models.Model):
    """A perangkat daerah (OPD) of a kabupaten that takes part in the SSK."""

    class Kind(models.TextChoices):
        BAPPERIDA = "bapperida", _("Bapperida")
        PUBLIC_WORKS = "pupr", _("Public works / housing and settlements")
        ENVIRONMENT = "dlh", _("Environment")
        HEALTH = "dinkes", _("Health")
        VILLAGE = "dpmd", _("Community and village empowerment")
        WATER_UTILITY = "pdam", _("Water utility (Perumda Air Minum)")
        WASTEWATER_UNIT = "uptd", _("Wastewater management unit (UPTD)")
        INFORMATION = "kominfo", _("Communication and informatics")
        FINANCE = "bpkad", _("Regional finance")
        SUBDISTRICT = "kecamatan", _("Subdistrict (kecamatan)")
        OTHER = "lain", _("Other")

    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.CASCADE,
        related_name="agencies",
        verbose_name=_("kabupaten/kota"),
    )
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=30)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    head_name = models.CharField(_("head's name"), max_length=120, blank=True)
    head_title = models.CharField(_("head's title"), max_length=120, blank=True)

    class Meta:
        ordering = ["kabupaten", "abbreviation"]
        verbose_name = _("regional agency (OPD)")
        verbose_name_plural = _("regional agencies (OPD)")
        constraints = [
            models.UniqueConstraint(
                fields=["kabupaten", "abbreviation"], name="agency_unique_abbreviation"
            ),
        ]

    def __str__(self) -> str:
        return self.abbreviation
