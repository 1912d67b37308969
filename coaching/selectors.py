"""Reads of the coaching pages, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from programs.access import Scope
from programs.history import HistoryEntry, Source, event_model, page_history
from programs.models import Agency, Kabupaten, MilestoneAchievement

from .access import sessions_visible_to
from .models import (
    AgencyPresentation,
    Attendance,
    ClinicSession,
    Evidence,
    FollowUp,
    FollowUpUpdate,
    Guest,
    Participation,
    PresentationIndicator,
    QuickWin,
)


def session_list(
    *,
    scope: Scope,
    kabupaten: Kabupaten | None = None,
    province_id: int | None = None,
    year: int | None = None,
    clinic_number: int | None = None,
    level: str | None = None,
) -> QuerySet[ClinicSession]:
    sessions = sessions_visible_to(scope)
    if kabupaten is not None:
        sessions = sessions.filter(Q(kabupaten=kabupaten) | Q(participations__kabupaten=kabupaten))
    if province_id is not None:
        sessions = sessions.filter(province_id=province_id)
    if year:
        sessions = sessions.filter(date__year=year)
    if clinic_number:
        sessions = sessions.filter(clinic_number=clinic_number)
    if level:
        sessions = sessions.filter(level=level)
    return (
        sessions.select_related("kabupaten", "province")
        .annotate(
            follow_up_count=Count("follow_ups", distinct=True),
            participant_count=Count("participations", distinct=True),
        )
        .order_by("-date", "-id")
        .distinct()
    )


def session_years(*, sessions: QuerySet[ClinicSession]) -> list[int]:
    return sorted({d.year for d in sessions.values_list("date", flat=True)}, reverse=True)


@dataclass(frozen=True)
class SessionDetail:
    session: ClinicSession
    attendances: list
    guests: list
    presentations: list[AgencyPresentation]
    participations: list[Participation]
    follow_ups: list[FollowUp]
    carried_over: list[FollowUp]
    quick_wins: list[QuickWin]
    evidence: list

    @property
    def guest_number_offset(self) -> int:
        """Guests continue the attendance list's numbering after the OPDs and kabupaten."""
        return len(self.attendances) + len(self.participations)


def session_detail(
    *, session: ClinicSession, only_kabupaten: Kabupaten | None = None
) -> SessionDetail:
    """Everything recorded at a session; `only_kabupaten` limits a province clinic to one
    participant, for the kabupaten users who may see only their own part of it."""
    participations = session.participations.select_related("kabupaten")
    follow_ups = session.follow_ups.select_related("owner", "kabupaten", "policy_package")
    if only_kabupaten is not None:
        participations = participations.filter(kabupaten=only_kabupaten)
        follow_ups = follow_ups.filter(kabupaten=only_kabupaten)
    return SessionDetail(
        session=session,
        attendances=list(session.attendances.select_related("agency")),
        guests=list(session.guests.all()),
        presentations=list(
            session.presentations.select_related("agency").prefetch_related("indicators")
        ),
        participations=list(participations),
        follow_ups=list(follow_ups.order_by("kabupaten__code", "due_date", "id")),
        carried_over=list(open_followups_before(session=session, only_kabupaten=only_kabupaten)),
        quick_wins=list(session.quick_wins.select_related("agency")),
        evidence=list(session.evidence.select_related("uploaded_by")),
    )


def open_followups_before(
    *, session: ClinicSession, only_kabupaten: Kabupaten | None = None
) -> QuerySet[FollowUp]:
    """Follow-ups still open from earlier clinics of the same kabupaten: nothing is forgotten."""
    if session.is_province_level:
        kabupaten_ids = session.participations.values("kabupaten_id")
        if only_kabupaten is not None:
            kabupaten_ids = [only_kabupaten.pk]
    else:
        kabupaten_ids = [session.kabupaten_id]
    return (
        FollowUp.objects.filter(
            kabupaten_id__in=kabupaten_ids,
            status__in=FollowUp.ACTIVE,
            session__date__lt=session.date,
        )
        .exclude(session=session)
        .select_related("owner", "kabupaten", "session")
        .order_by("due_date", "id")
    )


@dataclass(frozen=True)
class FollowUpCounts:
    total: int
    open: int
    in_progress: int
    done: int
    dropped: int
    overdue: int


