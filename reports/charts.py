"""Small charts drawn as SVG on the server, so that pages and PDFs show the same picture
without JavaScript or a charting library."""

from decimal import Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .metrics import GREEN, GREY, RED, YELLOW

LIGHT_COLOURS = {GREEN: "#1e7b34", YELLOW: "#b58100", RED: "#b02a37", GREY: "#6c757d"}
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def trend_svg(
    points: list[tuple[str, Decimal]],
    *,
    target: Decimal | None,
    baseline: Decimal | None,
    decimals: int,
    width: int = 220,
    height: int = 64,
    title: str = "",
) -> SafeString:
    """A line of verified values over time, with the target as a dashed line."""
    label = title or _("Trend of verified values")
    empty = _("no verified value yet")
    target_word = _("target")
    if not points:
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(label)}: {escape(empty)}">'
            f'<text x="4" y="{height // 2}" font-size="10" fill="#6c757d" {FONT}>'
            f"{escape(empty)}</text></svg>"
        )
    values = [float(v) for _, v in points]
    references = [float(x) for x in (target, baseline) if x is not None]
    low = min(values + references)
    high = max(values + references)
    if high == low:
        high, low = high + 1, low - 1
    pad_x, pad_top, pad_bottom = 6, 8, 14
    inner_w = width - 2 * pad_x
    inner_h = height - pad_top - pad_bottom

    def x(i: int) -> float:
        return pad_x + (inner_w * i / (len(points) - 1) if len(points) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return pad_top + inner_h * (high - v) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line x1="{pad_x}" y1="{ty:.1f}" x2="{width - pad_x}" y2="{ty:.1f}" stroke="#0b5c7a" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{width - pad_x}" y="{max(ty - 2, 8):.1f}" font-size="8" text-anchor="end" '
            f'fill="#0b5c7a" {FONT}>{escape(target_word)} {number_format(target, decimals)}</text>'
        )
    coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    parts.append(f'<polyline points="{coords}" fill="none" stroke="#212529" stroke-width="1.5"/>')
    for i, v in enumerate(values):
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.2" fill="#212529"/>')
    parts.append(
        f'<text x="{pad_x}" y="{height - 3}" font-size="8" fill="#6c757d" {FONT}>{escape(points[0][0])}</text>'
    )
    if len(points) > 1:
        parts.append(
            f'<text x="{width - pad_x}" y="{height - 3}" font-size="8" text-anchor="end" fill="#6c757d" '
            f"{FONT}>{escape(points[-1][0])}: {number_format(points[-1][1], decimals)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def light_dot_svg(light: str, size: int = 12) -> SafeString:
    colour = LIGHT_COLOURS.get(light, LIGHT_COLOURS[GREY])
    r = size / 2
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" aria-hidden="true">'
        f'<circle cx="{r}" cy="{r}" r="{r - 0.5}" fill="{colour}"/></svg>'
    )
