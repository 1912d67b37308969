"""What the public pages show: one selector per page, a fixed number of queries whatever the
size of the data (tests/reports/test_public_queries.py pins them at two sizes).

Only what may be published is ever read here, so that no template or download can print
anything else by mistake:
- indicator figures from **verified** values only (`reports.metrics`, as the dashboards);
- SSK milestones with their date (never the note or who recorded them);
- clinics with their date, level, number and title (never the chair, venue, attendance,
  guests, presentations, minutes or decisions);
- policy packages with their funding summed by source (never a line, its note, its planning
  reference or its evidence), and only the lines of packages: follow-ups are internal work;
- quick wins Bapperida marked public, and evidence files marked public (never an attendance
  sheet, never a follow-up's: the database refuses to publish those);
- no user, no person's name, no e-mail address.

Opted-out kabupaten/kota are left out of every figure (`hidden`, from the publication state).
Each selector returns the plain values of reports.public.figures, which the cache keeps small.

The last section is of another kind: what Bapperida may choose to publish, for its page behind
the login.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value

from coaching.models import ClinicSession, Evidence, Participation, QuickWin
from programs.history import HistoryEntry, Source, event_model, page_history
from programs.models import (
    ActualValue,
    FundingLine,
    IndicatorTarget,
    Kabupaten,
    Milestone,
    MilestoneAchievement,
    PolicyPackage,
)
from programs.money import Amounts

from ..funding import SourceAmounts
from ..metrics import with_progress
from ..selectors import LightCounts
from .figures import (
    ClinicItem,
    EvidenceItem,
    IndicatorFigure,
    IndicatorHead,
    KabupatenPage,
    KabupatenSummary,
    MilestoneItem,
    NationalPage,
    PackageItem,
    ProgrammeItem,
    ProvincePage,
    ProvinceSummary,
    QuickWinItem,
    sorted_sources,
)
from .models import KabupatenPublication

# --- Years -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Years:
    """The years a public page offers, and the one it opens on."""

    available: list[int]
    latest_verified: int | None
    # The years with package funding: a page of another year points to them.
    funded: list[int] = field(default_factory=list)

    def choose(self, asked: int | None, today: date) -> int:
        """The year asked for when it has data, else the latest with verified values (early in
        a year nothing is verified yet, and a page of grey lights helps nobody), else this
        year or the nearest year with data."""
        if asked in self.available:
            return asked
        if self.latest_verified is not None:
            return self.latest_verified
        if today.year in self.available or not self.available:
            return today.year
        earlier = [y for y in self.available if y <= today.year]
        return max(earlier) if earlier else self.available[0]


def years(*, hidden: tuple[int, ...], today: date, **region) -> Years:
    """The years with targets or package funding in a region (`kabupaten_id=…`,
    `kabupaten__province_id=…` or nothing for the nation): two queries."""
    targets = IndicatorTarget.objects.filter(**region).exclude(kabupaten_id__in=hidden)
    lines = FundingLine.objects.filter(policy_package__isnull=False, **region).exclude(
        kabupaten_id__in=hidden
    )
    found = list(
        targets.order_by()
        .values_list("year", Value(False))
        .union(lines.order_by().values_list("year", Value(True)))
        .order_by()
    )
    available = sorted({year for year, _funded in found})
    funded = sorted({year for year, is_funding in found if is_funding})
    latest = (
        ActualValue.objects.filter(
            status=ActualValue.Status.VERIFIED,
            target__year__lte=today.year,
            **{f"target__{lookup}": value for lookup, value in region.items()},
        )
        .exclude(target__kabupaten_id__in=hidden)
        .order_by("-target__year")
        .values_list("target__year", flat=True)
        .first()
    )
    return Years(available, latest, funded)


# --- Shared reads ------------------------------------------------------------------------------

_SUMS = {"pagu": Sum("pagu"), "realisasi": Sum("realisasi"), "lines": Count("id")}
_SOURCE = ("source__code", "source__name", "source__sort_order")


def _add_source(sources: dict[str, SourceAmounts], row: dict) -> None:
    source = sources.setdefault(
        row["source__code"],
        SourceAmounts(row["source__code"], row["source__name"], row["source__sort_order"]),
    )
    source.amounts.add(row["pagu"], row["realisasi"], row["lines"])


def _package_lines(year: int, hidden: tuple[int, ...], **region):
    """The funding lines of policy packages: the only lines the public pages sum."""
    return (
        FundingLine.objects.filter(year=year, policy_package__isnull=False, **region)
        .exclude(kabupaten_id__in=hidden)
        .order_by()
    )


def _indicator_figures(targets, codes: dict[int, str]) -> list[IndicatorFigure]:
    """Key-indicator targets with their latest verified value, progress and light, by
    kabupaten/kota (`codes`: its code by id, from the publication state): one query."""
    measured = with_progress(targets.filter(indicator__is_key=True))
    figures = [
        IndicatorFigure(
            codes[t.kabupaten_id],
            t.indicator.code,
            t.indicator.name,
            t.indicator.unit,
            t.indicator.decimals,
            t.indicator.direction,
            t.indicator.frequency,
            t.year,
            t.baseline,
            t.target,
            t.latest_value,
            t.latest_year,
            t.latest_period,
            t.progress,
            t.light,
        )
        for t in measured
        if t.kabupaten_id in codes
    ]
    order = {t.indicator.code: (t.indicator.sort_order, t.indicator.code) for t in measured}
    return sorted(figures, key=lambda f: (f.kabupaten_code, order[f.code]))


def _top_milestones(hidden: tuple[int, ...], **region) -> dict[int, tuple[str, date]]:
    """Each kabupaten/kota's highest SSK milestone reached, with its date: one query."""
    top: dict[int, tuple[str, date]] = {}
    for kabupaten_id, milestone, reached_on in (
        MilestoneAchievement.objects.filter(**region)
        .exclude(kabupaten_id__in=hidden)
        .order_by("kabupaten_id", "milestone")
        .values_list("kabupaten_id", "milestone", "reached_on")
    ):
        top[kabupaten_id] = (milestone, reached_on)
    return top


