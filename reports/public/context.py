"""The public section's switch, for the layout's link to it (read only when a page asks)."""

from django.utils.functional import SimpleLazyObject

from .publication import current_publication


def public_section(request):
    return {"public_section": SimpleLazyObject(lambda: current_publication(request))}
