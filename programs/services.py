"""Writes to targets and actual values: validated, atomic, recorded.

One write path: the targets grid, the value form, the spreadsheet import and any command change
targets and values through these functions, so a value imported and a value typed end up
identical — state, version and history. They take many entries at once and write each table
in one statement, so a 10,000-row import costs a fixed number of queries.

`*_check` answers, without writing, what each entry would do and what is wrong with it (the
import's dry run shows exactly that); `*_save` locks, checks again and writes, or raises
`ValidationError` / `EditConflict` and writes nothing. PostgreSQL records every change
(`tracking`); `pghistory.context` names the action in that record.

Each service opens its transaction in its body (`with transaction.atomic():`), not as a
decorator: mutation testing (`./portal mutants`) leaves decorated functions alone, and the
rules it should try to break are in these bodies.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppsp_portal.uploads import inspect_evidence

from .concurrency import EditConflict, lock_current
from .models import (
    FIRST_PLAN_YEAR,
    LAST_PLAN_YEAR,
    ActualValue,
    Agency,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    PolicyPackage,
)
from .tracking import acting

__all__ = ["EditConflict"]

# The expected version of a record that did not exist when the form was built.
ABSENT = 0

NEW, UPDATE, DELETE, SKIP, ERROR = "new", "update", "delete", "skip", "error"
DUPLICATE_VALUE = gettext_lazy("Duplicate row: the same indicator and period as row %(row)s.")


class Refused(ValidationError):
    """A batch that breaks rules: every problem by entry index, so that a grid or an import
    can show each one where it belongs; as a ValidationError it carries the first."""

    def __init__(self, problems: dict[int, dict[str, str]]):
        super().__init__(problems[min(problems)])
        self.problems = problems


@dataclass
class Plan:
    """What each entry of a batch would do (`kinds`) and what is wrong with it (`problems`)."""

    kinds: list[str]
    problems: dict[int, dict[str, str]] = field(default_factory=dict)
    conflicts: list[int] = field(default_factory=list)

    def refuse(self, index: int, field_name: str, message: str) -> None:
        self.problems.setdefault(index, {}).setdefault(field_name, message)
        self.kinds[index] = ERROR

    def repeats(self, index: int, field_name: str, key, seen: dict, message) -> bool:
        """Whether entry `index` repeats an earlier entry of the batch (`seen` maps each key to
        its first entry); it is then refused, `message` naming that row as %(row)s."""
        if key not in seen:
            return False
        self.refuse(index, field_name, str(message) % {"row": seen[key] + 1})
        return True

    def raise_problems(self) -> None:
        if self.problems:
            raise Refused(self.problems)

    def count(self, kind: str) -> int:
        return self.kinds.count(kind)


# --- Targets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetEntry:
    """A baseline and target of one indicator and year; `target` None removes that year's."""

    indicator: Indicator
    year: int
    target: Decimal | None
    baseline: Decimal | None = None
    agency: Agency | None = None
    policy_package: PolicyPackage | None = None
    # The version the form showed; ABSENT when it showed none; None when nothing is compared.
    expected_version: int | None = None


TARGET_FIELDS = ["baseline", "target", "responsible_agency", "policy_package"]


def _existing_targets(kabupaten: Kabupaten, entries: list[TargetEntry], *, lock: bool):
    targets = IndicatorTarget.objects.filter(
        kabupaten=kabupaten, indicator__in={e.indicator.pk for e in entries}
    )
    if lock:
        # Only the targets: PostgreSQL cannot lock the nullable side of an outer join.
        targets = targets.select_for_update(of=("self",))
    return {(t.indicator_id, t.year): t for t in targets.select_related("policy_package")}


