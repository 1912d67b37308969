"""The indicator catalogue, each kabupaten's targets and the actual values its OPDs report.

Rules that must hold whatever writes the row live in the database: unique and check
constraints here, the cross-table rules (a value within its indicator's range, a period its
indicator's frequency has) in the triggers of migration 0002, and the value workflow in
`VALUE_WORKFLOW`. `clean()` repeats them so that forms can answer in the user's language
before the database has to refuse.
"""

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..tracking import tracked, versioned
from .base import FIRST_PLAN_YEAR, LAST_PLAN_YEAR, Sector, Versioned, evidence_path
from .programmes import PolicyPackage
from .regions import Agency, Kabupaten


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


def _refuse(message: str) -> str:
    # SQLSTATE 23514 (check_violation): Django reports it as IntegrityError, like migration 0002.
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';"


# The value workflow, held by the database whoever writes: a verified value is locked until
# Bapperida reopens it, and only a submitted value can become verified.
VALUE_WORKFLOW = (
    pgtrigger.Trigger(
        name="verified_value_is_locked",
        operation=pgtrigger.Update,
        when=pgtrigger.Before,
        condition=pgtrigger.Condition(
            "OLD.status = 'verified' AND NEW.status = 'verified' AND ("
            + " OR ".join(
                f"OLD.{column} IS DISTINCT FROM NEW.{column}"
                for column in (
                    "value",
                    "note",
                    "target_id",
                    "period",
                    "evidence",
                    "entered_by_id",
                    "verified_by_id",
                )
            )
            + ")"
        ),
        func=_refuse("actual value: a verified value is locked until it is reopened"),
    ),
    pgtrigger.Trigger(
        name="only_submitted_is_verified",
        operation=pgtrigger.Update,
        when=pgtrigger.Before,
        condition=pgtrigger.Condition(
            "NEW.status = 'verified' AND OLD.status NOT IN ('submitted', 'verified')"
        ),
        func=_refuse("actual value: only a submitted value can be verified"),
    ),
)


@tracked()
@versioned
@pgtrigger.register(*VALUE_WORKFLOW)
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