def _held(year: int, today: date) -> Q:
    """Clinics of `year` that have taken place: one planned for next week is not yet held."""
    return Q(date__year=year, date__lte=today)


# --- The national page -------------------------------------------------------------------------


def national_page(*, regions, hidden: tuple[int, ...], year: int, today: date) -> NationalPage:
    """Every province with its published kabupaten/kota: four grouped queries.

    `regions` is the publication state (reports.public.publication.Publication)."""
    province_of = {k.id: k.province_code for k in regions.kabupaten.values()}
    summaries = {
        code: ProvinceSummary(code, p.name, len(regions.province_kabupaten(code)))
        for code, p in regions.provinces.items()
    }
    for code, count in (
        IndicatorTarget.objects.filter(year=year)
        .exclude(kabupaten_id__in=hidden)
        .order_by()
        .values_list("kabupaten__province__code")
        .annotate(n=Count("kabupaten_id", distinct=True))
    ):
        summaries[code].with_targets = count
    for kabupaten_id, (milestone, _reached) in _top_milestones(hidden).items():
        counts = summaries[province_of[kabupaten_id]].milestones
        counts[milestone] = counts.get(milestone, 0) + 1
    for code, count in (
        ClinicSession.objects.filter(_held(year, today))
        .exclude(kabupaten_id__in=hidden)
        .order_by()
        .values_list("province__code")
        .annotate(n=Count("id"))
    ):
        summaries[code].clinics = count
    total = Amounts()
    for row in _package_lines(year, hidden).values("kabupaten__province__code").annotate(**_SUMS):
        summaries[row["kabupaten__province__code"]].funding.add(
            row["pagu"], row["realisasi"], row["lines"]
        )
        total.add(row["pagu"], row["realisasi"], row["lines"])
    return NationalPage(year=year, provinces=list(summaries.values()), funding=total)


# --- A province's page -------------------------------------------------------------------------


