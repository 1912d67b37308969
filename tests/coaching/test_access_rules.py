"""The access helpers of coaching/access.py read their record together with what its pages
show, in one query, so that a page's query count does not grow with what it shows."""

from coaching.access import (
    get_followup_for_user,
    get_quickwin_for_user,
    get_session_for_user,
    participation_of,
)
from coaching.models import FollowUp, QuickWin
from programs.access import get_scope
from programs.models import PolicyPackage, Programme


class CoachingLookupQueriesTests:
    def test_it_reads_a_session_with_its_region_and_author_at_once(
        self, world, django_assert_num_queries
    ):
        user = world.users["kapuas"]
        get_scope(user)
        with django_assert_num_queries(1):
            session = get_session_for_user(user, world.kapuas_session.pk)
            shown = (
                session.kabupaten.province.name,
                session.province.name,
                session.created_by.username,
            )
        assert shown == (world.kalteng.name, world.kalteng.name, "bapperida.kapuas")

    def test_it_reads_a_follow_up_with_its_region_owner_session_package_and_author_at_once(
        self, world, django_assert_num_queries
    ):
        programme = Programme.objects.create(
            kabupaten=world.kapuas, name="Kapuas Bersih", start_year=2025, end_year=2029
        )
        package = PolicyPackage.objects.create(programme=programme, number=1, title="Paket 1")
        FollowUp.objects.filter(pk=world.kapuas_followup.pk).update(policy_package=package)
        user = world.users["kapuas"]
        get_scope(user)
        with django_assert_num_queries(1):
            follow_up = get_followup_for_user(user, world.kapuas_followup.pk)
            shown = (
                follow_up.kabupaten.province.name,
                follow_up.owner.kabupaten.name,
                follow_up.session.title,
                follow_up.policy_package.title,
                follow_up.created_by.username,
            )
        assert shown[3:] == ("Paket 1", "bapperida.kapuas")

    def test_it_reads_a_quick_win_with_its_region_opd_and_session_at_once(
        self, world, django_assert_num_queries
    ):
        QuickWin.objects.filter(pk=world.kapuas_quickwin.pk).update(session=world.kapuas_session)
        user = world.users["kapuas"]
        get_scope(user)
        with django_assert_num_queries(1):
            quick_win = get_quickwin_for_user(user, world.kapuas_quickwin.pk)
            shown = (
                quick_win.kabupaten.province.name,
                quick_win.agency.kabupaten.name,
                quick_win.session.title,
            )
        assert shown[2] == world.kapuas_session.title

    def test_it_reads_a_kabupaten_s_part_of_a_province_clinic_with_the_kabupaten(
        self, world, django_assert_num_queries
    ):
        with django_assert_num_queries(1):
            participation = participation_of(world.province_session, "62.03")
            assert participation.kabupaten.name == "Kapuas"
