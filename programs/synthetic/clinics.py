"""Coaching clinics of the synthetic data set: province clinics with the kabupaten/kota they
coach, internal rounds, follow-ups (RTL), quick wins and the SSK milestones confirmed.

Each province holds three to seven clinics (CC I … CC VII) a year for a cohort of two to six
kabupaten/kota still in their cycle; a kabupaten prepares some of them in an internal round with
its OPDs. Everything dated after the as-of date is left out, like the values of open periods.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from coaching.models import (
    AgencyPresentation,
    Attendance,
    ClinicSession,
    FollowUp,
    FollowUpUpdate,
    Guest,
    Participation,
    QuickWin,
    to_roman,
)
from programs.models import Agency, Kabupaten, MilestoneAchievement

from . import names
from .bulk import Table, reserve_ids
from .plan import MARK, DataSetSize, KabupatenPlan, rng_for

# Share of kabupaten/kota that went through a whole M1–M4 cycle before the plan starts.
EARLIER_CYCLE_SHARE = 0.35
INTERNAL_ROUND_CHANCE = 0.35
MILESTONE_CHANCE = 0.45


@dataclass
class Rows:
    sessions: list = field(default_factory=list)
    participations: list = field(default_factory=list)
    attendances: list = field(default_factory=list)
    guests: list = field(default_factory=list)
    presentations: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    quick_wins: list = field(default_factory=list)
    milestones: list = field(default_factory=list)


def write_coaching(
    size: DataSetSize,
    plans: list[KabupatenPlan],
    kabupaten: list[Kabupaten],
    province_users: dict[str, int],
    now,
    counts: Counter,
) -> None:
    rows = Rows()
    stage = {plan.code: earlier_cycle(size, plan, rows) for plan in plans}
    by_province: dict[str, list[KabupatenPlan]] = {}
    for plan in plans:
        by_province.setdefault(plan.province_code, []).append(plan)
    provinces = {k.province.code: k.province for k in kabupaten}
    for code, members in sorted(by_province.items()):
        for year in size.plan_years:
            if date(year, 1, 1) > size.as_of:
                break
            province_year(size, provinces[code], members, year, stage, province_users[code], rows)
        for plan in members:
            yearly_quick_wins(size, plan, rows)
    write_rows(rows, now, counts)


def earlier_cycle(size: DataSetSize, plan: KabupatenPlan, rows: Rows) -> int:
    """The milestone a kabupaten stands at when the plan starts (4 for a finished cycle)."""
    rng = rng_for(size, plan.code, "cycle")
    if rng.random() >= EARLIER_CYCLE_SHARE:
        return 0
    year = rng.randint(size.first_year - 6, size.first_year - 1)
    for number, reached_on in enumerate(
        [date(year - 1, 3, 1), date(year - 1, 8, 1), date(year - 1, 12, 1), date(year, 8, 15)],
        start=1,
    ):
        rows.milestones.append(
            (plan.id, f"M{number}", reached_on, f"Siklus sebelumnya {MARK}", None)
        )
    return 4


def clinic_dates(size: DataSetSize, rng, year: int, count: int) -> list[date]:
    """Spread over February to December, as the province's calendar usually runs."""
    dates = []
    for number in range(count):
        month = 2 + (number * 10) // count
        dates.append(date(year, month, rng.randint(5, 25)))
    return [d for d in dates if d <= size.as_of]


