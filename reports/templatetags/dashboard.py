from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from programs.models import period_label
from reports import charts, rows
from reports.metrics import GREEN, GREY, RED, YELLOW

register = template.Library()

LIGHT_LABELS = {
    GREEN: lambda: _("On track"),
    YELLOW: lambda: _("At risk"),
    RED: lambda: _("Off track"),
    GREY: lambda: _("No data"),
}


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
def sparkline(row, width=150, height=36):
    """The PDFs' trend: the line and the dashed target only. The table beside it prints the
    figures, and each SVG text costs WeasyPrint more than the rest of the chart."""
    return charts.sparkline_svg(
        [p.value for p in row.trend], target=row.target.target, width=width, height=height
    )


@register.filter
def period_name(indicator, period) -> str:
    """ "Quarter 3", "Semester 1" or "Annual", as the indicator reports."""
    return period_label(indicator.frequency, period)


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


@register.filter(is_safe=True)
def css_string(value) -> SafeString:
    """Text for the inside of a double-quoted CSS string in the PDFs' <style> (their running
    headers and footers), printed as typed.

    The HTML parser does not decode entities inside <style>, so the template's HTML escaping
    would print `&amp;` and `&quot;`: instead every character that could end the string, the
    rule or the <style> element (quotes, backslash, <, >, &, line breaks and other control
    characters) is written as a CSS escape, which the CSS parser turns back into the character.
    """
    text = " ".join(str(value).split())
    # The CSS parser swallows one space after an escape's hex digits: each escape brings its
    # own, so that the text's spaces survive.
    return mark_safe(
        "".join(f"\\{ord(c):06x} " if c in _CSS_UNSAFE or ord(c) < 32 else c for c in text)
    )


_CSS_UNSAFE = frozenset("\"'\\<>&")


@register.filter
def pairs(first, second):
    """`{% for a, b in list_a|pairs:list_b %}`: two lists that run side by side."""
    return zip(first, second, strict=False)
