"""Small charts drawn as SVG on the server, so that pages and PDFs show the same picture
without JavaScript or a charting library."""

from decimal import Decimal
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ppsp_portal.numbers import Numbers

from .metrics import GREEN, GREY, RED, YELLOW

LIGHT_COLOURS = {GREEN: "#1e7b34", YELLOW: "#b58100", RED: "#b02a37", GREY: "#6c757d"}
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


@lru_cache(maxsize=8)
def _chart_words(language: str) -> tuple[str, str, str]:
    """The chart's words in `language`, escaped: looked up once, not for each of a page's 66
    charts."""
    return (
        escape(_("Trend of verified values")),
        escape(_("no verified value yet")),
        escape(_("target")),
    )


def trend_svg(
    points: list[tuple[str, Decimal]],
    *,
    target: Decimal | None,
    baseline: Decimal | None,
    decimals: int,
    width: int = 220,
    height: int = 64,
    title: str = "",
    numbers: Numbers | None = None,
) -> SafeString:
    """A line of verified values over time, with the target as a dashed line. Its figures are
    rounded as the tables round them (`numbers`: the separators, when the caller has them)."""
    numbers = numbers or Numbers.current()
    default_label, empty, target_word = _chart_words(get_language())
    label = escape(title) if title else default_label
    if not points:
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{label}: {empty}">'
            f'<text x="4" y="{height // 2}" font-size="10" fill="#6c757d" {FONT}>'
            f"{empty}</text></svg>"
        )
    values = [float(v) for _, v in points]
    references = [float(x) for x in (target, baseline) if x is not None]
    low = min(values + references)
    high = max(values + references)
    if high == low:
        high, low = high + 1, low - 1
    pad_x, pad_top, pad_bottom = 6, 8, 14
    inner_w = width - 2 * pad_x
    scale = (height - pad_top - pad_bottom) / (high - low)
    if len(values) > 1:
        step = inner_w / (len(values) - 1)
        xs = [f"{pad_x + step * i:.1f}" for i in range(len(values))]
    else:
        xs = [f"{pad_x + inner_w / 2:.1f}"]
    # A kabupaten's page draws 66 of these: each point is placed and written once.
    ys = [f"{pad_top + scale * (high - v):.1f}" for v in values]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">',
        f"<title>{label}</title>",
    ]
    if target is not None:
        ty = pad_top + scale * (high - float(target))
        parts.append(
            f'<line x1="{pad_x}" y1="{ty:.1f}" x2="{width - pad_x}" y2="{ty:.1f}" stroke="#0b5c7a" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
            f'<text x="{width - pad_x}" y="{max(ty - 2, 8):.1f}" font-size="8" text-anchor="end" '
            f'fill="#0b5c7a" {FONT}>{target_word} {numbers.format(target, decimals)}</text>'
        )
    coords = " ".join(map(",".join, zip(xs, ys, strict=True)))
    parts.append(f'<polyline points="{coords}" fill="none" stroke="#212529" stroke-width="1.5"/>')
    parts += [
        f'<circle cx="{px}" cy="{py}" r="2.2" fill="#212529"/>'
        for px, py in zip(xs, ys, strict=True)
    ]
    parts.append(
        f'<text x="{pad_x}" y="{height - 3}" font-size="8" fill="#6c757d" {FONT}>{escape(points[0][0])}</text>'
    )
    if len(points) > 1:
        parts.append(
            f'<text x="{width - pad_x}" y="{height - 3}" font-size="8" text-anchor="end" fill="#6c757d" '
            f"{FONT}>{escape(points[-1][0])}: {numbers.format(points[-1][1], decimals)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def sparkline_svg(
    values: list[Decimal], *, target: Decimal | None, width: int = 150, height: int = 36
) -> SafeString:
    """The verified values as a line with the target dashed and the latest value marked: no
    text, for the PDFs, where the table beside it prints the figures."""
    if not values:
        return mark_safe("–")
    points = [float(v) for v in values]
    low = min(points + ([float(target)] if target is not None else []))
    high = max(points + ([float(target)] if target is not None else []))
    if high == low:
        high, low = high + 1, low - 1
    pad = 3
    step = (width - 2 * pad) / (len(points) - 1) if len(points) > 1 else 0
    scale = (height - 2 * pad) / (high - low)

    def x(i: int) -> str:
        return f"{pad + (step * i if len(points) > 1 else (width - 2 * pad) / 2):.1f}"

    def y(v: float) -> str:
        return f"{pad + scale * (high - v):.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    ]
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line x1="{pad}" y1="{ty}" x2="{width - pad}" y2="{ty}" stroke="#0b5c7a" '
            'stroke-width="1" stroke-dasharray="4 3"/>'
        )
    coords = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(points))
    parts.append(f'<polyline points="{coords}" fill="none" stroke="#212529" stroke-width="1.5"/>')
    parts.append(
        f'<circle cx="{x(len(points) - 1)}" cy="{y(points[-1])}" r="2.2" fill="#212529"/></svg>'
    )
    return mark_safe("".join(parts))


@lru_cache(maxsize=16)
def light_dot_svg(light: str, size: int = 12) -> SafeString:
    colour = LIGHT_COLOURS.get(light, LIGHT_COLOURS[GREY])
    r = size / 2
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" aria-hidden="true">'
        f'<circle cx="{r}" cy="{r}" r="{r - 0.5}" fill="{colour}"/></svg>'
    )