def province_year(
    size: DataSetSize,
    province,
    members: list[KabupatenPlan],
    year: int,
    stage: dict[str, int],
    province_user: int,
    rows: Rows,
) -> None:
    rng = rng_for(size, province.code, year, "clinics")
    in_cycle = [p for p in members if stage[p.code] < 4]
    pool = in_cycle or members  # with everyone through the cycle, the clinics evaluate post-M4
    cohort = rng.sample(pool, min(len(pool), rng.randint(2, 6)))
    for number, day in enumerate(clinic_dates(size, rng, year, rng.randint(3, 7)), start=1):
        roman = to_roman(number)
        session = [
            "province",
            province.pk,
            None,
            number,
            f"Coaching Clinic {roman} PPSP Provinsi {province.name} {year}",
            day,
            f"Aula Bapperida Provinsi {province.name}",
            f"Kepala Bapperida Provinsi {province.name}",
            "Paparan capaian kabupaten/kota; umpan balik Pokja provinsi dan pusat.",
            f"Coaching clinic ke-{number} tahun {year}. {MARK}",
            province_user,
        ]
        rows.sessions.append(session)
        for plan in cohort:
            milestone = ""
            if stage[plan.code] < 4 and rng.random() < MILESTONE_CHANCE:
                stage[plan.code] += 1
                milestone = f"M{stage[plan.code]}"
                rows.milestones.append(
                    (plan.id, milestone, day, f"Dikonfirmasi pada CC {roman}", province_user)
                )
            rows.participations.append(
                (
                    session,
                    plan.id,
                    rng.choice(names.PRESENTATIONS),
                    rng.choice(names.FEEDBACK),
                    milestone,
                )
            )
            add_follow_ups(size, rng, plan, session, day, province_user, rng.randint(1, 3), rows)
            if rng.random() < INTERNAL_ROUND_CHANCE:
                internal_round(
                    size, rng, plan, number, day - timedelta(days=rng.randint(5, 12)), rows
                )


def internal_round(size, rng, plan: KabupatenPlan, number: int, day: date, rows: Rows) -> None:
    roman = to_roman(number)
    session = [
        "kabupaten",
        plan.province_id,
        plan.id,
        number,
        f"Rakor Coaching Clinic {roman} Perangkat Daerah",
        day,
        f"Aula Bapperida {plan.full_name}",
        f"Sekda {plan.full_name}",
        "Paparan capaian OPD; pembahasan rencana tindak lanjut.",
        f"OPD memaparkan capaian layanan sanitasi dan kendala di lapangan. {MARK}",
        plan.staff_user_id,
    ]
    rows.sessions.append(session)
    present = rng.sample(plan.agencies, min(len(plan.agencies), rng.randint(4, 8)))
    for agency in sorted(present, key=lambda a: a.abbreviation):
        rows.attendances.append((session, agency.id, f"Kepala {agency.abbreviation}"))
    for agency in present[: rng.randint(2, 3)]:
        rows.presentations.append((session, agency.id, rng.choice(names.PRESENTATIONS)))
    for organisation in rng.sample(names.GUESTS, rng.randint(1, 2)):
        rows.guests.append((session, organisation))
    add_follow_ups(size, rng, plan, session, day, plan.staff_user_id, rng.randint(2, 5), rows)
    if rng.random() < 0.3:
        add_quick_win(size, rng, plan, session, day, rows)


def head_or_staff(plan: KabupatenPlan, agency) -> int:
    return agency.head_user_id or plan.staff_user_id


def add_follow_ups(size, rng, plan, session, day: date, author: int, count: int, rows: Rows):
    """Follow-ups due one to six months on; those past due are mostly done, some overdue."""
    for _ in range(count):
        owner = rng.choice([a for a in plan.agencies if a.kind != Agency.Kind.BAPPERIDA])
        due = day + timedelta(days=rng.randint(30, 180))
        roll = rng.random()
        if due < size.as_of:
            status = (
                "done"
                if roll < 0.6
                else "dropped"
                if roll < 0.68
                else "open"
                if roll < 0.8
                else "in_progress"
            )
        else:
            status = "open" if roll < 0.55 else "in_progress" if roll < 0.95 else "done"
        follow_up = [
            plan.id,
            session,
            owner.id,
            rng.choice(names.FOLLOW_UPS),
            due,
            status,
            rng.choice(names.DROP_REASONS) if status == "dropped" else "",
            author,
        ]
        rows.follow_ups.append(follow_up)
        if status != "open":
            latest = min(due, size.as_of)
            span = max(1, (latest - day).days)
            rows.updates.append(
                (
                    follow_up,
                    day + timedelta(days=rng.randint(1, span)),
                    f"{rng.choice(names.PROGRESS_NOTES)} {MARK}",
                    status,
                    head_or_staff(plan, owner),
                )
            )