def _plan_targets(
    kabupaten: Kabupaten, entries: list[TargetEntry], existing: dict, reported: set[int]
) -> Plan:
    plan = Plan(kinds=[SKIP] * len(entries))
    for index, entry in enumerate(entries):
        current = existing.get((entry.indicator.pk, entry.year))
        if entry.expected_version is not None:
            seen = current.version if current is not None else ABSENT
            if seen != entry.expected_version:
                plan.conflicts.append(index)
        if not FIRST_PLAN_YEAR <= entry.year <= LAST_PLAN_YEAR:
            plan.refuse(index, "year", _("%(value)s is not a year.") % {"value": entry.year})
            continue
        if entry.target is None:
            if current is None:
                continue
            if current.pk in reported:
                plan.refuse(
                    index,
                    "target",
                    _(
                        "The %(year)s target of %(indicator)s cannot be removed: values were "
                        "already reported against it."
                    )
                    % {"year": entry.year, "indicator": entry.indicator.code},
                )
            else:
                plan.kinds[index] = DELETE
            continue
        for name in ("baseline", "target"):
            message = entry.indicator.value_error(getattr(entry, name))
            if message:
                plan.refuse(index, name, message)
        if entry.agency is None:
            plan.refuse(index, "agency", _("Choose the OPD responsible for this indicator."))
        elif entry.agency.kabupaten_id != kabupaten.pk:
            plan.refuse(
                index, "agency", _("The responsible OPD must belong to the kabupaten/kota.")
            )
        package = entry.policy_package
        if package is not None and package.programme.kabupaten_id != kabupaten.pk:
            plan.refuse(
                index,
                "policy_package",
                _("The policy package must belong to the kabupaten/kota."),
            )
        if plan.kinds[index] == ERROR:
            continue
        if current is None:
            plan.kinds[index] = NEW
        elif (
            current.baseline != entry.baseline
            or current.target != entry.target
            or current.responsible_agency_id != entry.agency.pk
            or current.policy_package_id != (package.pk if package else None)
        ):
            plan.kinds[index] = UPDATE
    return plan


def _reported_targets(existing: dict) -> set[int]:
    return set(
        ActualValue.objects.filter(target__in=list(existing.values()))
        .values_list("target_id", flat=True)
        .distinct()
    )


def targets_check(*, kabupaten: Kabupaten, entries: list[TargetEntry]) -> Plan:
    """What saving `entries` would do, without writing (the import's dry run)."""
    existing = _existing_targets(kabupaten, entries, lock=False)
    return _plan_targets(kabupaten, entries, existing, _reported_targets(existing))


def targets_save(
    *, actor, kabupaten: Kabupaten, entries: list[TargetEntry], action: str = "targets.save"
) -> Plan:
    """Save baselines and targets, all or none; returns what each entry did.

    Raises EditConflict (with the indexes of the stale entries) when someone else changed a
    target since the form was built, and ValidationError when an entry breaks a rule."""
    with transaction.atomic():
        # One batch per kabupaten/kota at a time: a second save waits here, then finds the targets
        # the first added (locking the targets alone cannot hold a target that does not exist yet).
        Kabupaten.objects.select_for_update(no_key=True).only("pk").get(pk=kabupaten.pk)
        existing = _existing_targets(kabupaten, entries, lock=True)
        plan = _plan_targets(kabupaten, entries, existing, _reported_targets(existing))
        if plan.conflicts:
            raise EditConflict(plan.conflicts)
        plan.raise_problems()
        now = timezone.now()
        created, updated, deleted = [], [], []
        for kind, entry in zip(plan.kinds, entries, strict=True):
            current = existing.get((entry.indicator.pk, entry.year))
            if kind == DELETE:
                deleted.append(current.pk)
            elif kind in (NEW, UPDATE):
                target = current or IndicatorTarget(
                    kabupaten=kabupaten, indicator=entry.indicator, year=entry.year
                )
                target.baseline = entry.baseline
                target.target = entry.target
                target.responsible_agency = entry.agency
                target.policy_package = entry.policy_package
                target.updated_at = now
                (created if kind == NEW else updated).append(target)
        with acting(actor, action):
            if deleted:
                IndicatorTarget.objects.filter(pk__in=deleted).delete()
            if updated:
                IndicatorTarget.objects.bulk_update(updated, [*TARGET_FIELDS, "updated_at"])
            if created:
                IndicatorTarget.objects.bulk_create(created)
        return plan


