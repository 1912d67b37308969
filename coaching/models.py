"""Coaching clinics, what was presented and decided there, and the follow-ups that live on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models import (
    Agency,
    Authored,
    Indicator,
    Kabupaten,
    Milestone,
    PolicyPackage,
    Province,
    Versioned,
    evidence_path,
)
from programs.tracking import tracked, versioned


@tracked()
@versioned
class ClinicSession(Authored, Versioned):
    """One coaching clinic meeting: a kabupaten's internal round or a province clinic."""

    class Level(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten/kota (internal round with its OPDs)")
        PROVINCE = "province", _("Province (several kabupaten/kota)")

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="clinic_sessions",
        verbose_name=_("province"),
    )
    # The host of an internal round; empty for a province clinic (see `participations`).
    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clinic_sessions",
        verbose_name=_("kabupaten/kota"),
    )
    clinic_number = models.PositiveSmallIntegerField(
        _("coaching clinic number"), null=True, blank=True, help_text=_("1 for CC I … 7 for CC VII")
    )
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=250)
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("coaching clinic session")
        verbose_name_plural = _("coaching clinic sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="kabupaten", kabupaten__isnull=False)
                | Q(level="province", kabupaten__isnull=True),
                name="session_host_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(clinic_number__isnull=True)
                | Q(clinic_number__gte=1, clinic_number__lte=12),
                name="session_clinic_number_range",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "-date"], name="session_province_date"),
            models.Index(fields=["kabupaten", "-date"], name="session_kabupaten_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({date_format(self.date)})"  # 20 Oktober 2025, as people write it

    def get_absolute_url(self) -> str:
        return reverse("coaching:session-detail", kwargs={"pk": self.pk})

    @property
    def is_province_level(self) -> bool:
        return self.level == self.Level.PROVINCE

    @property
    def clinic_label(self) -> str:
        return f"CC {to_roman(self.clinic_number)}" if self.clinic_number else ""


def to_roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


@tracked()
class Attendance(models.Model):
    """An OPD present at a kabupaten's internal round, and who came for it."""

    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="attendances")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD")
    )
    attendee_names = models.CharField(_("who attended"), max_length=300, blank=True)

    class Meta:
        ordering = ["agency__abbreviation"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "agency"], name="attendance_unique_agency")
        ]

    def __str__(self) -> str:
        return str(self.agency)


@tracked()
class Guest(models.Model):
    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="guests")
    organisation = models.CharField(_("organisation"), max_length=200)
    names = models.CharField(_("names"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self) -> str:
        return self.organisation


@tracked()
@versioned
class AgencyPresentation(Versioned):
    """What an OPD presented at an internal round: its capaian, in words and by indicator."""

    session = models.ForeignKey(
        ClinicSession, on_delete=models.CASCADE, related_name="presentations"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD")
    )
    achievements = models.TextField(_("achievements presented (capaian)"))
    indicators = models.ManyToManyField(
        Indicator,
        through="PresentationIndicator",
        blank=True,
        related_name="+",
        verbose_name=_("indicators discussed"),
    )

    class Meta:
        ordering = ["agency__abbreviation"]
        verbose_name = _("OPD presentation")
        verbose_name_plural = _("OPD presentations")
        constraints = [
            models.UniqueConstraint(fields=["session", "agency"], name="presentation_unique_agency")
        ]

    def __str__(self) -> str:
        return str(self.agency)


@tracked()
class PresentationIndicator(models.Model):
    """An indicator an OPD discussed in its presentation (a model of its own so that it has a
    history)."""

    agencypresentation = models.ForeignKey(
        AgencyPresentation, on_delete=models.CASCADE, verbose_name=_("OPD presentation")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )

    class Meta:
        db_table = "coaching_agencypresentation_indicators"
        unique_together = [("agencypresentation", "indicator")]
        verbose_name = _("indicator discussed")
        verbose_name_plural = _("indicators discussed")

    def __str__(self) -> str:
        return str(self.indicator.code)


@tracked()
@versioned
class Participation(Versioned):
    """A kabupaten at a province clinic: what it presented, the feedback, the milestone confirmed."""

    session = models.ForeignKey(
        ClinicSession, on_delete=models.CASCADE, related_name="participations"
    )
    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("kabupaten/kota"),
    )
    presentation = models.TextField(_("presentation"), blank=True)
    feedback = models.TextField(_("feedback received"), blank=True)
    milestone_confirmed = models.CharField(
        _("SSK milestone confirmed"), max_length=2, choices=Milestone.choices, blank=True
    )

    class Meta:
        ordering = ["kabupaten__code"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kabupaten"], name="participation_unique_kabupaten"
            )
        ]

    def __str__(self) -> str:
        return str(self.kabupaten)


