"""The open data of the public section (Satu Data Indonesia: standard data, metadata, reference
codes): every table a public page shows, as CSV and JSON, described column by column in the
data dictionary.

A dataset reads the same selector result as its page (reports.public.selectors), so a download
holds exactly the figures the page shows. Column names and codes are fixed, lower-case
Indonesian as Satu Data publishes them (`kode_kabupaten_kota`, `tahun`): they are an interface
other portals build on, so they are not translated; their descriptions are. Regions carry the
official Kemendagri codes (`62`, `62.07`). Numbers are written with a decimal point and no
grouping, dates as ISO 8601 (2025-08-25), so that any program reads them; money in rupiah.

Longer than most modules on purpose: it declares every column of every table, with its
meaning, in one place, which the data dictionary page prints as it stands.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from programs.models import Indicator, Milestone
from programs.spreadsheets import neutralise

from ..metrics import GREEN, GREY, RED, YELLOW

# Kinds of column, as the dictionary names them.
TEXT, CODE, INTEGER, DECIMAL, RUPIAH, DATE = (
    "teks",
    "kode",
    "bilangan bulat",
    "desimal",
    "rupiah",
    "tanggal",
)

LIGHT_CODES = {GREEN: "hijau", YELLOW: "kuning", RED: "merah", GREY: "abu"}
LEVEL_CODES = {"kabupaten": "kabupaten_kota", "province": "provinsi"}
QUICK_WIN_CODES = {
    "planned": "direncanakan",
    "in_progress": "berjalan",
    "achieved": "tercapai",
    "cancelled": "dibatalkan",
}
DIRECTION_CODES = {
    Indicator.Direction.HIGHER: "lebih_tinggi_lebih_baik",
    Indicator.Direction.LOWER: "lebih_rendah_lebih_baik",
}
FREQUENCY_CODES = {
    Indicator.Frequency.ANNUAL: "tahunan",
    Indicator.Frequency.SEMESTER: "semesteran",
    Indicator.Frequency.QUARTERLY: "triwulanan",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: Promise
    # The codes a "kode" column takes, with their meanings.
    codes: tuple[tuple[str, Promise], ...] = ()


@dataclass(frozen=True)
class Dataset:
    scope: str  # "nasional", "provinsi" or "kabupaten-kota": the page it belongs to
    slug: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    rows: Callable[[object], Iterable[tuple]]

    @property
    def anchor(self) -> str:
        return f"{self.scope}-{self.slug}"


# --- Columns shared by several datasets --------------------------------------------------------

PROVINCE_CODE = Column(
    "kode_provinsi", CODE, _("Province code of Kemendagri (two digits, e.g. 62).")
)
PROVINCE_NAME = Column("nama_provinsi", TEXT, _("Name of the province."))
KABUPATEN_CODE = Column(
    "kode_kabupaten_kota", CODE, _("Kabupaten/kota code of Kemendagri (e.g. 62.71).")
)
KABUPATEN_NAME = Column(
    "nama_kabupaten_kota", TEXT, _("Name of the kabupaten/kota, with Kabupaten or Kota.")
)
YEAR = Column("tahun", INTEGER, _("Year of the figures."))
MILESTONE_CODES = tuple((m.value, m.label) for m in Milestone)
LIGHTS = (
    ("hijau", _("on track: progress of at least 90%")),
    ("kuning", _("at risk: progress from 60% to under 90%")),
    ("merah", _("off track: progress under 60%")),
    ("abu", _("no data: no verified value or no baseline yet")),
)
LEVELS = (
    ("kabupaten_kota", _("the kabupaten/kota's own round with its OPDs")),
    ("provinsi", _("a province clinic for several kabupaten/kota")),
)
PAGU = Column("pagu", RUPIAH, _("Planned or budgeted amount, in rupiah."))
REALISASI = Column("realisasi", RUPIAH, _("Amount spent, in rupiah."))
PERCENT_REALISED = Column(
    "persen_realisasi", DECIMAL, _("Realisasi as a percentage of the pagu; empty without pagu.")
)
CLINICS_HELD = Column(
    "coaching_clinic_terlaksana",
    INTEGER,
    _("Coaching clinics held in the year so far (own rounds and province clinics)."),
)
SOURCE_CODE = Column("kode_sumber_dana", CODE, _("Code of the funding source."))
SOURCE_NAME = Column(
    "sumber_dana", TEXT, _("Funding source: APBD, APBN, DAK, Dana Desa, CSR and others.")
)
LINES = Column("jumlah_baris", INTEGER, _("Number of funding lines summed."))

INDICATOR_COLUMNS = (
    PROVINCE_CODE,
    KABUPATEN_CODE,
    KABUPATEN_NAME,
    YEAR,
    Column("kode_indikator", CODE, _("Code of the indicator in the PPSP catalogue.")),
    Column("nama_indikator", TEXT, _("Name of the indicator.")),
    Column("satuan", TEXT, _("Unit of the indicator.")),
    Column(
        "arah",
        CODE,
        _("Which way is better."),
        (
            ("lebih_tinggi_lebih_baik", _("higher is better")),
            ("lebih_rendah_lebih_baik", _("lower is better")),
        ),
    ),
    Column("baseline", DECIMAL, _("Value at the start of the plan.")),
    Column("target", DECIMAL, _("Target for the year.")),
    Column(
        "nilai_terverifikasi",
        DECIMAL,
        _(
            "Latest value verified by Bapperida, up to the year; empty when none is verified. "
            "Values still in draft, submitted or returned are never published."
        ),
    ),
    Column("tahun_nilai", INTEGER, _("Year of the verified value.")),
    Column("periode_nilai", INTEGER, _("Period of the verified value within its year (1 to 4).")),
    Column(
        "frekuensi",
        CODE,
        _("How often the indicator is reported."),
        (
            ("tahunan", _("annual")),
            ("semesteran", _("per semester")),
            ("triwulanan", _("per quarter")),
        ),
    ),
    Column(
        "progres_persen",
        DECIMAL,
        _("(verified value − baseline) ÷ (target − baseline) × 100; empty without both."),
    ),
    Column("status", CODE, _("Traffic light of the progress."), LIGHTS),
)


# --- Writing values ----------------------------------------------------------------------------


def number(value, decimals: int | None = None) -> str | None:
    """A number with a decimal point, no grouping and no exponent; None stays empty."""
    if value is None:
        return None
    value = Decimal(value)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return format(value, "f")


def rupiah(value) -> str | None:
    """Whole rupiah without decimals, sen when there are any."""
    if value is None:
        return None
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format(value.quantize(Decimal(1)) if value == value.to_integral_value() else value, "f")


def percent(value) -> str | None:
    return number(value, 1)


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- Rows of each dataset ----------------------------------------------------------------------


def _national_rows(page):
    for p in page.provinces:
        milestones = dict(p.milestone_counts)
        yield (
            p.code,
            p.name,
            page.year,
            p.kabupaten,
            p.with_targets,
            *(milestones[m] for m in Milestone.values),
            p.clinics,
            rupiah(p.funding.pagu),
            rupiah(p.funding.realisasi),
            percent(p.funding.percent_realised),
        )


def _indicator_rows(province_code: str, names: dict[str, str], figures):
    for f in figures:
        yield (
            province_code,
            f.kabupaten_code,
            names.get(f.kabupaten_code, ""),
            f.year,
            f.code,
            f.name,
            f.unit,
            DIRECTION_CODES.get(f.direction, f.direction),
            number(f.baseline, f.decimals),
            number(f.target, f.decimals),
            number(f.value, f.decimals),
            f.value_year,
            f.value_period,
            FREQUENCY_CODES.get(f.frequency, f.frequency),
            percent(f.progress),
            LIGHT_CODES.get(f.light, f.light),
        )


def _province_kabupaten_rows(page):
    for row in page.rows:
        yield (
            page.code,
            page.name,
            row.code,
            row.name,
            page.year,
            row.milestone or None,
            iso(row.milestone_on),
            row.clinics,
            row.lights.on_track,
            row.lights.at_risk,
            row.lights.off_track,
            row.lights.no_data,
            percent(row.average_progress),
            rupiah(row.funding.pagu),
            rupiah(row.funding.realisasi),
            percent(row.funding.percent_realised),
        )


def _province_indicator_rows(page):
    names = {row.code: row.name for row in page.rows}
    return _indicator_rows(page.code, names, page.figures)


def _clinic_rows(region_code: str, clinics):
    for clinic in clinics:
        yield (
            region_code,
            iso(clinic.date),
            LEVEL_CODES.get(clinic.level, clinic.level),
            clinic.number,
            clinic.title,
        )


def _source_rows(region_code: str, year: int, sources):
    for source in sources:
        yield (
            region_code,
            year,
            source.code,
            source.name,
            source.amounts.lines,
            rupiah(source.amounts.pagu),
            rupiah(source.amounts.realisasi),
            percent(source.amounts.percent_realised),
        )


def _milestone_rows(page):
    for m in page.milestones:
        yield (page.province_code, page.code, page.name, m.code, m.label, iso(m.reached_on))


def _kabupaten_indicator_rows(page):
    return _indicator_rows(page.province_code, {page.code: page.name}, page.indicators)


def _package_rows(page):
    for programme in page.programmes:
        for package in programme.packages:
            for source in package.by_source:
                yield (
                    page.code,
                    page.year,
                    programme.name,
                    package.number,
                    package.title,
                    source.code,
                    source.name,
                    source.amounts.lines,
                    rupiah(source.amounts.pagu),
                    rupiah(source.amounts.realisasi),
                    percent(source.amounts.percent_realised),
                )


def _quick_win_rows(page):
    for win in page.quick_wins:
        yield (
            page.code,
            win.title,
            win.agency,
            win.agency_name,
            QUICK_WIN_CODES.get(win.status, win.status),
            iso(win.target_date),
            win.description,
        )


# --- The datasets ------------------------------------------------------------------------------

NATIONAL, PROVINCE, KABUPATEN = "nasional", "provinsi", "kabupaten-kota"

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        NATIONAL,
        "provinsi",
        _("Provinces"),
        _(
            "One row per province: its published kabupaten/kota, how far their SSKs are, the "
            "coaching clinics held and the funding of their policy packages in the year."
        ),
        (
            PROVINCE_CODE,
            PROVINCE_NAME,
            YEAR,
            Column("jumlah_kabupaten_kota", INTEGER, _("Kabupaten/kota shown publicly.")),
            Column(
                "kabupaten_kota_dengan_target",
                INTEGER,
                _("Kabupaten/kota with indicator targets for the year."),
            ),
            *(
                Column(
                    f"kabupaten_kota_{m.lower()}",
                    INTEGER,
                    format_lazy(
                        _("Kabupaten/kota whose highest SSK milestone reached is {milestone}."),
                        milestone=m,
                    ),
                )
                for m in Milestone.values
            ),
            CLINICS_HELD,
            PAGU,
            REALISASI,
            PERCENT_REALISED,
        ),
        _national_rows,
    ),
    Dataset(
        PROVINCE,
        "kabupaten-kota",
        _("Kabupaten/kota of the province"),
        _(
            "One row per published kabupaten/kota of the province: its highest SSK milestone, "
            "clinics held, the traffic lights of its key indicators and the funding of its "
            "policy packages in the year."
        ),
        (
            PROVINCE_CODE,
            PROVINCE_NAME,
            KABUPATEN_CODE,
            KABUPATEN_NAME,
            YEAR,
            Column("tonggak_ssk", CODE, _("Highest SSK milestone reached."), MILESTONE_CODES),
            Column("tanggal_tonggak_ssk", DATE, _("Date the milestone was reached.")),
            CLINICS_HELD,
            Column("indikator_hijau", INTEGER, _("Key indicators on track.")),
            Column("indikator_kuning", INTEGER, _("Key indicators at risk.")),
            Column("indikator_merah", INTEGER, _("Key indicators off track.")),
            Column("indikator_abu", INTEGER, _("Key indicators without data.")),
            Column(
                "rata_rata_progres_persen",
                DECIMAL,
                _("Average progress of the key indicators, each counted up to 100%."),
            ),
            PAGU,
            REALISASI,
            PERCENT_REALISED,
        ),
        _province_kabupaten_rows,
    ),
    Dataset(
        PROVINCE,
        "indikator",
        _("Key indicators of the kabupaten/kota"),
        _(
            "One row per kabupaten/kota and key indicator with a target for the year: the "
            "target, the latest verified value, progress and traffic light."
        ),
        INDICATOR_COLUMNS,
        _province_indicator_rows,
    ),
    Dataset(
        PROVINCE,
        "coaching-clinic",
        _("Province coaching clinics"),
        _("The province clinics held in the year: date, number and title."),
        (
            PROVINCE_CODE,
            Column("tanggal", DATE, _("Date of the clinic.")),
            Column("tingkat", CODE, _("Level of the clinic."), LEVELS),
            Column("nomor_coaching_clinic", INTEGER, _("Number in the series (CC I = 1).")),
            Column("judul", TEXT, _("Title of the clinic.")),
        ),
        lambda page: _clinic_rows(page.code, page.clinics),
    ),
    Dataset(
        PROVINCE,
        "pendanaan",
        _("Funding of the policy packages by source"),
        _(
            "The funding lines of every published kabupaten/kota's policy packages for the "
            "year, summed by source."
        ),
        (PROVINCE_CODE, YEAR, SOURCE_CODE, SOURCE_NAME, LINES, PAGU, REALISASI, PERCENT_REALISED),
        lambda page: _source_rows(page.code, page.year, page.funding_by_source),
    ),
    Dataset(
        KABUPATEN,
        "tonggak",
        _("SSK milestones"),
        _("The four SSK milestones and the date the kabupaten/kota reached each."),
        (
            PROVINCE_CODE,
            KABUPATEN_CODE,
            KABUPATEN_NAME,
            Column("tonggak", CODE, _("The milestone."), MILESTONE_CODES),
            Column("keterangan", TEXT, _("What the milestone means.")),
            Column(
                "tanggal_tercapai",
                DATE,
                _("Date the province confirmed it; empty when not reached yet."),
            ),
        ),
        _milestone_rows,
    ),
    Dataset(
        KABUPATEN,
        "coaching-clinic",
        _("Coaching clinics"),
        _(
            "The clinics held in the year: the kabupaten/kota's own rounds with its OPDs and the "
            "province clinics it took part in."
        ),
        (
            KABUPATEN_CODE,
            Column("tanggal", DATE, _("Date of the clinic.")),
            Column("tingkat", CODE, _("Level of the clinic."), LEVELS),
            Column("nomor_coaching_clinic", INTEGER, _("Number in the series (CC I = 1).")),
            Column("judul", TEXT, _("Title of the clinic.")),
        ),
        lambda page: _clinic_rows(page.code, page.clinics),
    ),
    Dataset(
        KABUPATEN,
        "indikator",
        _("Key indicators"),
        _(
            "One row per key indicator with a target for the year: the target, the latest "
            "verified value, progress and traffic light."
        ),
        INDICATOR_COLUMNS,
        _kabupaten_indicator_rows,
    ),
    Dataset(
        KABUPATEN,
        "pendanaan",
        _("Funding of the policy packages"),
        _("The funding lines of each policy package for the year, summed by source."),
        (
            KABUPATEN_CODE,
            YEAR,
            Column("program", TEXT, _("The programme the package belongs to.")),
            Column("nomor_paket", INTEGER, _("Number of the policy package.")),
            Column("judul_paket", TEXT, _("Title of the policy package.")),
            SOURCE_CODE,
            SOURCE_NAME,
            LINES,
            PAGU,
            REALISASI,
            PERCENT_REALISED,
        ),
        _package_rows,
    ),
    Dataset(
        KABUPATEN,
        "quick-win",
        _("Quick wins"),
        _("The quick wins Bapperida publishes, whatever their year."),
        (
            KABUPATEN_CODE,
            Column("judul", TEXT, _("The quick win.")),
            Column("opd", TEXT, _("Abbreviation of the regional agency (OPD) carrying it.")),
            Column("nama_opd", TEXT, _("Name of the regional agency (OPD).")),
            Column(
                "status",
                CODE,
                _("Where it stands."),
                (
                    ("direncanakan", _("planned")),
                    ("berjalan", _("in progress")),
                    ("tercapai", _("achieved")),
                    ("dibatalkan", _("cancelled")),
                ),
            ),
            Column("tanggal_target", DATE, _("Date it is due.")),
            Column("uraian", TEXT, _("Description.")),
        ),
        _quick_win_rows,
    ),
)

BY_SCOPE: dict[str, dict[str, Dataset]] = {}
for _dataset in DATASETS:
    BY_SCOPE.setdefault(_dataset.scope, {})[_dataset.slug] = _dataset


def get_dataset(scope: str, slug: str) -> Dataset | None:
    return BY_SCOPE.get(scope, {}).get(slug)


# --- Formats -----------------------------------------------------------------------------------


def as_csv(dataset: Dataset, page) -> str:
    """The header and the rows; text that a spreadsheet could take for a formula neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.name for column in dataset.columns)
    text = [column.kind == TEXT for column in dataset.columns]
    for row in dataset.rows(page):
        writer.writerow(
            "" if value is None else (neutralise(value) if is_text else value)
            for value, is_text in zip(row, text, strict=True)
        )
    return buffer.getvalue()


JSON_KINDS = {INTEGER: int, DECIMAL: float, RUPIAH: float}


def as_json(dataset: Dataset, page, *, metadata: dict) -> str:
    """The metadata of the table, its columns and one object per row (numbers as numbers)."""
    casts = [JSON_KINDS.get(column.kind) for column in dataset.columns]
    data = [
        {
            column.name: value if value is None or cast is None else cast(value)
            for column, value, cast in zip(dataset.columns, row, casts, strict=True)
        }
        for row in dataset.rows(page)
    ]
    document = {
        **metadata,
        "kolom": [
            {"nama": c.name, "tipe": c.kind, "deskripsi": str(c.description)}
            for c in dataset.columns
        ],
        "data": data,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=_json_default)


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
