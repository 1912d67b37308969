"""What the programme costs and where the money comes from (integrasi pendanaan).

A funding line is one amount of one source for one year, carried by one OPD: its pagu (the
amount planned or budgeted) and its realisasi (the amount spent). It belongs to exactly one
subject: a policy package, or a follow-up (RTL) or quick win that needs money of its own.

What must always hold is held by PostgreSQL, whoever writes the row (a page, an import, the
admin, a script): the check constraints below and the trigger `funding_line_in_its_kabupaten`.
The services (`programs.funding`) check the same rules first so that people read why in their
own language.

The coaching app builds on this one, so its models are named by string ("coaching.FollowUp"):
importing them here would import the apps in a circle.
"""

from decimal import Decimal

import pgtrigger
from django.db import models
from django.db.models import Deferrable, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..money import CEILING, percent_of
from ..tracking import tracked, versioned
from .base import FIRST_PLAN_YEAR, LAST_PLAN_YEAR, Authored, Versioned, evidence_path
from .programmes import PolicyPackage
from .regions import Agency, Kabupaten


@tracked()
class FundingSource(models.Model):
    """A source of money (APBD, DAK, Dana Desa, CSR…): a list the administrator extends."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("A source no longer in use is not offered for new lines; old lines keep it."),
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name


# The subject a line belongs to, by the kind named in URLs, and the line's field for it.
SUBJECT_FIELDS = {
    "package": "policy_package",
    "follow-up": "follow_up",
    "quick-win": "quick_win",
}


def _refuse(message: str) -> str:
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';"


# Cross-table rules (a CHECK constraint sees one row only): the OPD and the subject are of the
# line's kabupaten, which is stored on the line so that every scope filter is one join short.
IN_ITS_KABUPATEN = pgtrigger.Trigger(
    name="funding_line_in_its_kabupaten",
    operation=pgtrigger.Insert | pgtrigger.Update,
    when=pgtrigger.Before,
    func=f"""
    IF NOT EXISTS (
        SELECT 1 FROM programs_agency WHERE id = NEW.agency_id AND kabupaten_id = NEW.kabupaten_id
    ) THEN
        {_refuse("funding line: responsible agency of another kabupaten")}
    END IF;
    IF NEW.policy_package_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM programs_policypackage p JOIN programs_programme g ON g.id = p.programme_id
        WHERE p.id = NEW.policy_package_id AND g.kabupaten_id = NEW.kabupaten_id
    ) THEN
        {_refuse("funding line: policy package of another kabupaten")}
    END IF;
    IF NEW.follow_up_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM coaching_followup WHERE id = NEW.follow_up_id
        AND kabupaten_id = NEW.kabupaten_id
    ) THEN
        {_refuse("funding line: follow-up of another kabupaten")}
    END IF;
    IF NEW.quick_win_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM coaching_quickwin WHERE id = NEW.quick_win_id
        AND kabupaten_id = NEW.kabupaten_id
    ) THEN
        {_refuse("funding line: quick win of another kabupaten")}
    END IF;
    RETURN NEW;
    """,
)


@tracked()
@versioned
@pgtrigger.register(IN_ITS_KABUPATEN)
class FundingLine(Authored, Versioned):
    """One amount of one source for one year of a package, a follow-up or a quick win."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        BUDGETED = "budgeted", _("Budgeted")
        REALISED = "realised", _("Realised")

    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.PROTECT,
        related_name="funding_lines",
        verbose_name=_("kabupaten/kota"),
    )
    policy_package = models.ForeignKey(
        PolicyPackage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("policy package"),
    )
    follow_up = models.ForeignKey(
        "coaching.FollowUp",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("follow-up action (RTL)"),
    )
    quick_win = models.ForeignKey(
        "coaching.QuickWin",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("quick win"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("funding source"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="funding_lines",
        verbose_name=_("responsible OPD"),
    )
    planning_reference = models.CharField(
        _("planning reference"),
        max_length=150,
        blank=True,
        help_text=_("The RKPD/Renja programme or activity code where the line is budgeted."),
    )
    pagu = models.DecimalField(_("pagu"), max_digits=18, decimal_places=2)
    realisasi = models.DecimalField(
        _("realisasi"), max_digits=18, decimal_places=2, default=Decimal(0)
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=250, blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["year", "source__sort_order", "id"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(policy_package__isnull=False, follow_up__isnull=True, quick_win__isnull=True)
                    | Q(
                        policy_package__isnull=True, follow_up__isnull=False, quick_win__isnull=True
                    )
                    | Q(
                        policy_package__isnull=True, follow_up__isnull=True, quick_win__isnull=False
                    )
                ),
                name="funding_has_exactly_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_PLAN_YEAR, year__lte=LAST_PLAN_YEAR),
                name="funding_year_range",
            ),
            models.CheckConstraint(
                condition=Q(pagu__gte=0, realisasi__gte=0), name="funding_amounts_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(pagu__lte=CEILING, realisasi__lte=CEILING),
                name="funding_amounts_below_ceiling",
            ),
            models.CheckConstraint(
                condition=Q(realisasi__lte=F("pagu")) | Q(note__regex=r"\S"),
                name="funding_above_pagu_has_note",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "budgeted", "realised"]),
                name="funding_status_valid",
            ),
            # Money is spent from a budget: a line still only planned has spent nothing.
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(realisasi=0),
                name="funding_planned_not_spent",
            ),
            # Checked at the end of each statement, so that one save may swap two rows' keys.
            models.UniqueConstraint(
                fields=[
                    "policy_package",
                    "follow_up",
                    "quick_win",
                    "year",
                    "source",
                    "agency",
                    "planning_reference",
                ],
                name="funding_line_unique",
                nulls_distinct=False,
                deferrable=Deferrable.IMMEDIATE,
            ),
        ]
        indexes = [
            models.Index(fields=["kabupaten", "year"], name="funding_kabupaten_year"),
            models.Index(fields=["agency", "year"], name="funding_agency_year"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year} · {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("programs:funding-line-detail", kwargs={"pk": self.pk})

    @property
    def subject(self):
        return self.policy_package or self.follow_up or self.quick_win

    @property
    def subject_label(self) -> str:
        return subject_label(self.subject)

    @property
    def subject_kind(self) -> str:
        if self.policy_package_id:
            return "package"
        return "follow-up" if self.follow_up_id else "quick-win"

    @property
    def percent_realised(self) -> Decimal | None:
        return percent_of(self.realisasi, self.pagu)

    @property
    def is_over_pagu(self) -> bool:
        return self.realisasi > self.pagu


def subject_model(kind: str) -> type[models.Model]:
    """The model of a subject kind ("package", "follow-up", "quick-win")."""
    return FundingLine._meta.get_field(SUBJECT_FIELDS[kind]).related_model


def subject_kind(subject: models.Model) -> str:
    for kind in SUBJECT_FIELDS:
        if isinstance(subject, subject_model(kind)):
            return kind
    raise TypeError(f"{type(subject).__name__} cannot carry funding lines")


def subject_kabupaten_id(subject: models.Model) -> int:
    if isinstance(subject, PolicyPackage):
        return subject.programme.kabupaten_id
    return subject.kabupaten_id


def subject_filter(subject: models.Model) -> dict:
    """The lookup of a subject's lines, e.g. {"policy_package": package}."""
    return {SUBJECT_FIELDS[subject_kind(subject)]: subject}


def subject_label(subject: models.Model) -> str:
    """How a page names a subject: "Policy Package 1: …", "Follow-up: …", "Quick win: …"."""
    kind = subject_kind(subject)
    if kind == "package":
        return f"{subject}: {subject.title}"
    if kind == "follow-up":
        return _("Follow-up: %(action)s") % {"action": str(subject)}
    return _("Quick win: %(title)s") % {"title": subject.title}
