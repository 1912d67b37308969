"""Who may do what (memberships), and the records of what people did."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..tracking import tracked, versioned
from .base import Versioned
from .regions import Agency, Kabupaten, Province


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


@tracked(exclude=("password", "last_login"), name="UserEvent")
class TrackedUser(get_user_model()):
    """Who may sign in is part of the history too (never the password hash).

    A proxy, so that the triggers on Django's user table come with this app's migrations."""

    class Meta:
        proxy = True
