from django import template

from programs.models import period_label

register = template.Library()


@register.filter
def period_name(indicator, period) -> str:
    """ "Quarter 3", "Semester 1" or "Annual", as the indicator reports: a filter, where an
    include per row of a long list cost more than the rest of the row."""
    return period_label(indicator.frequency, period)
