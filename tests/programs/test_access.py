import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from programs.access import get_agency_for_user, get_kabupaten_for_user, get_scope
from tests.world import make_user


class TestScope:
    def test_it_reads_each_role(self, world):
        assert get_scope(world.users["province"]).province_id == world.kalteng.pk
        assert get_scope(world.users["kapuas"]).kabupaten_id == world.kapuas.pk
        pupr = get_scope(world.users["pupr"])
        assert (pupr.is_agency_head, pupr.agency_id, pupr.kabupaten_id) == (
            True,
            world.kapuas_pupr.pk,
            world.kapuas.pk,
        )
        assert get_scope(world.users["admin"]).is_admin

    def test_it_shows_province_staff_only_their_province(self, world):
        visible = set(
            get_scope(world.users["province"]).visible_kabupaten().values_list("code", flat=True)
        )
        assert visible == {"62.03", "62.07"}
        assert set(
            get_scope(world.users["kalsel"]).visible_kabupaten().values_list("code", flat=True)
        ) == {"63.03"}

    def test_it_gives_a_user_without_membership_nothing(self, world):
        assert not get_scope(make_user("nobody")).visible_kabupaten().exists()


class TestKabupatenAccess:
    def test_it_hides_a_kabupaten_from_outsiders(self, world):
        with pytest.raises(Http404):
            get_kabupaten_for_user(world.users["seruyan"], "62.03")
        with pytest.raises(Http404):
            get_kabupaten_for_user(world.users["kalsel"], "62.03")

    def test_it_lets_readers_read_but_not_manage(self, world):
        for reader in ("province", "pupr"):
            assert get_kabupaten_for_user(world.users[reader], "62.03") == world.kapuas
            with pytest.raises(PermissionDenied):
                get_kabupaten_for_user(world.users[reader], "62.03", manage=True)
        assert get_kabupaten_for_user(world.users["kapuas"], "62.03", manage=True) == world.kapuas


class TestAgencyAccess:
    def test_it_lets_an_opd_head_act_only_for_their_opd(self, world):
        assert get_agency_for_user(world.users["pupr"], world.kapuas_pupr.pk, act=True)
        with pytest.raises(PermissionDenied):
            get_agency_for_user(world.users["pupr"], world.kapuas_dlh.pk, act=True)
        assert get_agency_for_user(world.users["kapuas"], world.kapuas_dlh.pk, act=True)
        with pytest.raises(Http404):
            get_agency_for_user(world.users["seruyan"], world.kapuas_pupr.pk)
