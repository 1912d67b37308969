"""Every change to coaching records goes through here: validated, atomic, recorded.

Edits of existing records name the version their form was built from and raise
`EditConflict` when someone else saved meanwhile (see programs.concurrency). PostgreSQL
records every change by trigger; `pghistory.context` names the action and keeps a reason
typed for it.

Each service opens its transaction in its body (`with transaction.atomic():`), not as a
decorator: mutation testing (`./portal mutants`) leaves decorated functions alone, and the
rules it should try to break are in these bodies.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppsp_portal.uploads import inspect_evidence
from programs.concurrency import EditConflict, lock_current
from programs.models import Agency, Indicator, Kabupaten, MilestoneAchievement, PolicyPackage
from programs.services import ABSENT
from programs.tracking import acting

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

__all__ = ["ABSENT", "EditConflict"]


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


@dataclass(frozen=True)
class PresentationRow:
    agency: Agency
    achievements: str
    indicators: list[Indicator]
    # The version of the OPD's presentation when the form was opened; ABSENT if there was none.
    expected_version: int | None = None


def _save(instance) -> None:
    instance.full_clean()
    instance.save()


def _lock_for_edit(instance, expected_version: int | None):
    """Lock the stored row of an edited instance; a conflict when it moved on since the form."""
    current = lock_current(type(instance).objects.all(), instance.pk, expected_version)
    instance.version = current.version
    return current


def session_save(
    *,
    actor,
    session: ClinicSession,
    expected_version: int | None = None,
    attendances: list[AttendanceRow] | None = None,
    guests: list[GuestRow] | None = None,
    participants: list[Kabupaten] | None = None,
) -> ClinicSession:
    """Create or update a session with its attendance (internal round), participants
    (province clinic) and guests: all parts or none."""
    with transaction.atomic():
        creating = session.pk is None
        if not creating:
            _lock_for_edit(session, expected_version)
        if session.kabupaten_id:
            session.province_id = session.kabupaten.province_id
        if creating:
            session.created_by = actor
        with acting(actor, "session.create" if creating else "session.update"):
            _save(session)
            if attendances is not None:
                _save_attendance(session, attendances)
            if guests is not None:
                _save_guests(session, guests)
            if participants is not None:
                _save_participants(session, participants)
        return session


def _save_attendance(session: ClinicSession, rows: list[AttendanceRow]) -> None:
    """Change only the rows that changed, so that the history says who was added or removed."""
    for row in rows:
        if row.agency.kabupaten_id != session.kabupaten_id:
            raise ValidationError(_("An OPD from another kabupaten/kota cannot attend."))
    stored = {a.agency_id: a for a in session.attendances.all()}
    wanted = {row.agency.pk: row.attendee_names for row in rows}
    session.attendances.filter(agency_id__in=set(stored) - set(wanted)).delete()
    for agency_id, names in wanted.items():
        attendance = stored.get(agency_id)
        if attendance is None:
            Attendance.objects.create(session=session, agency_id=agency_id, attendee_names=names)
        elif attendance.attendee_names != names:
            attendance.attendee_names = names
            attendance.save(update_fields=["attendee_names"])


def _save_guests(session: ClinicSession, rows: list[GuestRow]) -> None:
    stored = list(session.guests.all())
    for index, row in enumerate(rows):
        if index < len(stored):
            guest = stored[index]
            if (guest.organisation, guest.names) != (row.organisation, row.names):
                guest.organisation, guest.names = row.organisation, row.names
                guest.save(update_fields=["organisation", "names"])
        else:
            Guest.objects.create(session=session, organisation=row.organisation, names=row.names)
    Guest.objects.filter(pk__in=[guest.pk for guest in stored[len(rows) :]]).delete()


def _save_participants(session: ClinicSession, participants: list[Kabupaten]) -> None:
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


def presentations_save(*, actor, session: ClinicSession, rows: list[PresentationRow]) -> None:
    """Replace what the OPDs presented at an internal round (empty text removes a row).

    Raises EditConflict with the OPDs whose presentation someone else changed meanwhile."""
    with transaction.atomic():
        if session.is_province_level:
            raise ValidationError(
                _("OPD presentations belong to a kabupaten/kota's internal round.")
            )
        for row in rows:
            if row.agency.kabupaten_id != session.kabupaten_id:
                raise ValidationError(_("An OPD from another kabupaten/kota cannot present here."))
        stored = {
            p.agency_id: p
            for p in AgencyPresentation.objects.select_for_update()
            .filter(session=session)
            .prefetch_related("indicators")
        }
        stale = [
            row.agency
            for row in rows
            if row.expected_version is not None
            and (stored[row.agency.pk].version if row.agency.pk in stored else ABSENT)
            != row.expected_version
        ]
        if stale:
            raise EditConflict(stale)
        with acting(actor, "session.presentations"):
            for row in rows:
                presentation = stored.get(row.agency.pk)
                text = row.achievements.strip()
                if not text:
                    if presentation is not None:
                        presentation.delete()
                    continue
                presentation = presentation or AgencyPresentation(
                    session=session, agency=row.agency
                )
                if presentation.pk is None or presentation.achievements != text:
                    presentation.achievements = text
                    _save(presentation)
                wanted = {i.pk for i in row.indicators}
                if presentation.pk and {i.pk for i in presentation.indicators.all()} != wanted:
                    presentation.indicators.set(row.indicators)


def participation_update(
    *,
    actor,
    participation: Participation,
    presentation: str,
    feedback: str,
    milestone: str,
    expected_version: int | None = None,
) -> Participation:
    """Record a kabupaten's part in a province clinic; a confirmed milestone is dated by it."""
    with transaction.atomic():
        session = participation.session
        _lock_for_edit(participation, expected_version)
        if milestone and session.date > timezone.localdate():
            raise ValidationError(
                {
                    "milestone_confirmed": _(
                        "A milestone cannot be confirmed at a session in the future."
                    )
                }
            )
        newly_confirmed = milestone and milestone != participation.milestone_confirmed
        participation.presentation = presentation
        participation.feedback = feedback
        participation.milestone_confirmed = milestone
        with acting(actor, "participation.update"):
            _save(participation)
        if newly_confirmed:
            milestone_confirm(
                actor=actor,
                kabupaten=participation.kabupaten,
                milestone=milestone,
                reached_on=session.date,
                note=_("Confirmed at %(session)s") % {"session": session.title},
            )
        return participation