def followup_tracker(
    *,
    scope_q: Q,
    today: date,
    kabupaten: Kabupaten | None = None,
    owner: Agency | None = None,
    status: str = "",
    overdue: bool = False,
    due_from: date | None = None,
    due_to: date | None = None,
) -> tuple[QuerySet[FollowUp], FollowUpCounts]:
    follow_ups = FollowUp.objects.filter(scope_q)
    if kabupaten is not None:
        follow_ups = follow_ups.filter(kabupaten=kabupaten)
    if owner is not None:
        follow_ups = follow_ups.filter(owner=owner)
    if status == "active":
        follow_ups = follow_ups.filter(status__in=FollowUp.ACTIVE)
    elif status:
        follow_ups = follow_ups.filter(status=status)
    if overdue:
        follow_ups = follow_ups.filter(status__in=FollowUp.ACTIVE, due_date__lt=today)
    if due_from:
        follow_ups = follow_ups.filter(due_date__gte=due_from)
    if due_to:
        follow_ups = follow_ups.filter(due_date__lte=due_to)
    S = FollowUp.Status
    counts = follow_ups.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=S.OPEN)),
        in_progress=Count("id", filter=Q(status=S.IN_PROGRESS)),
        done=Count("id", filter=Q(status=S.DONE)),
        dropped=Count("id", filter=Q(status=S.DROPPED)),
        overdue=Count("id", filter=Q(status__in=FollowUp.ACTIVE, due_date__lt=today)),
    )
    rows = follow_ups.select_related("owner", "kabupaten", "session", "policy_package").order_by(
        "due_date", "id"
    )
    return rows, FollowUpCounts(**counts)


def followup_history(*, follow_up: FollowUp):
    return follow_up.updates.select_related("author").order_by("-date", "-id")


def quickwin_list(*, kabupaten: Kabupaten) -> QuerySet[QuickWin]:
    return (
        kabupaten.quick_wins.select_related("agency", "session")
        .annotate(evidence_count=Count("evidence"))
        .order_by("target_date", "id")
    )


def milestone_history(*, kabupaten: Kabupaten):
    """Milestones reached and the province clinics that confirmed one, oldest first."""
    achievements = list(kabupaten.milestones.select_related("recorded_by").order_by("milestone"))
    confirmations = list(
        Participation.objects.filter(kabupaten=kabupaten)
        .exclude(milestone_confirmed="")
        .select_related("session")
        .order_by("session__date")
    )
    return achievements, confirmations


def session_prefetch_for_followups() -> Prefetch:
    return Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner"))


# --- Change histories, filtered by the same rules as the pages they sit on -----------------------


def session_history(
    *, session: ClinicSession, only_kabupaten: Kabupaten | None = None
) -> list[HistoryEntry]:
    """The session, its attendance, guests, presentations, participants and evidence.

    A kabupaten user reading a province clinic sees only their own part of it on the page,
    and so only their own participation in its history."""
    hide = legacy_hide = None
    if only_kabupaten is not None:
        hide = Q(pgh_model=event_model(Participation)._meta.label) & ~Q(
            pgh_data__kabupaten_id=only_kabupaten.pk
        )
        legacy_hide = Q(kabupaten__isnull=False) & ~Q(kabupaten=only_kabupaten)
    presentations = [
        AgencyPresentation(pk=pk)
        for pk in event_model(AgencyPresentation)
        .objects.filter(session_id=session.pk)
        .values_list("pgh_obj_id", flat=True)
        .distinct()
    ]
    return page_history(
        sources=[
            Source(
                references=(session,),
                event_models=tuple(
                    event_model(m)
                    for m in (
                        ClinicSession,
                        Attendance,
                        Guest,
                        AgencyPresentation,
                        Participation,
                        Evidence,
                    )
                ),
                hide=hide,
            ),
            Source(
                references=tuple(presentations),
                event_models=(event_model(PresentationIndicator),),
            ),
        ],
        legacy=[session],
        legacy_hide=legacy_hide,
    )


def followup_changes(*, follow_up: FollowUp) -> list[HistoryEntry]:
    return page_history(
        sources=[
            Source(
                references=(follow_up,),
                event_models=tuple(event_model(m) for m in (FollowUp, FollowUpUpdate, Evidence)),
            )
        ],
        legacy=[follow_up],
    )


def quickwin_changes(*, quick_win: QuickWin) -> list[HistoryEntry]:
    return page_history(
        sources=[
            Source(
                references=(quick_win,),
                event_models=tuple(event_model(m) for m in (QuickWin, Evidence)),
            )
        ],
        legacy=[quick_win],
    )


def milestone_changes(*, kabupaten: Kabupaten) -> list[HistoryEntry]:
    return page_history(
        sources=[
            Source(references=(kabupaten,), event_models=(event_model(MilestoneAchievement),))
        ],
        legacy=list(kabupaten.milestones.all()),
    )