def add_quick_win(size, rng, plan, session, day: date, rows: Rows) -> None:
    target_date = day + timedelta(days=rng.randint(30, 200))
    roll = rng.random()
    if target_date < size.as_of:
        status = "achieved" if roll < 0.7 else "cancelled" if roll < 0.8 else "in_progress"
    else:
        status = "planned" if roll < 0.5 else "in_progress"
    agency = rng.choice([a for a in plan.agencies if a.kind != Agency.Kind.BAPPERIDA])
    rows.quick_wins.append(
        (
            plan.id,
            agency.id,
            session,
            f"{rng.choice(names.QUICK_WINS)} {plan.name}",
            f"Quick win {MARK}",
            target_date,
            status,
            plan.staff_user_id,
        )
    )


def yearly_quick_wins(size: DataSetSize, plan: KabupatenPlan, rows: Rows) -> None:
    """Quick wins a kabupaten keeps outside any clinic: up to two a year."""
    rng = rng_for(size, plan.code, "quick-wins")
    for year in size.plan_years:
        start = date(year, 1, 15)
        if start > size.as_of:
            break
        for _ in range(rng.randint(0, 2)):
            add_quick_win(size, rng, plan, None, start + timedelta(days=rng.randint(0, 300)), rows)


def write_rows(rows: Rows, now, counts: Counter) -> None:
    """Give sessions and follow-ups their ids, then write every table, parents first."""
    for session, session_id in zip(
        rows.sessions, reserve_ids(ClinicSession, len(rows.sessions)), strict=True
    ):
        session.append(session_id)
    for follow_up, follow_up_id in zip(
        rows.follow_ups, reserve_ids(FollowUp, len(rows.follow_ups)), strict=True
    ):
        follow_up.append(follow_up_id)

    def sid(session) -> int | None:
        return session[-1] if session is not None else None

    counts[ClinicSession] += Table(
        ClinicSession,
        [
            "level",
            "province_id",
            "kabupaten_id",
            "clinic_number",
            "title",
            "date",
            "venue",
            "chair",
            "agenda",
            "summary",
            "created_by_id",
            "id",
        ],
        now=now,
    ).write(rows.sessions)
    counts[Participation] += Table(
        Participation,
        ["session_id", "kabupaten_id", "presentation", "feedback", "milestone_confirmed"],
        now=now,
    ).write((sid(s), *rest) for s, *rest in rows.participations)
    counts[Attendance] += Table(
        Attendance, ["session_id", "agency_id", "attendee_names"], now=now
    ).write((sid(s), *rest) for s, *rest in rows.attendances)
    counts[AgencyPresentation] += Table(
        AgencyPresentation, ["session_id", "agency_id", "achievements"], now=now
    ).write((sid(s), *rest) for s, *rest in rows.presentations)
    counts[Guest] += Table(Guest, ["session_id", "organisation"], now=now).write(
        (sid(s), *rest) for s, *rest in rows.guests
    )
    counts[FollowUp] += Table(
        FollowUp,
        [
            "kabupaten_id",
            "session_id",
            "owner_id",
            "action",
            "due_date",
            "status",
            "drop_reason",
            "created_by_id",
            "id",
        ],
        now=now,
    ).write((k, sid(s), *rest) for k, s, *rest in rows.follow_ups)
    counts[FollowUpUpdate] += Table(
        FollowUpUpdate, ["follow_up_id", "date", "note", "status", "author_id"], now=now
    ).write((f[-1], *rest) for f, *rest in rows.updates)
    counts[QuickWin] += Table(
        QuickWin,
        [
            "kabupaten_id",
            "agency_id",
            "session_id",
            "title",
            "description",
            "target_date",
            "status",
            "created_by_id",
        ],
        now=now,
    ).write((k, a, sid(s), *rest) for k, a, s, *rest in rows.quick_wins)
    counts[MilestoneAchievement] += Table(
        MilestoneAchievement,
        ["kabupaten_id", "milestone", "reached_on", "note", "recorded_by_id"],
        now=now,
    ).write(rows.milestones)
