"""Who may see and change what. Every view asks these helpers; none decides on its own.

A user outside an object's region gets 404, so that the object's existence does not leak; a
user who may read an object but not change it gets 403.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import (
    SUBJECT_FIELDS,
    ActualValue,
    Agency,
    FundingLine,
    ImportJob,
    IndicatorTarget,
    Kabupaten,
    Membership,
    Province,
    subject_kabupaten_id,
    subject_model,
)

Role = Membership.Role


@dataclass(frozen=True)
class Scope:
    """The region a user works in, read once per request from their membership."""

    role: str | None = None
    is_admin: bool = False
    province_id: int | None = None
    kabupaten_id: int | None = None
    agency_id: int | None = None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""

    @property
    def is_province_staff(self) -> bool:
        return self.role == Role.PROVINCE_STAFF

    @property
    def is_bapperida_staff(self) -> bool:
        return self.role == Role.BAPPERIDA_STAFF

    @property
    def is_agency_head(self) -> bool:
        return self.role == Role.AGENCY_HEAD

    def kabupaten_q(self, prefix: str = "") -> Q:
        """Limit a kabupaten relation (`prefix`, e.g. "kabupaten__") to what the user may read."""
        if self.is_admin:
            return Q()
        if self.is_province_staff:
            return Q(**{f"{prefix}province_id": self.province_id})
        if self.kabupaten_id:
            return Q(**{f"{prefix}id": self.kabupaten_id})
        return Q(pk__in=[])

    def visible_kabupaten(self) -> QuerySet[Kabupaten]:
        return Kabupaten.objects.filter(self.kabupaten_q()).select_related("province")

    def can_read_kabupaten(self, kabupaten: Kabupaten) -> bool:
        if self.is_admin:
            return True
        if self.is_province_staff:
            return kabupaten.province_id == self.province_id
        return kabupaten.pk == self.kabupaten_id

    def can_manage_kabupaten(self, kabupaten: Kabupaten) -> bool:
        """Bapperida work: sessions, targets, verification, reassigning follow-ups."""
        return self.is_admin or (self.is_bapperida_staff and kabupaten.pk == self.kabupaten_id)

    def can_act_for_agency(self, agency: Agency) -> bool:
        """Work an OPD owns: its follow-ups and actual values. Bapperida may act for its OPDs."""
        if self.can_manage_kabupaten(agency.kabupaten):
            return True
        return self.is_agency_head and agency.pk == self.agency_id

    def can_import_into(self, kabupaten: Kabupaten, kind: str) -> bool:
        """Spreadsheet imports: Bapperida's of every kind; an OPD head's of the actual values
        and the funding realisasi of their own OPD."""
        if self.can_manage_kabupaten(kabupaten):
            return True
        return (
            kind in (ImportJob.Kind.VALUES, ImportJob.Kind.FUNDING)
            and self.is_agency_head
            and self.kabupaten_id == kabupaten.pk
        )

    def can_read_province(self, province_id: int) -> bool:
        return self.is_admin or (self.is_province_staff and province_id == self.province_id)

    def can_manage_province(self, province_id: int) -> bool:
        return self.is_admin or (self.is_province_staff and province_id == self.province_id)


NO_SCOPE = Scope()


def get_scope(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The user's scope, memoised on the user object so that a request reads it once."""
    if not user.is_authenticated:
        return NO_SCOPE
    cached = getattr(user, "_ppsp_scope", None)
    if cached is not None:
        return cached
    membership = Membership.objects.select_related("kabupaten").filter(user=user).first()
    scope = Scope(
        role=membership.role if membership else None,
        is_admin=user.is_superuser,
        province_id=(
            membership.province_id
            if membership and membership.role == Role.PROVINCE_STAFF
            else (
                membership.kabupaten.province_id if membership and membership.kabupaten_id else None
            )
        ),
        kabupaten_id=membership.kabupaten_id if membership else None,
        agency_id=membership.agency_id if membership else None,
    )
    user._ppsp_scope = scope  # type: ignore[union-attr]
    return scope


def get_kabupaten_for_user(user, code: str, *, manage: bool = False) -> Kabupaten:
    kabupaten = Kabupaten.objects.select_related("province").filter(code=code).first()
    scope = get_scope(user)
    if kabupaten is None or not scope.can_read_kabupaten(kabupaten):
        raise Http404
    if manage and not scope.can_manage_kabupaten(kabupaten):
        raise PermissionDenied
    return kabupaten


