"""Bapperida's publication page: a kabupaten/kota opts out of the public section, publishes
quick wins and files; every change recorded; a stale page never undoes another's save."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from coaching.models import Evidence, QuickWin
from reports.models import KabupatenPublication
from reports.public.selectors import publication_changes
from tests.html_forms import form_data
from tests.public import PUBLIC_QUICK_WIN, seed_public


@pytest.fixture
def seeded(world):
    return seed_public(world)


def publication_url(code="62.07") -> str:
    return reverse("public:kabupaten-publication", kwargs={"code": code})


def read_form(client, code="62.07") -> dict:
    url = publication_url(code)
    return form_data(client.get(url).content.decode(), page=url, action=url)


class PublicationPageTests:
    def test_bapperida_opts_out_and_the_change_is_recorded(self, client, client_for, world, seeded):
        staff = client_for("seruyan")
        data = read_form(staff)
        data.pop("published")
        response = staff.post(publication_url(), data)
        assert response.status_code == 302
        assert KabupatenPublication.objects.get(kabupaten=world.seruyan).published is False
        assert client.get(reverse("public:kabupaten", kwargs={"code": "62.07"})).status_code == 404
        entry = publication_changes(kabupaten=world.seruyan)[0]
        assert "bapperida.seruyan" in entry.who or "Bapperida Seruyan" in entry.who

    def test_bapperida_publishes_a_quick_win_and_its_file(self, client, client_for, world, seeded):
        page = reverse("public:kabupaten", kwargs={"code": "62.07"})
        assert seeded.private_quick_win.title not in client.get(page).content.decode()
        staff = client_for("seruyan")
        data = read_form(staff)
        data["quick_wins"] = [str(seeded.public_quick_win.pk), str(seeded.private_quick_win.pk)]
        data["evidence"] = [str(seeded.hidden_file.pk)]
        assert staff.post(publication_url(), data).status_code == 302
        content = client.get(page).content.decode()
        assert seeded.private_quick_win.title in content and PUBLIC_QUICK_WIN in content
        assert "Berkas rapat tertutup" in content  # the round's minutes, now public
        seeded.public_file.refresh_from_db()
        assert seeded.public_file.is_public is False  # not ticked: taken off

    def test_a_stale_page_gets_the_conflict_panel_and_saves_nothing(
        self, client_for, world, seeded
    ):
        first, second = client_for("seruyan"), client_for("admin")
        stale = read_form(second)
        data = read_form(first)
        data["quick_wins"] = []
        assert first.post(publication_url(), data).status_code == 302
        stale.pop("published")
        response = second.post(publication_url(), stale)
        assert response.status_code == 409
        assert "Orang lain menyimpan data ini" in response.content.decode()
        assert not KabupatenPublication.objects.filter(kabupaten=world.seruyan).exists()
        assert not QuickWin.objects.filter(kabupaten=world.seruyan, is_public=True).exists()

    def test_it_never_offers_an_attendance_sheet_or_a_follow_ups_file(
        self, client_for, world, seeded
    ):
        staff = client_for("seruyan")
        attendance = Evidence.objects.get(original_name="daftar-hadir-seruyan.pdf")
        content = staff.get(publication_url()).content.decode()
        assert attendance.original_name not in content
        data = read_form(staff)
        data["evidence"] = [str(attendance.pk)]
        response = staff.post(publication_url(), data)
        assert response.status_code == 200
        attendance.refresh_from_db()
        assert attendance.is_public is False

    def test_the_database_refuses_to_publish_an_attendance_sheet(self, world, seeded):
        attendance = Evidence.objects.get(original_name="daftar-hadir-seruyan.pdf")
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.filter(pk=attendance.pk).update(is_public=True)

    def test_province_staff_read_it_without_a_form(self, client_for, world, seeded):
        response = client_for("province").get(publication_url())
        assert response.status_code == 200
        assert 'name="quick_wins"' not in response.content.decode()
        assert PUBLIC_QUICK_WIN in response.content.decode()
