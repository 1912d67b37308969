"""Rupiah in templates, the one place pages and PDFs format money (see programs.money)."""

from django import template

from programs import money

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    """In full, for tables: Rp 1.234.567.890."""
    return money.rupiah(amount)


@register.filter
def rupiah_short(amount) -> str:
    """Rounded, for summaries: Rp 1,23 miliar."""
    return money.rupiah_short(amount)