def milestone_confirm(
    *, actor, kabupaten: Kabupaten, milestone: str, reached_on: date, note: str = ""
) -> MilestoneAchievement:
    with transaction.atomic():
        if reached_on > timezone.localdate():
            raise ValidationError(_("A milestone cannot be confirmed in the future."))
        achievement = (
            MilestoneAchievement.objects.select_for_update()
            .filter(kabupaten=kabupaten, milestone=milestone)
            .first()
        ) or MilestoneAchievement(kabupaten=kabupaten, milestone=milestone)
        achievement.reached_on = reached_on
        achievement.note = note
        achievement.recorded_by = actor
        with acting(actor, "milestone.confirm"):
            _save(achievement)
        return achievement


def followups_create(
    *, actor, session: ClinicSession, kabupaten: Kabupaten, rows: list[FollowUpRow]
) -> list[FollowUp]:
    """Add several follow-ups agreed at a session, all or none."""
    with transaction.atomic():
        if session.is_province_level:
            if not session.participations.filter(kabupaten=kabupaten).exists():
                raise ValidationError(_("This kabupaten/kota did not take part in the session."))
        elif kabupaten.pk != session.kabupaten_id:
            raise ValidationError(
                _("Follow-ups of an internal round belong to its kabupaten/kota.")
            )
        created = []
        with acting(actor, "followup.create"):
            for row in rows:
                if row.owner.kabupaten_id != kabupaten.pk:
                    raise ValidationError(_("The owner OPD must belong to the kabupaten/kota."))
                if row.policy_package and row.policy_package.programme.kabupaten_id != kabupaten.pk:
                    raise ValidationError(
                        _("The policy package must belong to the kabupaten/kota.")
                    )
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
                created.append(follow_up)
        return created