def province_page(
    *, province, kabupaten: list, hidden: tuple[int, ...], year: int, today: date
) -> ProvincePage:
    """A province's published kabupaten/kota side by side: five queries.

    `province` and `kabupaten` are the publication state's regions (the published ones)."""
    rows = {k.id: KabupatenSummary(k.code, k.full_name) for k in kabupaten}
    region = {"kabupaten__province_id": province.id}
    figures = _indicator_figures(
        IndicatorTarget.objects.filter(year=year, **region).exclude(kabupaten_id__in=hidden),
        {k.id: k.code for k in kabupaten},
    )
    by_code = {k.code: rows[k.id] for k in kabupaten}
    heads: dict[str, IndicatorHead] = {}
    for figure in figures:
        heads.setdefault(
            figure.code,
            IndicatorHead(figure.code, figure.name, figure.unit, figure.decimals, figure.direction),
        )
        row = by_code.get(figure.kabupaten_code)
        if row is None:
            continue
        row.lights.add(figure.light)
        if figure.progress is not None:
            row.progress.append(min(figure.progress, Decimal(100)))
    for kabupaten_id, (milestone, reached_on) in _top_milestones(hidden, **region).items():
        if kabupaten_id in rows:
            rows[kabupaten_id].milestone, rows[kabupaten_id].milestone_on = milestone, reached_on
    clinics = []
    levels = dict(ClinicSession.Level.choices)
    for kabupaten_id, level, number, title, held_on in (
        ClinicSession.objects.filter(_held(year, today), province_id=province.id)
        .exclude(kabupaten_id__in=hidden)
        .order_by("date", "id")
        .values_list("kabupaten_id", "level", "clinic_number", "title", "date")
    ):
        if kabupaten_id is None:
            clinics.append(ClinicItem(held_on, level, str(levels[level]), number, title))
        elif kabupaten_id in rows:
            rows[kabupaten_id].clinics += 1
    for kabupaten_id, count in (
        Participation.objects.filter(
            session__province_id=province.id,
            session__date__year=year,
            session__date__lte=today,
        )
        .exclude(kabupaten_id__in=hidden)
        .order_by()
        .values_list("kabupaten_id")
        .annotate(n=Count("session_id", distinct=True))
    ):
        if kabupaten_id in rows:
            rows[kabupaten_id].clinics += count
    total, sources = Amounts(), {}
    for row in (
        _package_lines(year, hidden, **region).values("kabupaten_id", *_SOURCE).annotate(**_SUMS)
    ):
        if row["kabupaten_id"] in rows:
            rows[row["kabupaten_id"]].funding.add(row["pagu"], row["realisasi"], row["lines"])
        total.add(row["pagu"], row["realisasi"], row["lines"])
        _add_source(sources, row)
    return ProvincePage(
        code=province.code,
        name=province.name,
        year=year,
        indicators=list(heads.values()),
        rows=list(rows.values()),
        cells={(f.kabupaten_code, f.code): f for f in figures},
        figures=figures,
        clinics=clinics,
        funding=total,
        funding_by_source=sorted_sources(sources),
    )


# --- A kabupaten/kota's page -------------------------------------------------------------------


def _public_evidence(kabupaten_id: int, session_ids: list[int]) -> dict[tuple[str, int], list]:
    """Files marked public of the kabupaten's own rounds and of its public quick wins, by
    subject: one query. A province clinic's files are the province's to publish, not shown."""
    kinds = dict(Evidence.Kind.choices)
    found: dict[tuple[str, int], list[EvidenceItem]] = defaultdict(list)
    for pk, session_id, quick_win_id, kind, description, name, size in (
        Evidence.objects.filter(is_public=True, follow_up__isnull=True)
        .exclude(kind=Evidence.Kind.ATTENDANCE)
        .filter(
            Q(
                session_id__in=session_ids,
                session__level=ClinicSession.Level.KABUPATEN,
                session__kabupaten_id=kabupaten_id,
            )
            | Q(quick_win__kabupaten_id=kabupaten_id, quick_win__is_public=True)
        )
        .order_by("uploaded_at", "id")
        .values_list(
            "pk", "session_id", "quick_win_id", "kind", "description", "original_name", "size"
        )
    ):
        subject = ("session", session_id) if session_id else ("quick_win", quick_win_id)
        found[subject].append(EvidenceItem(pk, kind, str(kinds[kind]), description, name, size))
    return found


