"""Regions, agencies, policy packages, indicators, targets and actual values.

Rules that must hold whatever writes the row live in the database: unique and check
constraints here, and the cross-table rules (a value within its indicator's range, a period
its indicator's frequency has) in the triggers of migration 0002. `clean()` repeats them so
that forms can answer in the user's language before the database has to refuse.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tracking import tracked, versioned


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
        Agency, related_name="policy_packages", blank=True, verbose_name=_("regional agencies")
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
class Indicator(models.Model):
    class Measure(models.TextChoices):
        PERCENT = "percent", _("Percentage (0–100)")
        COUNT = "count", _("Count (whole number)")
        NUMBER = "number", _("Number (not negative)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("Annual")
        SEMESTER = "semester", _("Semester")
        QUARTERLY = "quarterly", _("Quarterly")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    unit = models.CharField(_("unit"), max_length=60)
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=2)
    frequency = models.CharField(_("reporting frequency"), max_length=10, choices=Frequency.choices)
    national_target = models.DecimalField(
        _("national target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    national_target_source = models.CharField(
        _("national target source"), max_length=100, blank=True
    )
    national_target_year = models.PositiveSmallIntegerField(
        _("national target year"), null=True, blank=True
    )
    description = models.TextField(_("notes"), blank=True)
    usual_agency = models.CharField(_("usual OPD"), max_length=100, blank=True)
    is_key = models.BooleanField(_("key indicator"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=Q(decimals__lte=4), name="indicator_decimals_max_4"),
            models.CheckConstraint(
                condition=~Q(measure="percent")
                | Q(national_target__isnull=True)
                | Q(national_target__gte=0, national_target__lte=100),
                name="indicator_national_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.frequency]

    def period_label(self, period: int) -> str:
        return period_label(self.frequency, period)

    def value_error(self, value: Decimal | None) -> str | None:
        """Why `value` cannot be a baseline, target or actual value of this indicator, if so."""
        if value is None:
            return None
        if value < 0:
            return str(_("The value cannot be negative."))
        if self.measure == self.Measure.PERCENT and value > 100:
            return str(_("A percentage must be between 0 and 100."))
        if self.measure == self.Measure.COUNT and value != value.to_integral_value():
            return str(_("A count must be a whole number."))
        return None


PERIODS_PER_YEAR = {
    Indicator.Frequency.ANNUAL: 1,
    Indicator.Frequency.SEMESTER: 2,
    Indicator.Frequency.QUARTERLY: 4,
}


def period_label(frequency: str, period: int) -> str:
    if frequency == Indicator.Frequency.QUARTERLY:
        return str(_("Quarter %(n)s") % {"n": period})
    if frequency == Indicator.Frequency.SEMESTER:
        return str(_("Semester %(n)s") % {"n": period})
    return str(_("Annual"))


@tracked()
@versioned
class IndicatorTarget(Versioned):
    """What a kabupaten aims for on one indicator in one year, and which OPD answers for it."""

    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("kabupaten/kota"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    responsible_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("responsible OPD"),
    )
    policy_package = models.ForeignKey(
        PolicyPackage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("policy package"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kabupaten", "indicator__sort_order", "year"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["kabupaten", "indicator", "year"], name="target_unique_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_PLAN_YEAR, year__lte=LAST_PLAN_YEAR),
                name="target_year_range",
            ),
        ]
        indexes = [models.Index(fields=["year", "indicator"], name="target_year_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.kabupaten.name} {self.year}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.indicator_id:
            for field in ("baseline", "target"):
                message = self.indicator.value_error(getattr(self, field))
                if message:
                    errors[field] = message
        if (
            self.responsible_agency_id
            and self.kabupaten_id
            and self.responsible_agency.kabupaten_id != self.kabupaten_id
        ):
            errors["responsible_agency"] = str(
                _("This OPD does not belong to this kabupaten/kota.")
            )
        if (
            self.policy_package_id
            and self.kabupaten_id
            and self.policy_package.programme.kabupaten_id != self.kabupaten_id
        ):
            errors["policy_package"] = str(
                _("This policy package does not belong to this kabupaten/kota.")
            )
        if errors:
            raise ValidationError(errors)


@tracked()
@versioned
class ActualValue(Versioned):
    """A realisasi: the value an OPD reports for one period of a target's year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")

    target = models.ForeignKey(
        IndicatorTarget,
        on_delete=models.CASCADE,
        related_name="actual_values",
        verbose_name=_("target"),
    )
    period = models.PositiveSmallIntegerField(_("period"))
    value = models.DecimalField(_("actual value"), max_digits=16, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=250, blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["target", "period"]
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="actual_unique_per_period"),
            models.CheckConstraint(
                condition=Q(period__gte=1, period__lte=4), name="actual_period_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "verified", "returned"]),
                name="actual_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified")
                | Q(verified_by__isnull=False, verified_at__isnull=False),
                name="actual_verified_has_verifier",
            ),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | ~Q(verified_by=F("entered_by")),
                name="actual_no_self_verification",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="actual_status"),
        ]

    def __str__(self) -> str:
        return f"{self.target} P{self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.VERIFIED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.target_id:
            indicator = self.target.indicator
            message = indicator.value_error(self.value)
            if message:
                errors["value"] = message
            if self.period is not None and not 1 <= self.period <= indicator.periods_per_year:
                errors["period"] = str(
                    _("Period %(period)s does not exist for a %(frequency)s indicator.")
                    % {
                        "period": self.period,
                        "frequency": indicator.get_frequency_display().lower(),
                    }
                )
        if errors:
            raise ValidationError(errors)


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


