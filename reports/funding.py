"""The funding figures of the dashboards and reports, summed by PostgreSQL in one query each.

`kabupaten_funding` and `province_funding` hold sums only (by source, by package, by
kabupaten): no note, no evidence, no name of a person. The public pages can therefore show
them as they are; the lines themselves stay behind the login.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from programs.models import FundingLine, Kabupaten, PolicyPackage, Province
from programs.money import Amounts


@dataclass
class SourceAmounts:
    code: str
    name: str
    sort_order: int
    amounts: Amounts = field(default_factory=Amounts)


def _by_source(rows: dict[str, SourceAmounts], row: dict) -> None:
    """Add one aggregated row into its source's total."""
    source = rows.setdefault(
        row["source__code"],
        SourceAmounts(row["source__code"], row["source__name"], row["source__sort_order"]),
    )
    source.amounts.add(row["pagu"], row["realisasi"], row["lines"])


def _sorted(rows: dict[str, SourceAmounts]) -> list[SourceAmounts]:
    return sorted(rows.values(), key=lambda s: (s.sort_order, s.name))


_SUMS = {"pagu": Sum("pagu"), "realisasi": Sum("realisasi"), "lines": Count("id")}
_SOURCE = ("source__code", "source__name", "source__sort_order")


@dataclass
class PackageFunding:
    """A policy package's lines of the year, in total and by source."""

    package_id: int
    label: str
    amounts: Amounts = field(default_factory=Amounts)
    sources: dict[str, SourceAmounts] = field(default_factory=dict)

    @property
    def by_source(self) -> list[SourceAmounts]:
        return _sorted(self.sources)


@dataclass
class KabupatenFunding:
    year: int
    total: Amounts
    by_source: list[SourceAmounts]
    packages: dict[int, PackageFunding]
    # Lines of follow-ups and quick wins, which belong to no package.
    other: Amounts


def kabupaten_fundings(*, kabupaten_ids: Iterable[int], year: int) -> dict[int, KabupatenFunding]:
    """The funding of one year of many kabupaten/kota by source and by package, each one's
    (an empty one where it has no line): one grouped query whatever their number."""
    kabupaten_ids = list(kabupaten_ids)
    rows = (
        FundingLine.objects.filter(kabupaten_id__in=kabupaten_ids, year=year)
        .values(
            "kabupaten_id",
            "policy_package_id",
            "policy_package__number",
            "policy_package__title",
            *_SOURCE,
        )
        .annotate(**_SUMS)
        .order_by()
    )
    sums: dict[int, tuple[Amounts, Amounts, dict, dict]] = {
        pk: (Amounts(), Amounts(), {}, {}) for pk in kabupaten_ids
    }
    for row in rows:
        total, other, sources, packages = sums[row["kabupaten_id"]]
        total.add(row["pagu"], row["realisasi"], row["lines"])
        _by_source(sources, row)
        package_id = row["policy_package_id"]
        if package_id is None:
            other.add(row["pagu"], row["realisasi"], row["lines"])
            continue
        package = packages.setdefault(
            package_id,
            PackageFunding(
                package_id,
                _package_label(row["policy_package__number"], row["policy_package__title"]),
            ),
        )
        package.amounts.add(row["pagu"], row["realisasi"], row["lines"])
        _by_source(package.sources, row)
    return {
        pk: KabupatenFunding(
            year=year, total=total, by_source=_sorted(sources), packages=packages, other=other
        )
        for pk, (total, other, sources, packages) in sums.items()
    }


def kabupaten_funding(*, kabupaten: Kabupaten, year: int) -> KabupatenFunding:
    """A kabupaten's funding of one year by source and by package: one grouped query."""
    return kabupaten_fundings(kabupaten_ids=[kabupaten.pk], year=year)[kabupaten.pk]


def _package_label(number: int, title: str) -> str:
    return f"{PolicyPackage(number=number)}: {title}"


@dataclass
class ProvinceFunding:
    year: int
    total: Amounts
    by_source: list[SourceAmounts]
    by_kabupaten: dict[int, Amounts]


def province_fundings(*, provinces: Iterable[Province], year: int) -> dict[int, ProvinceFunding]:
    """Every kabupaten/kota of many provinces in total, and each province by source: one
    query whatever their number."""
    province_ids = [p.pk for p in provinces]
    rows = (
        FundingLine.objects.filter(kabupaten__province_id__in=province_ids, year=year)
        .values("kabupaten__province_id", "kabupaten_id", *_SOURCE)
        .annotate(**_SUMS)
        .order_by()
    )
    sums: dict[int, tuple[Amounts, dict, dict]] = {pk: (Amounts(), {}, {}) for pk in province_ids}
    for row in rows:
        total, sources, by_kabupaten = sums[row["kabupaten__province_id"]]
        total.add(row["pagu"], row["realisasi"], row["lines"])
        _by_source(sources, row)
        by_kabupaten.setdefault(row["kabupaten_id"], Amounts()).add(
            row["pagu"], row["realisasi"], row["lines"]
        )
    return {
        pk: ProvinceFunding(
            year=year, total=total, by_source=_sorted(sources), by_kabupaten=by_kabupaten
        )
        for pk, (total, sources, by_kabupaten) in sums.items()
    }


def province_funding(*, province: Province, year: int) -> ProvinceFunding:
    """Every kabupaten/kota of a province in total, and the province by source: one query."""
    return province_fundings(provinces=[province], year=year)[province.pk]
