"""Rupiah as people in Indonesian offices write and read them.

Amounts are Decimals end to end (`numeric(18,2)` in PostgreSQL, `Decimal` in Python, never a
float): a float turns Rp 1.234.567.890,10 into 1234567890.0999999… and sums of a province's
lines would drift from the sum of what was typed.

- `parse_rupiah` reads what people type the Indonesian way: "1.234.567.890",
  "1.234.567.890,50", "Rp 1.234.567.890" or "Rp 1.000.000,-". A dot groups thousands and a
  comma starts the sen, so "1.5" is refused rather than guessed at.
- `rupiah` writes an amount in full for tables ("Rp 1.234.567.890");
  `rupiah_short` rounds it for summaries ("Rp 1,23 miliar") in juta, miliar or triliun.
- `rupiah_input` writes an amount back into a form field so that it parses again unchanged.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# More than any one line of a kabupaten's sanitation plan could hold: a whole kabupaten's
# APBD is a few triliun. An amount above it is a typing slip (a zero too many).
CEILING = Decimal(10) ** 13  # Rp 10 triliun

SEN = Decimal("0.01")

_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
# ASCII digits only: "²" or "٣" are digits to Python, not to a budget officer.
_GROUPED = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?$")
_PLAIN = re.compile(r"^[0-9]+(?:,[0-9]+)?$")

# (threshold, unit) from the largest; below a juta an amount is written in full.
UNITS = (
    (Decimal(10) ** 12, gettext_lazy("trillion")),
    (Decimal(10) ** 9, gettext_lazy("billion")),
    (Decimal(10) ** 6, gettext_lazy("million")),
)


def parse_rupiah(text: str | None) -> Decimal | None:
    """The exact amount typed, or None when nothing was typed; ValidationError otherwise."""
    if text is None:
        return None
    cleaned = str(text).replace("\u00a0", " ").strip()
    if not cleaned:
        return None
    negative = cleaned.startswith(("-", "−"))
    cleaned = _PREFIX.sub("", cleaned.lstrip("-−").strip())
    negative = negative or cleaned.startswith(("-", "−"))
    cleaned = cleaned.lstrip("-−").strip().replace(" ", "")
    if cleaned.endswith((",-", ",–")):
        cleaned = cleaned[:-2]  # "Rp 1.000.000,-": no sen
    if not (_GROUPED.match(cleaned) or _PLAIN.match(cleaned)):
        raise ValidationError(
            _(
                "Type a rupiah amount the Indonesian way, e.g. 1.234.567.890 or "
                "1.234.567.890,50 (a dot between thousands, a comma before the sen)."
            ),
            code="invalid",
        )
    whole, _sep, sen = cleaned.partition(",")
    if len(sen) > 2:
        raise ValidationError(
            _("A rupiah amount has at most two digits after the comma (sen)."), code="sen"
        )
    try:
        amount = Decimal(f"{whole.replace('.', '')}.{sen or '0'}")
    except InvalidOperation:  # pragma: no cover - the patterns above admit digits only
        raise ValidationError(_("This is not an amount."), code="invalid") from None
    if negative and amount:
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    return amount


def amount_error(amount: Decimal | None) -> str | None:
    """Why `amount` cannot be a pagu or a realisasi, if so (whoever passes it in)."""
    if amount is None:
        return None
    if amount < 0:
        return _("An amount cannot be negative.")
    if amount > CEILING:
        return _("More than Rp 10 triliun on one line cannot be right; check the number of zeros.")
    if amount != amount.quantize(SEN):
        return _("A rupiah amount has at most two digits after the comma (sen).")
    return None


def _plain(amount: Decimal) -> Decimal:
    """Whole rupiah without decimals; sen kept (two digits) when there are any."""
    amount = Decimal(amount).quantize(SEN, rounding=ROUND_HALF_UP)
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def rupiah(amount: Decimal | int | None) -> str:
    """In full, for tables: Rp 1.234.567.890 (Rp 1.234.567.890,50 when there are sen)."""
    if amount is None or amount == "":
        return "–"
    return "Rp " + number_format(_plain(amount), use_l10n=True, force_grouping=True)


def rupiah_short(amount: Decimal | int | None) -> str:
    """Rounded, for summaries: Rp 1,23 miliar; Rp 950 juta; Rp 2 triliun."""
    if amount is None or amount == "":
        return "–"
    amount = Decimal(amount)
    for index, (threshold, unit) in enumerate(UNITS):
        if abs(amount) < threshold:
            continue
        scaled = (amount / threshold).quantize(SEN, rounding=ROUND_HALF_UP)
        if index > 0 and abs(scaled) >= 1000:
            # 999.999.999 rounds to 1.000 juta: say 1 miliar instead.
            threshold, unit = UNITS[index - 1]
            scaled = (amount / threshold).quantize(SEN, rounding=ROUND_HALF_UP)
        return f"Rp {_short_number(scaled)} {unit}"
    return rupiah(amount)


def _short_number(value: Decimal) -> str:
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    elif value * 10 == (value * 10).to_integral_value():
        value = value.quantize(Decimal("0.1"))
    return number_format(value, use_l10n=True, force_grouping=True)


def rupiah_input(amount: Decimal | None) -> str:
    """An amount as a form shows it, always the Indonesian way so that it parses back."""
    if amount is None:
        return ""
    plain = _plain(amount)
    whole, _dot, sen = f"{abs(plain):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if plain < 0 else "") + grouped + (f",{sen}" if sen else "")


def percent_of(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """`part` as a percentage of `whole`; None when there is no whole to compare with."""
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


@dataclass
class Amounts:
    """Pagu and realisasi added up (by SQL aggregates or line by line), with the share spent."""

    pagu: Decimal = Decimal(0)
    realisasi: Decimal = Decimal(0)
    lines: int = 0

    @property
    def percent_realised(self) -> Decimal | None:
        return percent_of(self.realisasi, self.pagu)

    def add(self, pagu: Decimal | None, realisasi: Decimal | None, lines: int = 1) -> None:
        self.pagu += pagu or Decimal(0)
        self.realisasi += realisasi or Decimal(0)
        self.lines += lines
