"""A synthetic national data set: every kabupaten/kota of Indonesia with a full PPSP season.

For measuring the portal at national scale (`seed_national`, `./portal bench --national`),
never for showing it: every account is named `synthetic.*`, cannot log in (its password is
unusable) and says "(sintetis)" in its name. The data are deterministic: the same seed, size
and as-of date give the same rows, and each kabupaten's rows do not depend on how many others
are loaded (one random stream per kabupaten and province).

`organisation.py` writes OPDs, accounts and programmes, `values.py` indicators, targets and
actual values, `clinics.py` the coaching clinics and what follows them, all through the COPY
writer of `bulk.py`; `census.py` tells what a database already holds.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from coaching.models import (
    AgencyPresentation,
    Attendance,
    ClinicSession,
    FollowUp,
    FollowUpUpdate,
    Guest,
    Participation,
    QuickWin,
)
from programs.models import (
    ActualValue,
    Agency,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    Membership,
    MilestoneAchievement,
    PolicyPackage,
    Programme,
)

from .bulk import without_history
from .census import existing_data, fingerprint, synthetic_counts
from .clinics import write_coaching
from .organisation import write_accounts, write_agencies, write_programmes
from .plan import USERNAME_PREFIX, DataSetSize, KabupatenPlan
from .values import ensure_indicators, write_targets, write_values

__all__ = [
    "USERNAME_PREFIX",
    "DataSetSize",
    "existing_data",
    "fingerprint",
    "load_national",
    "synthetic_counts",
]

WRITTEN_MODELS = [
    Agency,
    get_user_model(),
    Membership,
    Programme,
    PolicyPackage,
    PolicyPackage.agencies.through,
    Indicator,
    IndicatorTarget,
    ActualValue,
    MilestoneAchievement,
    ClinicSession,
    Attendance,
    Guest,
    AgencyPresentation,
    Participation,
    FollowUp,
    FollowUpUpdate,
    QuickWin,
]


def load_national(size: DataSetSize, *, kabupaten: list[Kabupaten]) -> Counter:
    """Write the data set for `kabupaten` in one transaction; return the rows written per model."""
    now = timezone.now()
    counts: Counter = Counter()
    with transaction.atomic(), without_history(WRITTEN_MODELS):
        indicators = ensure_indicators(size, counts)
        plans = [
            KabupatenPlan(
                id=k.pk,
                code=k.code,
                name=k.name,
                full_name=k.full_name,
                province_id=k.province_id,
                province_code=k.province.code,
            )
            for k in kabupaten
        ]
        write_agencies(size, plans, now, counts)
        province_users = write_accounts(plans, kabupaten, now, counts)
        write_programmes(size, plans, now, counts)
        targets = write_targets(size, plans, indicators, now, counts)
        write_values(size, indicators, targets, now, counts)
        write_coaching(size, plans, kabupaten, province_users, now, counts)
    # Fresh statistics for the planner: until autovacuum gets round to the new rows, PostgreSQL
    # plans the dashboards' lateral joins for empty tables (a kabupaten's page took 1.6 s
    # instead of 0.02 s when measured right after loading).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