def kabupaten_page(*, kabupaten, province, year: int, today: date) -> KabupatenPage:
    """A published kabupaten/kota: eight queries. `kabupaten` and `province` are the
    publication state's regions."""
    kabupaten_id = kabupaten.id
    figures = _indicator_figures(
        IndicatorTarget.objects.filter(kabupaten_id=kabupaten_id, year=year),
        {kabupaten_id: kabupaten.code},
    )
    lights = LightCounts()
    for figure in figures:
        lights.add(figure.light)
    reached = dict(
        MilestoneAchievement.objects.filter(kabupaten_id=kabupaten_id).values_list(
            "milestone", "reached_on"
        )
    )
    milestones = [MilestoneItem(m.value, str(m.label), reached.get(m.value)) for m in Milestone]
    sessions = list(
        ClinicSession.objects.filter(_held(year, today))
        .filter(Q(kabupaten_id=kabupaten_id) | Q(participations__kabupaten_id=kabupaten_id))
        .distinct()
        .order_by("date", "id")
        .values_list("pk", "level", "clinic_number", "title", "date")
    )
    public_wins = list(
        QuickWin.objects.filter(kabupaten_id=kabupaten_id, is_public=True)
        .order_by("target_date", "id")
        .values_list(
            "pk",
            "title",
            "agency__abbreviation",
            "agency__name",
            "status",
            "target_date",
            "description",
        )
    )
    evidence = _public_evidence(kabupaten_id, [pk for pk, *_rest in sessions])
    levels = dict(ClinicSession.Level.choices)
    clinics = [
        ClinicItem(
            held_on,
            level,
            str(levels[level]),
            number,
            title,
            tuple(evidence.get(("session", pk), ())),
        )
        for pk, level, number, title, held_on in sessions
    ]
    statuses = dict(QuickWin.Status.choices)
    quick_wins = [
        QuickWinItem(
            title,
            abbreviation,
            agency_name,
            status,
            str(statuses[status]),
            target_date,
            description,
            tuple(evidence.get(("quick_win", pk), ())),
        )
        for pk, title, abbreviation, agency_name, status, target_date, description in public_wins
    ]
    programmes: dict[int, ProgrammeItem] = {}
    packages: dict[int, PackageItem] = {}
    for package in (
        PolicyPackage.objects.filter(programme__kabupaten_id=kabupaten_id)
        .select_related("programme")
        .order_by("programme__start_year", "programme__name", "number")
    ):
        programme = package.programme
        item = programmes.setdefault(
            programme.pk,
            ProgrammeItem(
                programme.name, programme.description, programme.start_year, programme.end_year
            ),
        )
        packages[package.pk] = PackageItem(
            package.number, package.title, package.description, package.sector_labels
        )
        item.packages.append(packages[package.pk])
    total, sources = Amounts(), {}
    for row in (
        _package_lines(year, (), kabupaten_id=kabupaten_id)
        .values("policy_package_id", *_SOURCE)
        .annotate(**_SUMS)
    ):
        package = packages[row["policy_package_id"]]
        package.amounts.add(row["pagu"], row["realisasi"], row["lines"])
        _add_source(package.sources, row)
        total.add(row["pagu"], row["realisasi"], row["lines"])
        _add_source(sources, row)
    return KabupatenPage(
        code=kabupaten.code,
        name=kabupaten.full_name,
        province_code=province.code,
        province_name=province.name,
        year=year,
        milestones=milestones,
        clinics=clinics,
        indicators=figures,
        lights=lights,
        programmes=list(programmes.values()),
        funding=total,
        funding_by_source=sorted_sources(sources),
        quick_wins=quick_wins,
    )


# --- What Bapperida may publish (its page behind the login) ------------------------------------


def publishable_quick_wins(*, kabupaten: Kabupaten) -> QuerySet[QuickWin]:
    return QuickWin.objects.filter(kabupaten=kabupaten).select_related("agency")


def publishable_evidence(*, kabupaten: Kabupaten) -> QuerySet[Evidence]:
    """Files of the kabupaten/kota's own rounds and of its quick wins. An attendance sheet lists
    people and a follow-up's files are internal work: neither can ever be published."""
    return (
        Evidence.objects.filter(
            Q(session__kabupaten=kabupaten, session__level=ClinicSession.Level.KABUPATEN)
            | Q(quick_win__kabupaten=kabupaten)
        )
        .exclude(kind=Evidence.Kind.ATTENDANCE)
        .select_related("session", "quick_win")
        .order_by("-uploaded_at", "-id")
    )


@dataclass(frozen=True)
class PublicationState:
    published: bool
    quick_wins: frozenset[int]
    evidence: frozenset[int]

    @property
    def token(self) -> str:
        """A short fingerprint of the state, carried by the form that was built from it."""
        text = f"{self.published}|{sorted(self.quick_wins)}|{sorted(self.evidence)}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def publication_state(*, kabupaten: Kabupaten) -> PublicationState:
    """Whether the kabupaten/kota publishes, and which of its quick wins and files."""
    wins = publishable_quick_wins(kabupaten=kabupaten)
    files = publishable_evidence(kabupaten=kabupaten)
    published = (
        KabupatenPublication.objects.filter(kabupaten=kabupaten)
        .values_list("published", flat=True)
        .first()
    )
    return PublicationState(
        published=True if published is None else published,
        quick_wins=frozenset(wins.filter(is_public=True).values_list("pk", flat=True)),
        evidence=frozenset(files.filter(is_public=True).values_list("pk", flat=True)),
    )


def publication_changes(*, kabupaten: Kabupaten) -> list[HistoryEntry]:
    """Who switched the kabupaten/kota's publication on or off, and when."""
    return page_history(
        sources=[Source(references=(kabupaten,), event_models=(event_model(KabupatenPublication),))]
    )
