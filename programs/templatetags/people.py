from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user, missing: str = "–") -> str:
    """A user's full name, else their username; `missing` when there is nobody (a record made
    by a command, or whose author was removed). `{{ x.y|default:x.y.username }}` would crash on
    the missing case, because Django resolves filter arguments strictly."""
    if user is None:
        return missing
    return user.get_full_name() or user.get_username()


@register.filter
def person_or_system(user) -> str:
    return person(user, _("system"))