def get_province_for_user(user, code: str, *, manage: bool = False) -> Province:
    """A province's own pages (its dashboard, clinics, tracker) are its staff's: everyone else,
    a kabupaten of that province included, gets 404. `manage` asks to record its clinics."""
    province = Province.objects.filter(code=code).first()
    scope = get_scope(user)
    if province is None or not scope.can_read_province(province.pk):
        raise Http404
    if manage and not scope.can_manage_province(province.pk):
        raise PermissionDenied
    return province


def get_agency_for_user(user, pk: int, *, act: bool = False) -> Agency:
    agency = Agency.objects.select_related("kabupaten__province").filter(pk=pk).first()
    scope = get_scope(user)
    if agency is None or not scope.can_read_kabupaten(agency.kabupaten):
        raise Http404
    if act and not scope.can_act_for_agency(agency):
        raise PermissionDenied
    return agency


def get_target_for_user(user, pk: int, *, act: bool = False):
    """A target; `act` asks to enter its values, which its responsible OPD (or Bapperida) may."""
    target = (
        IndicatorTarget.objects.select_related(
            "kabupaten__province", "indicator", "responsible_agency__kabupaten", "policy_package"
        )
        .filter(pk=pk)
        .first()
    )
    scope = get_scope(user)
    if target is None or not scope.can_read_kabupaten(target.kabupaten):
        raise Http404
    if act and not scope.can_act_for_agency(target.responsible_agency):
        raise PermissionDenied
    return target


def get_value_for_user(user, pk: int, *, review: bool = False):
    """An actual value; `review` (verify, return, reopen) is Bapperida's."""
    value = (
        ActualValue.objects.select_related(
            "target__kabupaten__province",
            "target__indicator",
            "target__responsible_agency",
            "entered_by",
            "verified_by",
        )
        .filter(pk=pk)
        .first()
    )
    scope = get_scope(user)
    if value is None or not scope.can_read_kabupaten(value.target.kabupaten):
        raise Http404
    if review and not scope.can_manage_kabupaten(value.target.kabupaten):
        raise PermissionDenied
    return value


def get_funding_subject_for_user(user, kabupaten: Kabupaten, kind: str, pk: int, *, manage=False):
    """A package, follow-up or quick win of `kabupaten` (already checked as readable) whose
    funding lines the user asks for; `manage` asks to edit them, which is Bapperida's."""
    if kind not in SUBJECT_FIELDS:
        raise Http404
    model = subject_model(kind)
    related = ["programme"] if kind == "package" else ["kabupaten"]
    subject = model.objects.select_related(*related).filter(pk=pk).first()
    if subject is None or subject_kabupaten_id(subject) != kabupaten.pk:
        raise Http404
    if manage and not get_scope(user).can_manage_kabupaten(kabupaten):
        raise PermissionDenied
    return subject


def get_funding_line_for_user(user, pk: int, *, act: bool = False) -> FundingLine:
    """A funding line; `act` asks to report its realisasi, which its OPD (or Bapperida) may."""
    line = (
        FundingLine.objects.select_related(
            "kabupaten__province",
            "agency__kabupaten",
            "source",
            "policy_package__programme",
            "follow_up",
            "quick_win",
            "created_by",
        )
        .filter(pk=pk)
        .first()
    )
    scope = get_scope(user)
    if line is None or not scope.can_read_kabupaten(line.kabupaten):
        raise Http404
    if act and not scope.can_act_for_agency(line.agency):
        raise PermissionDenied
    return line


def get_import_agency_for_user(user, kabupaten: Kabupaten, kind: str) -> Agency | None:
    """Whether the user may import into a readable kabupaten: its Bapperida (and administrators)
    anything, returning None; an OPD head only actual values and the realisasi of funding lines,
    returning their OPD, whose rows are the only ones they may import. Anybody else gets 403."""
    scope = get_scope(user)
    if not scope.can_import_into(kabupaten, kind):
        raise PermissionDenied
    if scope.can_manage_kabupaten(kabupaten):
        return None
    return Agency.objects.get(pk=scope.agency_id)


def find_import_job_for_user(user, job_id, *, kabupaten: Kabupaten, kind: str | None = None):
    """An import job is its uploader's alone, for the kabupaten and import it was made for:
    None when it no longer exists (it expired), 404 when it is somebody else's or another's."""
    job = ImportJob.objects.select_related("kabupaten").filter(pk=job_id).first()
    if job is None:
        return None
    if (
        job.requested_by_id != user.pk
        or job.kabupaten_id != kabupaten.pk
        or (kind is not None and job.kind != kind)
    ):
        raise Http404
    return job