@tracked()
@versioned
class Membership(Versioned):
    """What a person may see and change: one role, scoped to a province, kabupaten or OPD."""

    class Role(models.TextChoices):
        PROVINCE_STAFF = "province", _("Province staff")
        BAPPERIDA_STAFF = "bapperida", _("Bapperida staff of a kabupaten/kota")
        AGENCY_HEAD = "agency_head", _("OPD head")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    kabupaten = models.ForeignKey(
        Kabupaten, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kabupaten/kota")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("regional agency")
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role="province",
                        province__isnull=False,
                        kabupaten__isnull=True,
                        agency__isnull=True,
                    )
                    | Q(role="bapperida", kabupaten__isnull=False, agency__isnull=True)
                    | Q(role="agency_head", kabupaten__isnull=False, agency__isnull=False)
                ),
                name="membership_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        scope = self.agency or self.kabupaten or self.province
        return f"{self.user} – {self.get_role_display()} ({scope})"

    def save(self, *args, **kwargs) -> None:
        # An OPD head's kabupaten is the OPD's; storing it keeps every scope filter one join short.
        if self.agency_id:
            self.kabupaten_id = self.agency.kabupaten_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.agency_id and self.kabupaten_id and self.agency.kabupaten_id != self.kabupaten_id:
            raise ValidationError(
                {"agency": _("This OPD does not belong to the chosen kabupaten/kota.")}
            )


class SubmissionReceipt(models.Model):
    """One submitted create form: a repeated POST of the same form lands on what the first made.

    Each create form carries a random key; the receipt is inserted in the same transaction as
    what the form creates, so of ten identical POSTs one creates and nine wait, then find it.
    """

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    result_url = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return str(self.key)


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
    # Set when the uploader may import only their OPD's values.
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


class AuditEntry(models.Model):
    """Who changed what, when, as services recorded it before PostgreSQL kept the history.

    Read-only: the history is now written by triggers (see `tracking`); these entries are still
    shown beside it on every record page."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300)
    # The kabupaten the change belongs to, so that an audit view can scope entries like data.
    kabupaten = models.ForeignKey(
        Kabupaten, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_subject"),
            models.Index(fields=["kabupaten", "-created_at"], name="audit_kabupaten_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


tracked(app_label="programs", name="PolicyPackageAgencyEvent")(PolicyPackage.agencies.through)

# Who may sign in, and as what, is part of the audit trail too (never the password hash).
tracked(exclude=("password", "last_login"), app_label="programs", name="UserEvent")(
    get_user_model()
)
