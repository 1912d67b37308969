from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from coaching.models import ClinicSession, FollowUp
from programs.models import (
    ActualValue,
    FundingLine,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    Membership,
    MilestoneAchievement,
    Province,
)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Province,
            Kabupaten,
            Indicator,
            IndicatorTarget,
            ActualValue,
            Membership,
            MilestoneAchievement,
            ClinicSession,
            FollowUp,
            FundingLine,
        )
    }


@pytest.fixture
def reference(db):
    call_command("load_reference_data", verbosity=0)


class TestReferenceData:
    def test_it_loads_every_province_and_kabupaten_kota(self, reference):
        assert Province.objects.count() == 38
        assert Kabupaten.objects.count() == 514
        assert Indicator.objects.count() == 18
        kalteng = Province.objects.get(code="62")
        assert kalteng.name == "Kalimantan Tengah"
        assert kalteng.kabupaten_set.count() == 14
        assert Kabupaten.objects.get(code="62.07").name == "Seruyan"
        assert Kabupaten.objects.get(code="62.71").kind == "kota"

    def test_it_changes_nothing_when_run_again(self, reference):
        before = counts()
        call_command("load_reference_data", verbosity=0)
        assert counts() == before


class TestDemoData:
    def test_it_seeds_the_2025_season_once_and_never_overwrites_edits(self, reference):
        call_command("seed_demo", verbosity=0)
        users = {m.user.username: m for m in Membership.objects.select_related("user")}
        assert users["bapperida.kapuas"].kabupaten.code == "62.03"
        assert users["pupr.kapuas"].agency.abbreviation == "Dinas PUPR"
        assert users["provinsi.kalteng"].province.code == "62"
        assert get_user_model().objects.get(username="admin").is_superuser
        seruyan = Kabupaten.objects.get(code="62.07")
        assert list(seruyan.programmes.get().packages.values_list("number", flat=True)) == [1, 2]
        stage = {
            k.code: k.milestones.order_by("-milestone").first().milestone
            for k in Kabupaten.objects.filter(code__in=["62.03", "62.07", "62.10", "62.05"])
        }
        assert stage["62.10"] == stage["62.05"] == "M4"
        assert stage["62.03"] < "M4" and stage["62.07"] < "M4"
        assert (
            IndicatorTarget.objects.filter(kabupaten=seruyan, year__range=(2025, 2029)).count()
            == 90
        )

        edited = IndicatorTarget.objects.get(kabupaten=seruyan, indicator__code="AL-01", year=2026)
        edited.target = Decimal("88.88")
        edited.save()
        before = counts()
        call_command("seed_demo", verbosity=0)
        assert counts() == before
        edited.refresh_from_db()
        assert edited.target == Decimal("88.88")

    def test_it_funds_seruyan_barasih_by_source_once_and_keeps_what_people_changed(self, reference):
        from coaching.models import QuickWin
        from programs.management.demo_funding import FOLLOW_UPS, QUICK_WINS
        from reports.funding import kabupaten_funding, province_funding

        call_command("seed_demo", verbosity=0)
        seruyan = Kabupaten.objects.get(code="62.07")
        funding = kabupaten_funding(kabupaten=seruyan, year=2025)
        assert {s.code for s in funding.by_source} >= {"apbd-kabupaten", "dak", "apbn", "csr"}
        assert "dana-desa" in {s.code for s in funding.packages[self.package(2).pk].by_source}
        assert set(funding.packages) == {self.package(1).pk, self.package(2).pk}
        assert 0 < funding.total.realisasi < funding.total.pagu
        assert FundingLine.objects.filter(kabupaten=seruyan, status="realised").count() >= 2
        province = province_funding(province=Province.objects.get(code="62"), year=2025)
        assert seruyan.pk in province.by_kabupaten
        for model, table, field in (
            (FollowUp, FOLLOW_UPS, "action"),
            (QuickWin, QUICK_WINS, "title"),
        ):
            for (code, text), (year, _lines) in table.items():
                for subject in model.objects.filter(kabupaten__code=code, **{field: text}):
                    assert subject.funding_lines.filter(year=year).exists(), text

        edited = FundingLine.objects.filter(policy_package=self.package(1)).first()
        FundingLine.objects.filter(pk=edited.pk).update(pagu=Decimal("9999999999"))
        removed = FundingLine.objects.filter(policy_package=self.package(2)).last()
        removed.delete()
        before = counts()
        call_command("seed_demo", verbosity=0)
        assert counts() == before  # the removed line stays removed
        edited.refresh_from_db()
        assert edited.pagu == Decimal("9999999999")

    @staticmethod
    def package(number):
        from programs.models import PolicyPackage

        return PolicyPackage.objects.get(programme__name="Seruyan Barasih", number=number)