@tracked()
@versioned
class FollowUp(Authored, Versioned):
    """A rencana tindak lanjut (RTL): an action agreed at a clinic, owned by one OPD."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    ACTIVE = (Status.OPEN, Status.IN_PROGRESS)

    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("kabupaten/kota"),
    )
    session = models.ForeignKey(
        ClinicSession,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("agreed at"),
    )
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("owner OPD")
    )
    action = models.TextField(_("follow-up action"))
    due_date = models.DateField(_("due date"))
    policy_package = models.ForeignKey(
        PolicyPackage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("policy package"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    drop_reason = models.TextField(_("reason for dropping"), blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("follow-up action (RTL)")
        verbose_name_plural = _("follow-up actions (RTL)")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""),
                name="followup_dropped_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done", "dropped"]),
                name="followup_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["kabupaten", "status", "due_date"], name="followup_kab_status_due"
            ),
            models.Index(fields=["owner", "status", "due_date"], name="followup_owner_status_due"),
        ]

    def __str__(self) -> str:
        return self.action[:80]

    def get_absolute_url(self) -> str:
        return reverse("coaching:followup-detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.due_date < timezone.localdate()


@tracked()
class FollowUpUpdate(models.Model):
    """A dated progress note on a follow-up, with the status it left the follow-up in."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    note = models.TextField(_("progress note"))
    status = models.CharField(_("status"), max_length=12, choices=FollowUp.Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("follow-up progress")
        verbose_name_plural = _("follow-up progress")

    def __str__(self) -> str:
        return f"{date_format(self.date)} {self.get_status_display()}"


@tracked()
@versioned
class QuickWin(Authored, Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        CANCELLED = "cancelled", _("Cancelled")

    kabupaten = models.ForeignKey(
        Kabupaten,
        on_delete=models.PROTECT,
        related_name="quick_wins",
        verbose_name=_("kabupaten/kota"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="quick_wins", verbose_name=_("OPD")
    )
    session = models.ForeignKey(
        ClinicSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quick_wins",
        verbose_name=_("reported at"),
    )
    title = models.CharField(_("quick win"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    # Published on the kabupaten/kota's public page (reports.public) only when Bapperida says so.
    is_public = models.BooleanField(
        _("shown on the public page"),
        default=False,
        help_text=_(
            "Its title, OPD, status, target date and description appear on the kabupaten/kota's "
            "public page."
        ),
    )

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("quick win")
        verbose_name_plural = _("quick wins")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coaching:quickwin-detail", kwargs={"pk": self.pk})


@tracked()
class Evidence(models.Model):
    """A file proving what happened: minutes, attendance sheets, photos, documents."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes (notulen / berita acara)")
        ATTENDANCE = "attendance", _("Attendance sheet")
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Other document")

    session = models.ForeignKey(
        ClinicSession, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    quick_win = models.ForeignKey(
        QuickWin, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=250, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=250)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Downloadable from the public pages when its clinic or public quick win is shown there.
    is_public = models.BooleanField(_("shown on the public page"), default=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            # An attendance sheet lists people, and follow-ups are internal work: neither is
            # ever published, whoever writes the row.
            models.CheckConstraint(
                condition=Q(is_public=False) | (Q(follow_up__isnull=True) & ~Q(kind="attendance")),
                name="evidence_public_only_if_publishable",
                violation_error_message=_(
                    "An attendance sheet or a follow-up's evidence cannot be published."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(session__isnull=False, follow_up__isnull=True, quick_win__isnull=True)
                    | Q(session__isnull=True, follow_up__isnull=False, quick_win__isnull=True)
                    | Q(session__isnull=True, follow_up__isnull=True, quick_win__isnull=False)
                ),
                name="evidence_has_exactly_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("coaching:evidence-download", kwargs={"pk": self.pk})

    @property
    def subject(self):
        return self.session or self.follow_up or self.quick_win