def followup_report_progress(
    *,
    actor,
    follow_up: FollowUp,
    on: date,
    note: str,
    status: str,
    drop_reason: str = "",
    expected_version: int | None = None,
) -> FollowUpUpdate:
    """A dated progress note; the status it reports becomes the follow-up's status.

    The version check keeps a note written on a stale page from silently undoing a status
    someone else reported meanwhile (e.g. "in progress" over "done")."""
    with transaction.atomic():
        _lock_for_edit(follow_up, expected_version)
        if on > timezone.localdate():
            raise ValidationError({"date": _("Progress cannot be reported for a future date.")})
        if on < follow_up.session.date:
            raise ValidationError({"date": _("Progress cannot be dated before the session.")})
        if status == FollowUp.Status.DROPPED and not drop_reason.strip():
            raise ValidationError({"drop_reason": _("Say why the follow-up is dropped.")})
        with acting(actor, "followup.progress"):
            new_reason = drop_reason.strip() if status == FollowUp.Status.DROPPED else ""
            if (follow_up.status, follow_up.drop_reason) != (status, new_reason):
                follow_up.status = status
                follow_up.drop_reason = new_reason
                _save(follow_up)
            update = FollowUpUpdate(
                follow_up=follow_up, date=on, note=note.strip(), status=status, author=actor
            )
            _save(update)
        return update


def followup_reassign(
    *, actor, follow_up: FollowUp, owner: Agency, reason: str, expected_version: int | None = None
) -> FollowUp:
    with transaction.atomic():
        _lock_for_edit(follow_up, expected_version)
        if owner.kabupaten_id != follow_up.kabupaten_id:
            raise ValidationError(
                {"owner": _("The new owner must be an OPD of the same kabupaten/kota.")}
            )
        if owner.pk == follow_up.owner_id:
            raise ValidationError({"owner": _("This OPD already owns the follow-up.")})
        follow_up.owner = owner
        with acting(actor, "followup.reassign", reason=reason.strip()):
            _save(follow_up)
        return follow_up


def quickwin_save(*, actor, quick_win: QuickWin, expected_version: int | None = None) -> QuickWin:
    with transaction.atomic():
        creating = quick_win.pk is None
        if not creating:
            _lock_for_edit(quick_win, expected_version)
        if quick_win.agency.kabupaten_id != quick_win.kabupaten_id:
            raise ValidationError({"agency": _("The OPD must belong to the kabupaten/kota.")})
        if quick_win.session_id and not _session_concerns(quick_win.session, quick_win.kabupaten):
            raise ValidationError(
                {"session": _("This session does not concern the kabupaten/kota.")}
            )
        if creating:
            quick_win.created_by = actor
        with acting(actor, "quickwin.create" if creating else "quickwin.update"):
            _save(quick_win)
        return quick_win


def _session_concerns(session: ClinicSession, kabupaten: Kabupaten) -> bool:
    if session.is_province_level:
        return session.participations.filter(kabupaten=kabupaten).exists()
    return session.kabupaten_id == kabupaten.pk


def evidence_attach(
    *,
    actor,
    subject: ClinicSession | FollowUp | QuickWin,
    upload: UploadedFile,
    kind: str,
    description: str = "",
) -> Evidence:
    with transaction.atomic():
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
        elif isinstance(subject, FollowUp):
            evidence.follow_up = subject
        else:
            evidence.quick_win = subject
        evidence.file.save(upload.name, upload, save=False)
        try:
            with acting(actor, "evidence.attach"):
                _save(evidence)
        except Exception:
            evidence.file.delete(save=False)  # no row, no file: nothing half-written stays behind
            raise
        return evidence
