"""Numbers written by Python exactly as the `floatformat` filter writes them, in each language."""

import random
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from ppsp_portal.numbers import Numbers


class TestNumbers:
    @pytest.mark.parametrize("language", ["id", "en"])
    def test_it_writes_what_floatformat_writes(self, language):
        cases = [
            (Decimal("1234.5"), 2),
            (Decimal("-1234567.5"), 0),
            (Decimal("-0.004"), 2),
            (Decimal("999.995"), 2),
            (Decimal("0.5"), 0),
            (Decimal("-0.5"), 0),
            (Decimal("80.0000"), 1),
        ]
        draw = random.Random(2026)
        for _ in range(2000):
            value = Decimal(draw.randint(-(10**9), 10**9)) / Decimal(10 ** draw.randint(0, 6))
            cases.append((value, draw.randint(0, 4)))
        with translation.override(language):
            numbers = Numbers.current()
            for value, decimals in cases:
                assert numbers.format(value, decimals) == floatformat(value, decimals), value

    def test_it_writes_nothing_for_no_value(self):
        assert Numbers.current().format(None, 2) == ""
