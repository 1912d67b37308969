import uuid

from django import template
from django.utils.html import format_html

from programs.concurrency import parse_key
from programs.value_cells import CellWriter

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_key(context) -> str:
    """The one-time key of a create form: kept when the form comes back with errors, so that
    the corrected submission still counts as the same one."""
    request = context.get("request")
    key = parse_key(request.POST.get("submission")) if request is not None else None
    return format_html('<input type="hidden" name="submission" value="{}">', key or uuid.uuid4())


@register.simple_tag(takes_context=True)
def value_cells(context, row, actable_agency_ids):
    """A row's cells on the actual-values page (see programs.value_cells)."""
    key = ("value-cells", id(actable_agency_ids))
    writer = context.render_context.get(key)
    if writer is None:
        writer = context.render_context[key] = CellWriter(actable_agency_ids)
    return writer.cells(row)
