"""Writes to targets and actual values: validated, atomic, audited.

Actual values use optimistic locking: every write names the version it was based on, and a
write based on an older version raises `EditConflict` instead of silently overwriting.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ppsp_portal.uploads import inspect_evidence

from .audit import changed_fields, record_change, snapshot
from .models import ActualValue, Agency, Indicator, IndicatorTarget, Kabupaten, PolicyPackage


class EditConflict(Exception):
    """Someone else changed the value since the form was opened."""

    def __init__(self, current: ActualValue):
        super().__init__("edit conflict")
        self.current = current


@dataclass(frozen=True)
class TargetRow:
    indicator: Indicator
    baseline: Decimal | None
    targets: dict[int, Decimal | None]
    agency: Agency
    policy_package: PolicyPackage | None = None


TARGET_FIELDS = ["baseline", "target", "responsible_agency", "policy_package"]


@transaction.atomic
def targets_save(*, actor, kabupaten: Kabupaten, rows: list[TargetRow]) -> int:
    """Save a grid of baselines and yearly targets; returns how many target rows changed.

    A blank year removes that year's target, unless values were already reported against it.
    """
    changed = 0
    existing = {
        (t.indicator_id, t.year): t
        # Lock only the targets: PostgreSQL cannot lock the nullable side (policy package) of
        # the outer join that select_related makes.
        for t in IndicatorTarget.objects.select_for_update(of=("self",))
        .filter(kabupaten=kabupaten, indicator__in=[r.indicator for r in rows])
        .select_related("responsible_agency", "policy_package")
    }
    for row in rows:
        if row.agency.kabupaten_id != kabupaten.pk:
            raise ValidationError(_("The responsible OPD must belong to the kabupaten/kota."))
        if row.policy_package and row.policy_package.programme.kabupaten_id != kabupaten.pk:
            raise ValidationError(_("The policy package must belong to the kabupaten/kota."))
        for year, value in row.targets.items():
            target = existing.get((row.indicator.pk, year))
            if value is None:
                if target is not None:
                    if target.actual_values.exists():
                        raise ValidationError(
                            _(
                                "The %(year)s target of %(indicator)s cannot be removed: values "
                                "were already reported against it."
                            )
                            % {"year": year, "indicator": row.indicator.code}
                        )
                    record_change(
                        actor=actor,
                        action="target.delete",
                        obj=target,
                        kabupaten=kabupaten,
                        changes=snapshot(target, TARGET_FIELDS),
                    )
                    target.delete()
                    changed += 1
                continue
            before = snapshot(target, TARGET_FIELDS) if target else {}
            target = target or IndicatorTarget(
                kabupaten=kabupaten, indicator=row.indicator, year=year
            )
            target.baseline = row.baseline
            target.target = value
            target.responsible_agency = row.agency
            target.policy_package = row.policy_package
            changes = changed_fields(before, snapshot(target, TARGET_FIELDS))
            if changes:
                target.full_clean()
                target.save()
                record_change(
                    actor=actor,
                    action="target.update" if before else "target.create",
                    obj=target,
                    kabupaten=kabupaten,
                    changes=changes,
                )
                changed += 1
    return changed


def _locked_value(value: ActualValue, expected_version: int | None) -> ActualValue:
    current = (
        ActualValue.objects.select_for_update().select_related("target__indicator").get(pk=value.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    return current


@transaction.atomic
def value_save(
    *,
    actor,
    target: IndicatorTarget,
    period: int,
    value: Decimal,
    note: str = "",
    submit: bool = False,
    expected_version: int | None = None,
    evidence: UploadedFile | None = None,
) -> ActualValue:
    """Enter or correct an actual value as a draft, or submit it for verification.

    `expected_version` is the version the user's form showed (None for a new value); a value
    created or changed meanwhile by someone else raises EditConflict.
    """
    existing = ActualValue.objects.filter(target=target, period=period).first()
    if existing is None and expected_version is not None:
        raise ValidationError(_("This value no longer exists."))
    if existing is not None:
        current = _locked_value(existing, expected_version if expected_version is not None else -1)
        if current.is_locked:
            raise ValidationError(
                _("A verified value is locked; ask Bapperida to reopen it first.")
            )
        before = snapshot(current, ["value", "note", "status"])
        actual = current
        actual.version = F("version") + 1
    else:
        before = {}
        actual = ActualValue(target=target, period=period)
    actual.value = value
    actual.note = note.strip()
    actual.entered_by = actor
    actual.status = ActualValue.Status.SUBMITTED if submit else ActualValue.Status.DRAFT
    actual.submitted_at = timezone.now() if submit else None
    actual.verified_by = None
    actual.verified_at = None
    if evidence is not None:
        inspected = inspect_evidence(evidence)
        actual.evidence.save(evidence.name, evidence, save=False)
        actual.evidence_name = evidence.name[:250]
        actual.evidence_type = inspected.content_type
    actual.full_clean(exclude=["version"])
    actual.save()
    actual.refresh_from_db()
    record_change(
        actor=actor,
        action="value.submit" if submit else "value.save",
        obj=actual,
        kabupaten=target.kabupaten,
        changes={
            **changed_fields(before, snapshot(actual, ["value", "note", "status"])),
            **({"evidence": evidence.name} if evidence is not None else {}),
        },
    )
    return actual


@transaction.atomic
def value_verify(*, actor, value: ActualValue, expected_version: int) -> ActualValue:
    current = _locked_value(value, expected_version)
    if current.status != ActualValue.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be verified."))
    if current.entered_by_id == actor.pk:
        raise ValidationError(_("You cannot verify a value you entered yourself."))
    current.status = ActualValue.Status.VERIFIED
    current.verified_by = actor
    current.verified_at = timezone.now()
    current.review_note = ""
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    record_change(
        actor=actor,
        action="value.verify",
        obj=current,
        kabupaten=current.target.kabupaten,
        changes={"status": [ActualValue.Status.SUBMITTED, ActualValue.Status.VERIFIED]},
    )
    return current


@transaction.atomic
def value_return(*, actor, value: ActualValue, note: str, expected_version: int) -> ActualValue:
    if not note.strip():
        raise ValidationError({"note": _("Say what the OPD should correct.")})
    current = _locked_value(value, expected_version)
    if current.status != ActualValue.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be returned."))
    current.status = ActualValue.Status.RETURNED
    current.review_note = note.strip()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    record_change(
        actor=actor,
        action="value.return",
        obj=current,
        kabupaten=current.target.kabupaten,
        changes={
            "status": [ActualValue.Status.SUBMITTED, ActualValue.Status.RETURNED],
            "note": note,
        },
    )
    return current


@transaction.atomic
def value_reopen(*, actor, value: ActualValue, reason: str, expected_version: int) -> ActualValue:
    """Unlock a verified value so that its OPD can correct it; the reason is kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the verified value is reopened.")})
    current = _locked_value(value, expected_version)
    if current.status != ActualValue.Status.VERIFIED:
        raise ValidationError(_("Only a verified value can be reopened."))
    current.status = ActualValue.Status.RETURNED
    current.review_note = reason.strip()
    current.verified_by = None
    current.verified_at = None
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    record_change(
        actor=actor,
        action="value.reopen",
        obj=current,
        kabupaten=current.target.kabupaten,
        changes={
            "status": [ActualValue.Status.VERIFIED, ActualValue.Status.RETURNED],
            "reason": reason,
        },
    )
    return current
