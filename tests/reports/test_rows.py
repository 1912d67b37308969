"""The dashboards' tables written in Python: numbers exactly as `floatformat` writes them, every
text escaped, and completeness counting only the periods that have ended."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation

from programs.models import ActualValue, IndicatorTarget
from reports.counts import kabupaten_counts
from reports.numbers import Numbers


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


class TestIndicatorTable:
    def test_it_escapes_what_people_typed(self, client_for, world):
        indicator = world.indicators["AL-01"]
        indicator.name = 'Akses <b>layak</b> & "aman"'
        indicator.unit = "% <rumah tangga>"
        indicator.save()
        world.kapuas_pupr.abbreviation = "PUPR & <Perkim>"
        world.kapuas_pupr.save()
        url = reverse("reports:kabupaten-dashboard", kwargs={"code": "62.03"}) + "?year=2025"
        page = client_for("kapuas").get(url).content.decode()
        assert "Akses &lt;b&gt;layak&lt;/b&gt; &amp; &quot;aman&quot;" in page
        assert "% &lt;rumah tangga&gt;" in page
        assert "PUPR &amp; &lt;Perkim&gt;" in page
        assert "<b>layak</b>" not in page


class TestCompleteness:
    def test_it_counts_a_value_once_its_period_has_ended(self, world):
        quarterly = IndicatorTarget.objects.create(
            kabupaten=world.seruyan,
            indicator=world.indicators["AL-04"],
            year=2026,
            baseline=Decimal(20),
            target=Decimal(40),
            responsible_agency=world.seruyan_pupr,
        )
        for period in (1, 2, 3, 4):
            ActualValue.objects.create(
                target=quarterly,
                period=period,
                value=Decimal(25),
                status="verified",
                entered_by=world.users["pupr"],
                verified_by=world.users["kapuas"],
                verified_at=timezone.now(),
            )
        # Mid-November: three quarters have ended; the fourth, entered early, waits.
        counts = kabupaten_counts([world.seruyan.pk], year=2026, today=date(2026, 11, 25))
        completeness = counts[world.seruyan.pk].completeness
        assert (completeness.expected, completeness.entered, completeness.verified) == (3, 3, 3)
        assert completeness.percent_verified == 100
