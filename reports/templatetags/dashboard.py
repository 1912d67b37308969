from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from reports import charts
from reports.metrics import GREEN, GREY, RED, YELLOW

register = template.Library()

LIGHT_LABELS = {
    GREEN: lambda: _("On track"),
    YELLOW: lambda: _("At risk"),
    RED: lambda: _("Off track"),
    GREY: lambda: _("No data"),
}


@register.simple_tag
def trend_chart(row, width=220, height=64):
    target = row.target
    return charts.trend_svg(
        [(p.label, p.value) for p in row.trend],
        target=target.target,
        baseline=target.baseline,
        decimals=target.indicator.decimals,
        width=width,
        height=height,
        title=_("Trend of %(indicator)s") % {"indicator": target.indicator.name},
    )


@register.simple_tag
def light_dot(light):
    return charts.light_dot_svg(light or GREY)


@register.filter
def light_label(light) -> str:
    return LIGHT_LABELS.get(light or GREY, LIGHT_LABELS[GREY])()


@register.filter
def progress_width(progress) -> int:
    """Width of a progress bar in percent, kept within 0–100."""
    if progress is None:
        return 0
    return int(max(Decimal(0), min(Decimal(100), Decimal(progress))))


@register.filter
def css_string(value) -> str:
    """Make text safe inside a double-quoted CSS string (page headers of the PDFs)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return " ".join(text.split())


@register.filter
def pairs(first, second):
    """`{% for a, b in list_a|pairs:list_b %}`: two lists that run side by side."""
    return zip(first, second, strict=False)
