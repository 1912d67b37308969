"""Every change to coaching records goes through here: validated, atomic and audited."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppsp_portal.uploads import inspect_evidence
from programs.audit import changed_fields, record_change, snapshot
from programs.models import Agency, Indicator, Kabupaten, MilestoneAchievement, PolicyPackage

from .models import (
    AgencyPresentation,
    Attendance,
    ClinicSession,
    Evidence,
    FollowUp,
    FollowUpUpdate,
    Guest,
    Participation,
    QuickWin,
)

SESSION_FIELDS = [
    "clinic_number",
    "title",
    "date",
    "venue",
    "chair",
    "agenda",
    "summary",
    "recommendations",
    "decisions",
]


@dataclass(frozen=True)
class AttendanceRow:
    agency: Agency
    attendee_names: str


@dataclass(frozen=True)
class GuestRow:
    organisation: str
    names: str


@dataclass(frozen=True)
class FollowUpRow:
    owner: Agency
    action: str
    due_date: date
    policy_package: PolicyPackage | None = None


def _save(instance) -> None:
    instance.full_clean()
    instance.save()


def _audit_kabupaten(session: ClinicSession) -> Kabupaten | None:
    return session.kabupaten


@transaction.atomic
def session_save(
    *,
    actor,
    session: ClinicSession,
    attendances: list[AttendanceRow] | None = None,
    guests: list[GuestRow] | None = None,
    participants: list[Kabupaten] | None = None,
) -> ClinicSession:
    """Create or update a session with its attendance, guests and (province) participants."""
    creating = session.pk is None
    before = {} if creating else snapshot(ClinicSession.objects.get(pk=session.pk), SESSION_FIELDS)
    if session.kabupaten_id:
        session.province_id = session.kabupaten.province_id
    if creating:
        session.created_by = actor
    _save(session)
    changes = changed_fields(before, snapshot(session, SESSION_FIELDS))

    if attendances is not None:
        for row in attendances:
            if row.agency.kabupaten_id != session.kabupaten_id:
                raise ValidationError(_("An OPD from another kabupaten/kota cannot attend."))
        old = {a.agency_id: a.attendee_names for a in session.attendances.all()}
        new = {row.agency.pk: row.attendee_names for row in attendances}
        if old != new:
            session.attendances.all().delete()
            Attendance.objects.bulk_create(
                Attendance(session=session, agency=row.agency, attendee_names=row.attendee_names)
                for row in attendances
            )
            changes["attendance"] = [
                sorted(str(a) for a in Agency.objects.filter(pk__in=old)),
                sorted(str(row.agency) for row in attendances),
            ]

    if guests is not None:
        old_guests = [(g.organisation, g.names) for g in session.guests.all()]
        new_guests = [(g.organisation, g.names) for g in guests]
        if old_guests != new_guests:
            session.guests.all().delete()
            Guest.objects.bulk_create(
                Guest(session=session, organisation=g.organisation, names=g.names) for g in guests
            )
            changes["guests"] = [[o for o, _n in old_guests], [o for o, _n in new_guests]]

    if participants is not None:
        for kabupaten in participants:
            if kabupaten.province_id != session.province_id:
                raise ValidationError(_("A kabupaten/kota of another province cannot take part."))
        current = set(session.participations.values_list("kabupaten_id", flat=True))
        wanted = {k.pk for k in participants}
        removed = current - wanted
        if removed:
            if FollowUp.objects.filter(session=session, kabupaten_id__in=removed).exists():
                raise ValidationError(
                    _("A kabupaten/kota with follow-ups from this session cannot be removed.")
                )
            session.participations.filter(kabupaten_id__in=removed).delete()
        Participation.objects.bulk_create(
            Participation(session=session, kabupaten_id=pk) for pk in wanted - current
        )
        if removed or wanted - current:
            changes["participants"] = [
                sorted(Kabupaten.objects.filter(pk__in=current).values_list("name", flat=True)),
                sorted(k.name for k in participants),
            ]

    if creating or changes:
        record_change(
            actor=actor,
            action="session.create" if creating else "session.update",
            obj=session,
            kabupaten=_audit_kabupaten(session),
            changes=changes,
        )
    return session


@transaction.atomic
def presentations_save(
    *, actor, session: ClinicSession, rows: list[tuple[Agency, str, list[Indicator]]]
) -> None:
    """Replace what the OPDs presented at an internal round (empty text removes a row)."""
    if session.is_province_level:
        raise ValidationError(_("OPD presentations belong to a kabupaten/kota's internal round."))
    changes = {}
    for agency, achievements, indicators in rows:
        if agency.kabupaten_id != session.kabupaten_id:
            raise ValidationError(_("An OPD from another kabupaten/kota cannot present here."))
        existing = AgencyPresentation.objects.filter(session=session, agency=agency).first()
        if not achievements.strip():
            if existing:
                existing.delete()
                changes[agency.abbreviation] = [existing.achievements, ""]
            continue
        presentation = existing or AgencyPresentation(session=session, agency=agency)
        old_text = presentation.achievements if existing else ""
        old_indicators = (
            sorted(existing.indicators.values_list("code", flat=True)) if existing else []
        )
        presentation.achievements = achievements.strip()
        _save(presentation)
        presentation.indicators.set(indicators)
        new_indicators = sorted(i.code for i in indicators)
        if old_text != presentation.achievements or old_indicators != new_indicators:
            changes[agency.abbreviation] = [
                {"text": old_text, "indicators": old_indicators},
                {"text": presentation.achievements, "indicators": new_indicators},
            ]
    if changes:
        record_change(
            actor=actor,
            action="session.presentations",
            obj=session,
            kabupaten=session.kabupaten,
            changes=changes,
        )


@transaction.atomic
def participation_update(
    *, actor, participation: Participation, presentation: str, feedback: str, milestone: str
) -> Participation:
    """Record a kabupaten's part in a province clinic; a confirmed milestone is dated by it."""
    session = participation.session
    before = snapshot(participation, ["presentation", "feedback", "milestone_confirmed"])
    participation.presentation = presentation
    participation.feedback = feedback
    participation.milestone_confirmed = milestone
    if milestone and session.date > timezone.localdate():
        raise ValidationError(
            {
                "milestone_confirmed": _(
                    "A milestone cannot be confirmed at a session in the future."
                )
            }
        )
    _save(participation)
    changes = changed_fields(
        before, snapshot(participation, ["presentation", "feedback", "milestone_confirmed"])
    )
    if changes:
        record_change(
            actor=actor,
            action="participation.update",
            obj=session,
            kabupaten=participation.kabupaten,
            changes={"kabupaten": participation.kabupaten.name, **changes},
        )
    if milestone and "milestone_confirmed" in changes:
        milestone_confirm(
            actor=actor,
            kabupaten=participation.kabupaten,
            milestone=milestone,
            reached_on=session.date,
            note=_("Confirmed at %(session)s") % {"session": session.title},
        )
    return participation


