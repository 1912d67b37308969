"""What the dashboards count per kabupaten/kota, for any number of them, in one query.

Open and overdue follow-ups, values waiting for verification, reporting completeness and the
latest SSK milestone: five grouped ORM queries before, each paying Django's compile and
round-trip cost (about a millisecond each) on every dashboard. Raw SQL because the five
groupings share nothing the ORM could join on.

Completeness: the values expected are one per reporting period of the year that has ended by
today, for each target of the year; a value counts as entered (submitted, verified or returned)
or verified only for such a period, so that a value entered early for the current quarter does
not make a kabupaten look more than complete.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection

from coaching.models import FollowUp
from programs.models import ActualValue, Indicator, IndicatorTarget, MilestoneAchievement


def periods_elapsed(frequency: str, year: int, today: date) -> int:
    """How many reporting periods of `year` have ended by `today`."""
    per_year = {"annual": 1, "semester": 2, "quarterly": 4}[frequency]
    if year < today.year:
        return per_year
    if year > today.year:
        return 0
    months_done = today.month - 1
    return months_done * per_year // 12


@dataclass
class Completeness:
    expected: int = 0
    entered: int = 0
    verified: int = 0

    @property
    def percent_verified(self) -> Decimal | None:
        if not self.expected:
            return None
        return min(Decimal(100), Decimal(self.verified) * 100 / self.expected)


@dataclass
class KabupatenCounts:
    open_followups: int = 0
    overdue_followups: int = 0
    pending_verification: int = 0
    completeness: Completeness = field(default_factory=Completeness)
    milestone: MilestoneAchievement | None = None


_ACTIVE = ", ".join(f"'{status}'" for status in FollowUp.ACTIVE)
_TARGETS = IndicatorTarget._meta.db_table
_VALUES = ActualValue._meta.db_table

_COUNTS = f"""
WITH kabupaten AS (SELECT unnest(%(ids)s::bigint[]) AS id),
elapsed (frequency, periods) AS (
    VALUES ('{Indicator.Frequency.ANNUAL}', %(annual)s::int),
           ('{Indicator.Frequency.SEMESTER}', %(semester)s::int),
           ('{Indicator.Frequency.QUARTERLY}', %(quarterly)s::int)
),
completeness AS (
    SELECT target.kabupaten_id, SUM(elapsed.periods) AS expected,
           SUM(counted.entered) AS entered, SUM(counted.verified) AS verified
    FROM {_TARGETS} target
    JOIN {Indicator._meta.db_table} indicator ON indicator.id = target.indicator_id
    JOIN elapsed ON elapsed.frequency = indicator.frequency
    CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE value.status <> '{ActualValue.Status.DRAFT}') AS entered,
               count(*) FILTER (WHERE value.status = '{ActualValue.Status.VERIFIED}') AS verified
        FROM {_VALUES} value
        WHERE value.target_id = target.id AND value.period <= elapsed.periods
    ) counted
    WHERE target.kabupaten_id IN (SELECT id FROM kabupaten) AND target.year = %(year)s
    GROUP BY target.kabupaten_id
),
follow_ups AS (
    SELECT kabupaten_id, count(*) AS open,
           count(*) FILTER (WHERE due_date < %(today)s) AS overdue
    FROM {FollowUp._meta.db_table}
    WHERE kabupaten_id IN (SELECT id FROM kabupaten) AND status IN ({_ACTIVE})
    GROUP BY kabupaten_id
),
pending AS (
    SELECT target.kabupaten_id, count(*) AS pending
    FROM {_VALUES} value JOIN {_TARGETS} target ON target.id = value.target_id
    WHERE target.kabupaten_id IN (SELECT id FROM kabupaten)
      AND value.status = '{ActualValue.Status.SUBMITTED}'
      AND %(pending)s
    GROUP BY target.kabupaten_id
),
milestone AS (
    SELECT DISTINCT ON (kabupaten_id) kabupaten_id, id, milestone, reached_on
    FROM {MilestoneAchievement._meta.db_table}
    WHERE kabupaten_id IN (SELECT id FROM kabupaten)
    ORDER BY kabupaten_id, milestone DESC
)
SELECT kabupaten.id, follow_ups.open, follow_ups.overdue, pending.pending,
       completeness.expected, completeness.entered, completeness.verified,
       milestone.id, milestone.milestone, milestone.reached_on
FROM kabupaten
LEFT JOIN completeness ON completeness.kabupaten_id = kabupaten.id
LEFT JOIN follow_ups ON follow_ups.kabupaten_id = kabupaten.id
LEFT JOIN pending ON pending.kabupaten_id = kabupaten.id
LEFT JOIN milestone ON milestone.kabupaten_id = kabupaten.id
"""


def kabupaten_counts(
    kabupaten_ids: list[int], *, year: int, today: date, pending: bool = True
) -> dict[int, KabupatenCounts]:
    """The counts of each kabupaten/kota given, for the targets of `year`, as of `today`.
    `pending=False` leaves out the values waiting for verification (0 then), which only a
    kabupaten's own page shows and which cost a look at every value of the kabupaten."""
    params = {
        "ids": list(kabupaten_ids),
        "year": year,
        "today": today,
        "pending": pending,
        **{f: periods_elapsed(f, year, today) for f in Indicator.Frequency.values},
    }
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS, params)
        rows = cursor.fetchall()
    result = {}
    for row in rows:
        kabupaten_id, open_, overdue, pending, expected, entered, verified = row[:7]
        milestone_id, milestone, reached_on = row[7:]
        result[kabupaten_id] = KabupatenCounts(
            open_followups=open_ or 0,
            overdue_followups=overdue or 0,
            pending_verification=pending or 0,
            completeness=Completeness(expected or 0, entered or 0, verified or 0),
            # The fields the dashboards show; any other is read from the database on use.
            milestone=MilestoneAchievement.from_db(
                connection.alias,
                ["id", "kabupaten_id", "milestone", "reached_on"],
                [milestone_id, kabupaten_id, milestone, reached_on],
            )
            if milestone_id
            else None,
        )
    return result
