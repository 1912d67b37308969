"""The dashboards' tables written in Python escape every text, and completeness counts only the
periods that have ended."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from programs.models import ActualValue, IndicatorTarget
from reports.counts import kabupaten_counts


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