@transaction.atomic
def milestone_confirm(
    *, actor, kabupaten: Kabupaten, milestone: str, reached_on: date, note: str = ""
) -> MilestoneAchievement:
    if reached_on > timezone.localdate():
        raise ValidationError(_("A milestone cannot be confirmed in the future."))
    achievement = MilestoneAchievement.objects.filter(
        kabupaten=kabupaten, milestone=milestone
    ).first()
    before = snapshot(achievement, ["reached_on", "note"]) if achievement else {}
    achievement = achievement or MilestoneAchievement(kabupaten=kabupaten, milestone=milestone)
    achievement.reached_on = reached_on
    achievement.note = note
    achievement.recorded_by = actor
    _save(achievement)
    record_change(
        actor=actor,
        action="milestone.confirm",
        obj=achievement,
        kabupaten=kabupaten,
        changes=changed_fields(before, snapshot(achievement, ["reached_on", "note"])),
    )
    return achievement


@transaction.atomic
def followups_create(
    *, actor, session: ClinicSession, kabupaten: Kabupaten, rows: list[FollowUpRow]
) -> list[FollowUp]:
    """Add several follow-ups agreed at a session, all or none."""
    if session.is_province_level:
        if not session.participations.filter(kabupaten=kabupaten).exists():
            raise ValidationError(_("This kabupaten/kota did not take part in the session."))
    elif kabupaten.pk != session.kabupaten_id:
        raise ValidationError(_("Follow-ups of an internal round belong to its kabupaten/kota."))
    created = []
    for row in rows:
        if row.owner.kabupaten_id != kabupaten.pk:
            raise ValidationError(_("The owner OPD must belong to the kabupaten/kota."))
        if row.policy_package and row.policy_package.programme.kabupaten_id != kabupaten.pk:
            raise ValidationError(_("The policy package must belong to the kabupaten/kota."))
        if row.due_date < session.date:
            raise ValidationError(_("A follow-up cannot be due before its session."))
        follow_up = FollowUp(
            kabupaten=kabupaten,
            session=session,
            owner=row.owner,
            action=row.action.strip(),
            due_date=row.due_date,
            policy_package=row.policy_package,
            created_by=actor,
        )
        _save(follow_up)
        record_change(
            actor=actor,
            action="followup.create",
            obj=follow_up,
            kabupaten=kabupaten,
            changes={
                "owner": str(row.owner),
                "due_date": row.due_date,
                "action": follow_up.action,
                "session": str(session),
            },
        )
        created.append(follow_up)
    return created


