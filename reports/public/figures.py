"""The plain values the public selectors return and the pages, CSV and JSON print: no model
instance, so that the cache keeps them small and nothing but these fields can ever be shown."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coaching.models import to_roman
from programs.models import Milestone
from programs.money import Amounts

from ..funding import SourceAmounts
from ..selectors import LightCounts


def sorted_sources(sources: dict[str, SourceAmounts]) -> list[SourceAmounts]:
    return sorted(sources.values(), key=lambda s: (s.sort_order, s.name))


# --- Items -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceItem:
    pk: int
    kind: str
    kind_label: str
    description: str
    name: str
    size: int


@dataclass(frozen=True)
class ClinicItem:
    date: date
    level: str
    level_label: str
    number: int | None
    title: str
    evidence: tuple[EvidenceItem, ...] = ()

    @property
    def clinic_label(self) -> str:
        return f"CC {to_roman(self.number)}" if self.number else ""


@dataclass(frozen=True)
class IndicatorFigure:
    """A key indicator of one kabupaten/kota in one year, from verified values only."""

    kabupaten_code: str
    code: str
    name: str
    unit: str
    decimals: int
    direction: str
    frequency: str
    year: int
    baseline: Decimal | None
    target: Decimal
    value: Decimal | None
    value_year: int | None
    value_period: int | None
    progress: Decimal | None
    light: str


@dataclass(frozen=True)
class IndicatorHead:
    code: str
    name: str
    unit: str
    decimals: int
    direction: str


@dataclass(frozen=True)
class MilestoneItem:
    code: str
    label: str
    reached_on: date | None


@dataclass
class PackageItem:
    number: int
    title: str
    description: str
    sectors: list[str]
    amounts: Amounts = field(default_factory=Amounts)
    sources: dict[str, SourceAmounts] = field(default_factory=dict)

    @property
    def by_source(self) -> list[SourceAmounts]:
        return sorted_sources(self.sources)


@dataclass
class ProgrammeItem:
    name: str
    description: str
    start_year: int
    end_year: int
    packages: list[PackageItem] = field(default_factory=list)


@dataclass(frozen=True)
class QuickWinItem:
    title: str
    agency: str
    agency_name: str
    status: str
    status_label: str
    target_date: date
    description: str
    evidence: tuple[EvidenceItem, ...] = ()


# --- Pages -------------------------------------------------------------------------------------


@dataclass
class ProvinceSummary:
    code: str
    name: str
    kabupaten: int
    with_targets: int = 0
    milestones: dict[str, int] = field(default_factory=dict)
    clinics: int = 0
    funding: Amounts = field(default_factory=Amounts)

    @property
    def milestone_counts(self) -> list[tuple[str, int]]:
        return [(m, self.milestones.get(m, 0)) for m in Milestone.values]


@dataclass
class NationalPage:
    year: int
    provinces: list[ProvinceSummary]
    funding: Amounts


@dataclass
class KabupatenSummary:
    code: str
    name: str
    milestone: str = ""
    milestone_on: date | None = None
    clinics: int = 0
    lights: LightCounts = field(default_factory=LightCounts)
    progress: list[Decimal] = field(default_factory=list)
    funding: Amounts = field(default_factory=Amounts)

    @property
    def average_progress(self) -> Decimal | None:
        return sum(self.progress) / len(self.progress) if self.progress else None


@dataclass
class ProvincePage:
    code: str
    name: str
    year: int
    indicators: list[IndicatorHead]
    rows: list[KabupatenSummary]
    cells: dict[tuple[str, str], IndicatorFigure]
    figures: list[IndicatorFigure]
    clinics: list[ClinicItem]
    funding: Amounts
    funding_by_source: list[SourceAmounts]

    def matrix(self) -> list[tuple[KabupatenSummary, list[IndicatorFigure | None]]]:
        return [
            (row, [self.cells.get((row.code, i.code)) for i in self.indicators])
            for row in self.rows
        ]


@dataclass
class KabupatenPage:
    code: str
    name: str
    province_code: str
    province_name: str
    year: int
    milestones: list[MilestoneItem]
    clinics: list[ClinicItem]
    indicators: list[IndicatorFigure]
    lights: LightCounts
    programmes: list[ProgrammeItem]
    funding: Amounts
    funding_by_source: list[SourceAmounts]
    quick_wins: list[QuickWinItem]

    @property
    def milestone(self) -> MilestoneItem | None:
        reached = [m for m in self.milestones if m.reached_on]
        return reached[-1] if reached else None
