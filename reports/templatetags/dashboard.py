from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from reports import charts, rows
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


@register.simple_tag(takes_context=True)
def indicator_table(context, rows_, *, national=False, owner=False, trend=False):
    """The dashboards' indicator table (see reports.rows) of the page's kabupaten/kota; the
    labels are worked out once per page."""
    kabupaten = context["kabupaten"]
    key = ("indicator-table-labels", kabupaten.pk)
    labels = context.render_context.get(key)
    if labels is None:
        values_url = reverse("programs:values-entry", kwargs={"code": kabupaten.code})
        labels = context.render_context[key] = rows.Labels.for_table(values_url)
    return rows.indicator_table(rows_, labels, national=national, owner=owner, trend=trend)


@register.simple_tag
def matrix_cells(indicators, cells):
    """A province matrix row's indicator cells (see reports.rows)."""
    return rows.matrix_cells(indicators, cells)


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