@transaction.atomic
def followup_report_progress(
    *, actor, follow_up: FollowUp, on: date, note: str, status: str, drop_reason: str = ""
) -> FollowUpUpdate:
    if on > timezone.localdate():
        raise ValidationError({"date": _("Progress cannot be reported for a future date.")})
    if on < follow_up.session.date:
        raise ValidationError({"date": _("Progress cannot be dated before the session.")})
    if status == FollowUp.Status.DROPPED and not drop_reason.strip():
        raise ValidationError({"drop_reason": _("Say why the follow-up is dropped.")})
    before = snapshot(follow_up, ["status", "drop_reason"])
    follow_up.status = status
    follow_up.drop_reason = drop_reason.strip() if status == FollowUp.Status.DROPPED else ""
    _save(follow_up)
    update = FollowUpUpdate(
        follow_up=follow_up, date=on, note=note.strip(), status=status, author=actor
    )
    _save(update)
    record_change(
        actor=actor,
        action="followup.progress",
        obj=follow_up,
        kabupaten=follow_up.kabupaten,
        changes={
            **changed_fields(before, snapshot(follow_up, ["status", "drop_reason"])),
            "note": note,
        },
    )
    return update


@transaction.atomic
def followup_reassign(*, actor, follow_up: FollowUp, owner: Agency, reason: str) -> FollowUp:
    if owner.kabupaten_id != follow_up.kabupaten_id:
        raise ValidationError(
            {"owner": _("The new owner must be an OPD of the same kabupaten/kota.")}
        )
    if owner.pk == follow_up.owner_id:
        raise ValidationError({"owner": _("This OPD already owns the follow-up.")})
    old_owner = follow_up.owner
    follow_up.owner = owner
    _save(follow_up)
    record_change(
        actor=actor,
        action="followup.reassign",
        obj=follow_up,
        kabupaten=follow_up.kabupaten,
        changes={"owner": [str(old_owner), str(owner)], "reason": reason.strip()},
    )
    return follow_up


QUICKWIN_FIELDS = ["agency", "session", "title", "description", "target_date", "status"]


@transaction.atomic
def quickwin_save(*, actor, quick_win: QuickWin) -> QuickWin:
    creating = quick_win.pk is None
    if quick_win.agency.kabupaten_id != quick_win.kabupaten_id:
        raise ValidationError({"agency": _("The OPD must belong to the kabupaten/kota.")})
    if quick_win.session_id and not _session_concerns(quick_win.session, quick_win.kabupaten):
        raise ValidationError({"session": _("This session does not concern the kabupaten/kota.")})
    before = {} if creating else snapshot(QuickWin.objects.get(pk=quick_win.pk), QUICKWIN_FIELDS)
    if creating:
        quick_win.created_by = actor
    _save(quick_win)
    changes = changed_fields(before, snapshot(quick_win, QUICKWIN_FIELDS))
    if creating or changes:
        record_change(
            actor=actor,
            action="quickwin.create" if creating else "quickwin.update",
            obj=quick_win,
            kabupaten=quick_win.kabupaten,
            changes=changes,
        )
    return quick_win


def _session_concerns(session: ClinicSession, kabupaten: Kabupaten) -> bool:
    if session.is_province_level:
        return session.participations.filter(kabupaten=kabupaten).exists()
    return session.kabupaten_id == kabupaten.pk


@transaction.atomic
def evidence_attach(
    *,
    actor,
    subject: ClinicSession | FollowUp | QuickWin,
    upload: UploadedFile,
    kind: str,
    description: str = "",
) -> Evidence:
    inspected = inspect_evidence(upload)
    evidence = Evidence(
        kind=kind,
        description=description.strip(),
        original_name=upload.name[:250],
        content_type=inspected.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    if isinstance(subject, ClinicSession):
        evidence.session = subject
        kabupaten = subject.kabupaten
    elif isinstance(subject, FollowUp):
        evidence.follow_up = subject
        kabupaten = subject.kabupaten
    else:
        evidence.quick_win = subject
        kabupaten = subject.kabupaten
    evidence.file.save(upload.name, upload, save=False)
    try:
        _save(evidence)
    except Exception:
        evidence.file.delete(save=False)  # no row, no file: nothing half-written stays behind
        raise
    record_change(
        actor=actor,
        action="evidence.attach",
        obj=subject,
        kabupaten=kabupaten,
        changes={"file": evidence.original_name, "kind": kind, "size": evidence.size},
    )
    return evidence