# --- Actual values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueEntry:
    """An actual value of one target and period, as typed in a form or a spreadsheet row."""

    target: IndicatorTarget
    period: int
    value: Decimal | None
    note: str = ""
    expected_version: int | None = None
    evidence: UploadedFile | None = None


def period_start(year: int, frequency: str, period: int) -> date:
    """The first day of a reporting period: a value for it cannot exist before that day."""
    per_year = {"annual": 1, "semester": 2, "quarterly": 4}[frequency]
    return date(year, 1 + (period - 1) * 12 // per_year, 1)


def _existing_values(entries: list[ValueEntry], *, lock: bool) -> dict:
    values = ActualValue.objects.filter(target__in={e.target.pk for e in entries})
    if lock:
        values = values.select_for_update()
    return {(v.target_id, v.period): v for v in values}


def _plan_values(entries: list[ValueEntry], existing: dict, *, submit: bool, today: date) -> Plan:
    plan = Plan(kinds=[SKIP] * len(entries))
    status = ActualValue.Status.SUBMITTED if submit else ActualValue.Status.DRAFT
    seen: dict[tuple[int, int], int] = {}
    for index, entry in enumerate(entries):
        indicator = entry.target.indicator
        current = existing.get((entry.target.pk, entry.period))
        if entry.expected_version is not None:
            version = current.version if current is not None else ABSENT
            if version != entry.expected_version:
                plan.conflicts.append(index)
        if not 1 <= entry.period <= indicator.periods_per_year:
            plan.refuse(
                index,
                "period",
                _("Period %(period)s does not exist for a %(frequency)s indicator.")
                % {"period": entry.period, "frequency": indicator.get_frequency_display().lower()},
            )
            continue
        key = (entry.target.pk, entry.period)
        if plan.repeats(index, "period", key, seen, DUPLICATE_VALUE):
            continue
        seen[key] = index
        starts = period_start(entry.target.year, indicator.frequency, entry.period)
        if starts > today:
            plan.refuse(
                index,
                "period",
                _("This period has not started yet; values can be entered from %(date)s.")
                % {"date": date_format(starts, "DATE_FORMAT")},
            )
        if entry.value is None:
            plan.refuse(index, "value", _("Type the actual value."))
        else:
            message = indicator.value_error(entry.value)
            if message:
                plan.refuse(index, "value", message)
        if plan.kinds[index] == ERROR:
            continue
        note = entry.note.strip()
        if current is None:
            plan.kinds[index] = NEW
            continue
        changed = (
            current.value != entry.value
            or current.note != note
            or current.status != status
            or entry.evidence is not None
        )
        if not changed:
            continue
        if current.is_locked:
            plan.refuse(
                index,
                "value",
                _("A verified value is locked; ask Bapperida to reopen it first."),
            )
            continue
        plan.kinds[index] = UPDATE
    return plan


def values_check(*, entries: list[ValueEntry], submit: bool = True) -> Plan:
    """What saving `entries` would do, without writing (the import's dry run)."""
    return _plan_values(
        entries, _existing_values(entries, lock=False), submit=submit, today=timezone.localdate()
    )


def values_save(
    *, actor, entries: list[ValueEntry], submit: bool, action: str = ""
) -> tuple[Plan, list[ActualValue]]:
    """Enter or correct actual values as drafts, or submit them for verification.

    All or none. Raises EditConflict (with the stored value) when a form's value changed since
    it was opened, and ValidationError when an entry breaks a rule."""
    with transaction.atomic():
        existing = _existing_values(entries, lock=True)
        plan = _plan_values(entries, existing, submit=submit, today=timezone.localdate())
        if plan.conflicts:
            stale = entries[plan.conflicts[0]]
            current = existing.get((stale.target.pk, stale.period))
            if current is None:
                raise ValidationError(_("This value no longer exists."))
            raise EditConflict(current)
        plan.raise_problems()
        now = timezone.now()
        status = ActualValue.Status.SUBMITTED if submit else ActualValue.Status.DRAFT
        saved, created, updated = [], [], []
        for kind, entry in zip(plan.kinds, entries, strict=True):
            current = existing.get((entry.target.pk, entry.period))
            if kind not in (NEW, UPDATE):
                if current is not None:
                    saved.append(current)
                continue
            actual = current or ActualValue(
                target=entry.target, period=entry.period, entered_at=now
            )
            actual.value = entry.value
            actual.note = entry.note.strip()
            actual.status = status
            actual.entered_by = actor
            actual.submitted_at = now if submit else None
            actual.verified_by = None
            actual.verified_at = None
            actual.updated_at = now
            if entry.evidence is not None:
                inspected = inspect_evidence(entry.evidence)
                actual.evidence.save(entry.evidence.name, entry.evidence, save=False)
                actual.evidence_name = entry.evidence.name[:250]
                actual.evidence_type = inspected.content_type
            (created if kind == NEW else updated).append(actual)
            saved.append(actual)
        action = action or ("value.submit" if submit else "value.save")
        with acting(actor, action):
            if updated:
                ActualValue.objects.bulk_update(updated, VALUE_WRITE_FIELDS)
                for actual in updated:
                    actual.version += 1  # the database's bump_version trigger did the same
            if created:
                try:
                    with transaction.atomic():
                        ActualValue.objects.bulk_create(created)
                except IntegrityError:
                    # Someone saved the first value of the same period a moment earlier: their
                    # insert held ours until it committed. Show theirs instead of failing.
                    first = created[0]
                    raise EditConflict(
                        ActualValue.objects.get(target=first.target, period=first.period)
                    ) from None
        return plan, saved


VALUE_WRITE_FIELDS = [
    "value",
    "note",
    "status",
    "entered_by",
    "submitted_at",
    "verified_by",
    "verified_at",
    "updated_at",
    "evidence",
    "evidence_name",
    "evidence_type",
]


def value_save(
    *,
    actor,
    target: IndicatorTarget,
    period: int,
    value: Decimal,
    note: str = "",
    submit: bool = False,
    expected_version: int | None = ABSENT,
    evidence: UploadedFile | None = None,
) -> ActualValue:
    """One value from the value form: the same write as a batch of one."""
    _plan, saved = values_save(
        actor=actor,
        entries=[
            ValueEntry(
                target=target,
                period=period,
                value=value,
                note=note,
                expected_version=expected_version,
                evidence=evidence,
            )
        ],
        submit=submit,
    )
    return saved[0]


def _locked_value(value: ActualValue, expected_version: int) -> ActualValue:
    return lock_current(
        ActualValue.objects.select_related("target__indicator", "target__kabupaten"),
        value.pk,
        expected_version,
    )


def value_verify(*, actor, value: ActualValue, expected_version: int) -> ActualValue:
    with transaction.atomic():
        current = _locked_value(value, expected_version)
        if current.status != ActualValue.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted value can be verified."))
        if current.entered_by_id == actor.pk:
            raise ValidationError(_("You cannot verify a value you entered yourself."))
        current.status = ActualValue.Status.VERIFIED
        current.verified_by = actor
        current.verified_at = timezone.now()
        current.review_note = ""
        with acting(actor, "value.verify"):
            current.save()
        return current


def value_return(*, actor, value: ActualValue, note: str, expected_version: int) -> ActualValue:
    with transaction.atomic():
        if not note.strip():
            raise ValidationError({"note": _("Say what the OPD should correct.")})
        current = _locked_value(value, expected_version)
        if current.status != ActualValue.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted value can be returned."))
        current.status = ActualValue.Status.RETURNED
        current.review_note = note.strip()
        with acting(actor, "value.return"):
            current.save()
        return current


def value_reopen(*, actor, value: ActualValue, reason: str, expected_version: int) -> ActualValue:
    """Unlock a verified value so that its OPD can correct it; the reason is kept."""
    with transaction.atomic():
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the verified value is reopened.")})
        current = _locked_value(value, expected_version)
        if current.status != ActualValue.Status.VERIFIED:
            raise ValidationError(_("Only a verified value can be reopened."))
        current.status = ActualValue.Status.RETURNED
        current.review_note = reason.strip()
        current.verified_by = None
        current.verified_at = None
        with acting(actor, "value.reopen", reason=reason.strip()):
            current.save()
        return current
