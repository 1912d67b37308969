"""The database refuses bad rows on its own: constraints and triggers, not only forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from programs.models import (
    ActualValue,
    Agency,
    IndicatorTarget,
    Kabupaten,
    Membership,
    PolicyPackage,
    Programme,
)
from tests.world import make_user


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def target(world, code="AL-02", year=2026, **fields):
    values = {
        "baseline": Decimal(10),
        "target": Decimal(20),
        "responsible_agency": world.kapuas_pupr,
    }
    values.update(fields)
    return IndicatorTarget.objects.create(
        kabupaten=world.kapuas, indicator=world.indicators[code], year=year, **values
    )


class TestTargets:
    def test_it_accepts_a_good_target(self, world):
        assert target(world).pk

    def test_it_allows_one_target_per_kabupaten_indicator_and_year(self, world):
        target(world)
        refused(lambda: target(world))

    def test_it_keeps_years_in_range(self, world):
        refused(lambda: target(world, year=1999))

    def test_it_keeps_percentages_within_0_and_100(self, world):
        refused(lambda: target(world, target=Decimal("100.5")))
        refused(lambda: target(world, baseline=Decimal(-1)))

    def test_it_keeps_counts_whole(self, world):
        refused(lambda: target(world, code="AL-07", target=Decimal("10.5")))
        assert target(world, code="AL-07", target=Decimal(10)).pk

    def test_it_refuses_an_opd_of_another_kabupaten(self, world):
        refused(lambda: target(world, responsible_agency=world.seruyan_pupr))

    def test_it_refuses_a_policy_package_of_another_kabupaten(self, world):
        refused(lambda: target(world, policy_package=world.package_1))

    def test_it_explains_a_bad_percentage_in_indonesian(self, world):
        bad = IndicatorTarget(
            kabupaten=world.kapuas,
            indicator=world.indicators["AL-02"],
            year=2027,
            target=Decimal(120),
            responsible_agency=world.kapuas_pupr,
        )
        with translation.override("id"), pytest.raises(ValidationError) as error:
            bad.full_clean()
        assert error.value.message_dict["target"] == ["Persentase harus di antara 0 dan 100."]


class TestActualValues:
    def value(self, world, **fields):
        values = {
            "target": world.kapuas_target,
            "period": 1,
            "value": Decimal(50),
            "entered_by": world.users["pupr"],
        }
        values.update(fields)
        return ActualValue.objects.create(**values)

    def test_it_allows_one_value_per_period(self, world):
        refused(lambda: self.value(world))  # the world already has period 1

    def test_it_refuses_a_period_the_frequency_does_not_have(self, world):
        refused(lambda: self.value(world, period=2))  # AL-01 is annual
        semester = IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-03")
        assert self.value(world, target=semester, period=2).pk
        refused(lambda: self.value(world, target=semester, period=3))

    def test_it_keeps_values_within_the_indicator_range(self, world):
        semester = IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-03")
        refused(lambda: self.value(world, target=semester, value=Decimal(101)))
        refused(lambda: self.value(world, target=semester, value=Decimal(-3)))

    def test_it_requires_a_verifier_for_a_verified_value(self, world):
        semester = IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-03")
        refused(lambda: self.value(world, target=semester, status="verified"))

    def test_it_refuses_self_verification(self, world):
        semester = IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-03")
        refused(
            lambda: self.value(
                world,
                target=semester,
                status="verified",
                verified_by=world.users["pupr"],
                verified_at=timezone.now(),
            )
        )


class TestMemberships:
    def test_it_requires_the_scope_of_the_role(self, world):
        user = make_user("someone")
        refused(lambda: Membership.objects.create(user=user, role="province"))
        refused(
            lambda: Membership.objects.create(user=user, role="agency_head", kabupaten=world.kapuas)
        )
        refused(
            lambda: Membership.objects.create(
                user=user, role="bapperida", kabupaten=world.kapuas, agency=world.kapuas_pupr
            )
        )

    def test_it_refuses_an_opd_of_another_kabupaten(self, world):
        user = make_user("someone")
        refused(
            lambda: Membership.objects.bulk_create(
                [
                    Membership(
                        user=user,
                        role="agency_head",
                        kabupaten=world.kapuas,
                        agency=world.seruyan_pupr,
                    )
                ]
            )
        )

    def test_it_takes_an_opd_heads_kabupaten_from_the_opd(self, world):
        user = make_user("someone")
        membership = Membership.objects.create(
            user=user, role="agency_head", agency=world.kapuas_dlh
        )
        assert membership.kabupaten == world.kapuas


class TestRegionsAndPackages:
    def test_it_checks_the_kabupaten_code_format(self, world):
        refused(
            lambda: Kabupaten.objects.create(
                province=world.kalteng, code="6299", name="X", kind="kota"
            )
        )

    def test_it_numbers_packages_once_per_programme(self, world):
        refused(
            lambda: PolicyPackage.objects.create(programme=world.barasih, number=1, title="Lagi")
        )
        refused(
            lambda: PolicyPackage.objects.create(programme=world.barasih, number=0, title="Nol")
        )

    def test_it_orders_programme_years(self, world):
        refused(
            lambda: Programme.objects.create(
                kabupaten=world.kapuas, name="X", start_year=2029, end_year=2025
            )
        )

    def test_it_keeps_opd_abbreviations_unique_per_kabupaten(self, world):
        refused(
            lambda: Agency.objects.create(kabupaten=world.kapuas, name="Lain", abbreviation="DLH")
        )
        assert Agency.objects.create(
            kabupaten=world.banjar, name="DLH Banjar", abbreviation="DLH"
        ).pk
