"""Typed, bounded reading of what a request carries: query parameters, hand-read form values and
the dates every form accepts.

A bad value must never reach PostgreSQL or date arithmetic as it came: `str.isdigit()` accepts
"²" (which `int()` refuses) and 5,000-digit numbers (which `int()` refuses past 4,300 digits), a
year of 99999999999 overflows Python's dates, a number past 2³¹ overflows an integer column.
List filters ignore a bad value (the page falls back to its default, as if it were absent);
forms refuse it with a message.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models import FIRST_PLAN_YEAR, LAST_PLAN_YEAR

# Anything the programme can be about lies within its planning years; a date outside them is
# a typing slip (0001-01-01, 9999-12-31) that would otherwise break due-date arithmetic.
FIRST_DATE = date(FIRST_PLAN_YEAR, 1, 1)
LAST_DATE = date(LAST_PLAN_YEAR, 12, 31)

# Longer than any number the portal stores (a bigint has 19 digits).
MAX_DIGITS = 18


def parse_int(raw: str | None, *, lo: int, hi: int) -> int | None:
    """`raw` as an integer within lo..hi, or None: ASCII digits only, an optional minus sign."""
    if raw is None:
        return None
    text = raw.strip()
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS):
        return None
    number = int(text)
    return number if lo <= number <= hi else None


def int_param(
    request: HttpRequest,
    name: str,
    *,
    lo: int,
    hi: int,
    default: int | None = None,
    source: QueryDict | None = None,
) -> int | None:
    """The integer in ?name= (or in `source`, e.g. request.POST), else `default`."""
    data = request.GET if source is None else source
    number = parse_int(data.get(name), lo=lo, hi=hi)
    return default if number is None else number


def year_param(
    request: HttpRequest,
    name: str = "year",
    *,
    default: int | None = None,
    source: QueryDict | None = None,
) -> int | None:
    """A year within the programme's planning years, else `default`."""
    return int_param(
        request, name, lo=FIRST_PLAN_YEAR, hi=LAST_PLAN_YEAR, default=default, source=source
    )


def pk_param(request: HttpRequest, name: str, *, source: QueryDict | None = None) -> int | None:
    """A primary key (a positive bigint), else None."""
    return int_param(request, name, lo=1, hi=2**63 - 1, source=source)


def choice_param(
    request: HttpRequest,
    name: str,
    choices,
    *,
    default: str | None = None,
    source: QueryDict | None = None,
) -> str | None:
    """The value of ?name= when it is one of `choices`, else `default`."""
    data = request.GET if source is None else source
    value = data.get(name)
    return value if value in choices else default


def validate_programme_date(value: date) -> None:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s."),
            code="out_of_programme",
            params={"first": date_format(FIRST_DATE), "last": date_format(LAST_DATE)},
        )


class ProgrammeDateField(forms.DateField):
    """A date field that refuses dates outside the programme's planning years (and tells the
    browser's date picker so)."""

    default_validators = [validate_programme_date]

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "min": FIRST_DATE.isoformat(),
            "max": LAST_DATE.isoformat(),
        }
