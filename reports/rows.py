"""The repeated parts of the dashboards' tables, written in Python.

A kabupaten's dashboard lists up to 66 indicators. As a template, each row cost about sixty
variable lookups, a dozen translation tags, an include and five number filters: two thirds of
the page's time went into these rows (about 35 ms of a 55 ms page at national scale). Here the
indicator table is written with f-strings over values worked out once per page (labels, the
link to the values page), escaping every text that comes from the database, and the numbers
are formatted exactly as the `floatformat` filter does (tests/test_numbers.py holds them side by
side), without its per-call overhead. The province dashboard's matrix
(38 kabupaten/kota × the key indicators in Jawa Timur) writes its indicator cells here for the
same reason. The markup is the one the templates had; tests/reports/test_dashboards.py reads it
back.
"""

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ppsp_portal.numbers import Numbers
from programs.models import Indicator, period_label

from . import charts
from .metrics import GREY

LIGHT_LABELS = {
    "on_track": lambda: _("On track"),
    "at_risk": lambda: _("At risk"),
    "off_track": lambda: _("Off track"),
    "no_data": lambda: _("No data"),
}


def light_label(light: str | None) -> str:
    return LIGHT_LABELS.get(light or GREY, LIGHT_LABELS[GREY])()


def percent_width(progress: Decimal | None) -> int:
    """Width of a progress bar in percent, kept within 0–100."""
    if progress is None:
        return 0
    return int(max(Decimal(0), min(Decimal(100), Decimal(progress))))


@dataclass
class Labels:
    """What every row of one table says the same way: worked out once per table."""

    values_url: str
    numbers: Numbers
    baseline: str
    target: str
    latest: str
    progress: str
    national: str
    owner: str
    trend: str
    source: str
    lower: str
    lights: dict[str, str]
    indicator: str
    empty: str
    trend_of: str

    @classmethod
    def for_table(cls, values_url: str) -> "Labels":
        return cls(
            values_url=escape(values_url),
            numbers=Numbers.current(),
            baseline=escape(_("Baseline")),
            target=escape(_("Target")),
            latest=escape(_("Latest verified")),
            progress=escape(_("Progress")),
            national=escape(_("National reference")),
            owner=escape(_("OPD")),
            trend=escape(_("Trend")),
            source=escape(_("Where this figure comes from")),
            lower=escape(_("Lower is better")),
            lights={light: escape(label()) for light, label in LIGHT_LABELS.items()},
            indicator=escape(_("Indicator")),
            empty=escape(_("No targets for this year yet.")),
            trend_of=_("Trend of %(indicator)s"),
        )


def _indicator_cell(indicator: Indicator, labels: Labels) -> str:
    lower = (
        f' <span title="{labels.lower}">↓</span>'
        if indicator.direction == Indicator.Direction.LOWER
        else ""
    )
    return (
        f'<th scope="row" class="fw-normal"><span class="small text-body-secondary">'
        f"{escape(indicator.code)}</span> {escape(indicator.name)}{lower}"
        f'<div class="small text-body-secondary">{escape(indicator.unit)}</div></th>'
    )


def _latest_cell(target, indicator: Indicator, labels: Labels) -> str:
    if target.latest_value is None:
        return f'<td class="text-end" data-label="{labels.latest}">–</td>'
    value = labels.numbers.format(target.latest_value, indicator.decimals)
    period = escape(period_label(indicator.frequency, target.latest_period))
    return (
        f'<td class="text-end" data-label="{labels.latest}">'
        f'<a href="{labels.values_url}?year={target.latest_year}" title="{labels.source}">'
        f"{value}</a>"
        f'<div class="small text-body-secondary">{period} {target.latest_year}</div></td>'
    )


def _progress_cell(target, code: str, labels: Labels) -> str:
    light = target.light or GREY
    light_text = labels.lights.get(light, labels.lights[GREY])
    width = percent_width(target.progress)
    shown = (
        f"{labels.numbers.format(target.progress, 0)}%"
        if target.progress is not None
        else light_text
    )
    return (
        f'<td class="wide" data-label="{labels.progress}">'
        f'<div class="d-flex align-items-center gap-2">{charts.light_dot_svg(light)}'
        f'<span class="small">{shown}</span></div>'
        f'<div class="progress progress-thin mt-1" role="progressbar" '
        f'aria-label="{labels.progress} {escape(code)}" aria-valuenow="{width}" '
        f'aria-valuemin="0" aria-valuemax="100">'
        f'<div class="progress-bar light-{escape(light)} pct-{width}"></div></div>'
        f'<span class="visually-hidden">{light_text}</span></td>'
    )


