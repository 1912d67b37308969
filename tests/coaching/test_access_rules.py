"""The access helpers of coaching/access.py read their record together with what its pages
show, in one query, so that a page's query count does not grow with what it shows."""

from coaching.access import get_quickwin_for_user, participation_of
from coaching.models import QuickWin
from programs.access import get_scope


class CoachingLookupQueriesTests:
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
