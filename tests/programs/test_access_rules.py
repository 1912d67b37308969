"""The access helpers of programs/access.py beyond who gets 404 and 403 (tests/test_permissions.py
holds those, view by view): reading is what a helper does unless asked for more, and each
helper reads its object together with everything its pages show, in one query, so that a
page's query count does not grow with what it shows of the object."""

from programs import services
from programs.access import (
    get_funding_line_for_user,
    get_funding_subject_for_user,
    get_scope,
    get_target_for_user,
    get_value_for_user,
)
from programs.models import IndicatorTarget, PolicyPackage, Programme
from tests.funding import make_line


def scoped(user):
    """The user with their scope read, as every request has it by the time a view asks."""
    get_scope(user)
    return user


class AccessDefaultsTests:
    def test_it_lets_a_reader_read_a_target_without_asking_to_enter_its_values(self, world):
        province = scoped(world.users["province"])
        assert get_target_for_user(province, world.kapuas_target.pk) == world.kapuas_target

    def test_it_lets_a_reader_read_a_funding_subject_without_asking_to_manage_it(self, world):
        subject = get_funding_subject_for_user(
            scoped(world.users["province"]), world.kapuas, "follow-up", world.kapuas_followup.pk
        )
        assert subject == world.kapuas_followup


class AccessLookupQueriesTests:
    def test_it_reads_a_target_with_its_region_indicator_opd_and_package_at_once(
        self, world, django_assert_num_queries
    ):
        programme = Programme.objects.create(
            kabupaten=world.kapuas, name="Kapuas Bersih", start_year=2025, end_year=2029
        )
        package = PolicyPackage.objects.create(programme=programme, number=1, title="Paket 1")
        IndicatorTarget.objects.filter(pk=world.kapuas_target.pk).update(policy_package=package)
        user = scoped(world.users["kapuas"])
        with django_assert_num_queries(1):
            target = get_target_for_user(user, world.kapuas_target.pk)
            shown = (
                target.kabupaten.province.name,
                target.indicator.code,
                target.responsible_agency.kabupaten.name,
                target.policy_package.title,
            )
        assert shown[0] == world.kalteng.name

    def test_it_reads_a_value_with_its_target_and_the_people_who_handled_it_at_once(
        self, world, django_assert_num_queries
    ):
        services.value_verify(
            actor=world.users["kapuas"],
            value=world.kapuas_value,
            expected_version=world.kapuas_value.version,
        )
        user = scoped(world.users["kapuas"])
        with django_assert_num_queries(1):
            value = get_value_for_user(user, world.kapuas_value.pk)
            shown = (
                value.target.kabupaten.province.name,
                value.target.indicator.code,
                value.target.responsible_agency.name,
                value.entered_by.username,
                value.verified_by.username,
            )
        assert shown[3:] == ("pupr.kapuas", "bapperida.kapuas")

    def test_it_reads_a_funding_line_with_its_subject_source_and_opd_at_once(
        self, world, django_assert_num_queries
    ):
        lines = [
            (make_line(world, subject=world.package_1, agency=world.seruyan_pupr), "seruyan"),
            (make_line(world, subject=world.kapuas_followup), "kapuas"),
            (make_line(world, subject=world.kapuas_quickwin), "kapuas"),
        ]
        for made, persona in lines:
            user = scoped(world.users[persona])
            with django_assert_num_queries(1):
                line = get_funding_line_for_user(user, made.pk)
                subject = (
                    line.policy_package.programme.name
                    if line.policy_package
                    else line.follow_up.action
                    if line.follow_up
                    else line.quick_win.title
                )
                shown = (
                    line.kabupaten.province.name,
                    line.agency.kabupaten.name,
                    line.source.name,
                    line.created_by.username,
                    subject,
                )
            assert shown[-1]

    def test_it_lists_visible_kabupaten_with_their_province_at_once(
        self, world, django_assert_num_queries
    ):
        scope = get_scope(world.users["province"])
        with django_assert_num_queries(1):
            names = [(k.name, k.province.name) for k in scope.visible_kabupaten()]
        assert sorted(names) == [("Kapuas", world.kalteng.name), ("Seruyan", world.kalteng.name)]