def _national_cell(indicator: Indicator, labels: Labels) -> str:
    if indicator.national_target is None:
        source = escape(indicator.national_target_source or "–")
        inner = f'<span class="text-body-secondary">{source}</span>'
    else:
        year = f" ({indicator.national_target_year})" if indicator.national_target_year else ""
        inner = (
            f"{labels.numbers.format(indicator.national_target, indicator.decimals)}"
            f'<div class="text-body-secondary">{escape(indicator.national_target_source)}'
            f"{year}</div>"
        )
    return f'<td class="text-end small" data-label="{labels.national}">{inner}</td>'


def indicator_row(row, labels: Labels, *, national: bool, owner: bool, trend: bool) -> SafeString:
    target, indicator = row.target, row.indicator
    decimals = indicator.decimals
    numbers = labels.numbers
    cells = [
        _indicator_cell(indicator, labels),
        f'<td class="text-end" data-label="{labels.baseline}">'
        f"{numbers.format(target.baseline, decimals) or '–'}</td>",
        f'<td class="text-end" data-label="{labels.target}">'
        f"{numbers.format(target.target, decimals)}</td>",
        _latest_cell(target, indicator, labels),
        _progress_cell(target, indicator.code, labels),
    ]
    if national:
        cells.append(_national_cell(indicator, labels))
    if owner:
        cells.append(
            f'<td class="small" data-label="{labels.owner}">'
            f"{escape(target.responsible_agency.abbreviation)}</td>"
        )
    if trend:
        chart = charts.trend_svg(
            [(p.label, p.value) for p in row.trend],
            target=target.target,
            baseline=target.baseline,
            decimals=decimals,
            title=labels.trend_of % {"indicator": indicator.name},
            numbers=numbers,
        )
        cells.append(f'<td class="wide" data-label="{labels.trend}">{chart}</td>')
    return mark_safe(f"<tr>{''.join(cells)}</tr>")


def indicator_table(
    rows, labels: Labels, *, national: bool, owner: bool, trend: bool
) -> SafeString:
    """The whole table: its head, a row per indicator, or a line saying there is none."""
    head = [
        f'<th scope="col">{labels.indicator}</th>',
        f'<th scope="col" class="text-end">{labels.baseline}</th>',
        f'<th scope="col" class="text-end">{labels.target}</th>',
        f'<th scope="col" class="text-end">{labels.latest}</th>',
        f'<th scope="col" class="col-progress">{labels.progress}</th>',
    ]
    if national:
        head.append(f'<th scope="col" class="text-end">{labels.national}</th>')
    if owner:
        head.append(f'<th scope="col">{labels.owner}</th>')
    if trend:
        head.append(f'<th scope="col">{labels.trend}</th>')
    body = [indicator_row(row, labels, national=national, owner=owner, trend=trend) for row in rows]
    if not body:
        body = [
            f'<tr><td colspan="{len(head)}" class="text-body-secondary">{labels.empty}</td></tr>'
        ]
    return mark_safe(
        '<div class="table-responsive" tabindex="0">'
        '<table class="table table-sm align-middle indicator-table table-stack table-stack-grid">'
        f'<thead class="table-light"><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def matrix_cells(indicators, cells) -> SafeString:
    """A province matrix row's cells, one per indicator: light and progress, "–" without
    progress, "·" without a target."""
    numbers = Numbers.current()
    no_target = escape(_("No target"))
    parts = []
    for indicator, cell in zip(indicators, cells, strict=True):
        if cell is None:
            inner = f'<span class="text-body-secondary" title="{no_target}">·</span>'
        elif cell.progress is not None:
            inner = (
                f"{charts.light_dot_svg(cell.light or GREY)} {numbers.format(cell.progress, 0)}%"
            )
        else:
            inner = (
                f"{charts.light_dot_svg(cell.light or GREY)} "
                f'<span class="text-body-secondary" title="{escape(light_label(cell.light))}">'
                "–</span>"
            )
        parts.append(
            f'<td class="text-nowrap small" data-label="{escape(indicator.code)}">{inner}</td>'
        )
    return mark_safe("".join(parts))
