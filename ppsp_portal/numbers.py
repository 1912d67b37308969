"""Numbers as the `floatformat` filter writes them, without its per-call cost.

`floatformat` looks the language's separators up on every call and goes through several layers
of localisation; a dashboard or chart formats hundreds of numbers, so the separators are read
once (per table or chart) and the number is written by Python's own formatting.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.conf import settings
from django.utils.formats import get_format, number_format


@lru_cache(maxsize=8)
def _exponent(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


@dataclass(frozen=True)
class Numbers:
    """The active language's separators, read once per table or chart."""

    decimal_separator: str
    thousand_separator: str
    grouping: int

    @classmethod
    def current(cls) -> "Numbers":
        return cls(
            get_format("DECIMAL_SEPARATOR"),
            get_format("THOUSAND_SEPARATOR"),
            get_format("NUMBER_GROUPING") if settings.USE_THOUSAND_SEPARATOR else 0,
        )

    def format(self, value: Decimal | None, decimals: int) -> str:
        """`value|floatformat:decimals`: rounded half up, in the language's separators with
        thousands grouped (USE_THOUSAND_SEPARATOR); "" for no value."""
        if value is None:
            return ""
        rounded = Decimal(value).quantize(_exponent(decimals), rounding=ROUND_HALF_UP)
        if not rounded:
            rounded = abs(rounded)  # "-0" reads as "0", as floatformat writes it
        if self.grouping not in (0, 3):
            return number_format(rounded, decimals, use_l10n=True)
        text = f"{rounded:,f}" if self.grouping else f"{rounded:f}"
        return (
            text.replace(",", "\0")
            .replace(".", self.decimal_separator)
            .replace("\0", self.thousand_separator)
        )
