"""The programs app's models, one module by subject (see each module's docstring)."""

from .base import (
    FIRST_PLAN_YEAR,
    LAST_PLAN_YEAR,
    Authored,
    Milestone,
    Sector,
    Versioned,
    evidence_path,
)
from .funding import (
    SUBJECT_FIELDS,
    FundingLine,
    FundingSource,
    subject_filter,
    subject_kabupaten_id,
    subject_kind,
    subject_label,
    subject_model,
)
from .imports import ImportJob, import_path
from .indicators import (
    PERIODS_PER_YEAR,
    VALUE_WORKFLOW,
    ActualValue,
    Indicator,
    IndicatorTarget,
    period_label,
)
from .people import AuditEntry, Membership, SubmissionReceipt, TrackedUser
from .programmes import MilestoneAchievement, PolicyPackage, PolicyPackageAgency, Programme
from .regions import Agency, Kabupaten, Province

__all__ = [
    "FIRST_PLAN_YEAR",
    "LAST_PLAN_YEAR",
    "PERIODS_PER_YEAR",
    "VALUE_WORKFLOW",
    "ActualValue",
    "Agency",
    "AuditEntry",
    "Authored",
    "FundingLine",
    "FundingSource",
    "ImportJob",
    "Indicator",
    "IndicatorTarget",
    "Kabupaten",
    "Membership",
    "Milestone",
    "MilestoneAchievement",
    "PolicyPackage",
    "PolicyPackageAgency",
    "Programme",
    "Province",
    "SUBJECT_FIELDS",
    "Sector",
    "SubmissionReceipt",
    "TrackedUser",
    "Versioned",
    "evidence_path",
    "import_path",
    "period_label",
    "subject_filter",
    "subject_kabupaten_id",
    "subject_kind",
    "subject_label",
    "subject_model",
]
