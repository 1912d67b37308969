"""What every part of the synthetic data set shares: its size, its marks, and the plan of each
kabupaten/kota that later steps fill in (ids of its OPDs and accounts)."""

import calendar
import random
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from programs.catalogue import INDICATORS

USERNAME_PREFIX = "synthetic."
EMAIL_DOMAIN = "synthetic.invalid"
# Django treats a hash starting with "!" as unusable: nobody can log in with any password.
UNUSABLE_PASSWORD = "!synthetic-account"
MARK = "(sintetis)"
SYNTHETIC_INDICATOR_PREFIX = "SYN-"
# Values of periods that ended this recently are still being entered and checked.
RECENT_DAYS = 120


@dataclass(frozen=True)
class DataSetSize:
    seed: int = 2025
    kabupaten: int | None = None  # the first N of the region list; None for all 514
    indicators: int = len(INDICATORS)  # in all; beyond the catalogue, synthetic quarterly ones
    first_year: int = 2025
    years: int = 5
    as_of: date = field(default_factory=timezone.localdate)

    @property
    def plan_years(self) -> range:
        return range(self.first_year, self.first_year + self.years)


@dataclass
class AgencyRow:
    id: int
    abbreviation: str
    kind: str
    head_user_id: int | None = None


@dataclass
class KabupatenPlan:
    """What later steps need to know about one loaded kabupaten/kota."""

    id: int
    code: str
    name: str
    full_name: str
    province_id: int
    province_code: str
    agencies: list[AgencyRow] = field(default_factory=list)
    staff_user_id: int = 0
    packages: dict[str, int] = field(default_factory=dict)  # sector → policy package id


def rng_for(size: DataSetSize, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (size.seed, *parts)))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def period_end(year: int, period: int, periods: int) -> date:
    month = 12 * period // periods
    return date(year, month, calendar.monthrange(year, month)[1])
