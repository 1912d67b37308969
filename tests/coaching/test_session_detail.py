from datetime import date

from coaching.models import ClinicSession
from tests.coaching.helpers import add_follow_ups, queries


class SessionDetailTests:
    def test_it_shows_a_kabupaten_only_its_own_part_of_a_province_clinic(self, client_for, world):
        world.province_session.participations.filter(kabupaten=world.kapuas).update(
            presentation="Paparan Kapuas rahasia"
        )
        page = client_for("seruyan").get(world.province_session.get_absolute_url()).content.decode()
        assert "Kabupaten Seruyan" in page
        assert "Paparan Kapuas rahasia" not in page

    def test_it_shows_the_next_clinic_what_is_still_open(self, client_for, world):
        later = ClinicSession.objects.create(
            level="kabupaten",
            kabupaten=world.kapuas,
            province=world.kalteng,
            title="Rakor CC III",
            date=date(2025, 11, 19),
            venue="Aula",
            created_by=world.users["kapuas"],
        )
        response = client_for("kapuas").get(later.get_absolute_url())
        assert world.kapuas_followup in response.context["detail"].carried_over
        assert "Memilih teknologi pengganti jamban apung" in response.content.decode()

    def test_it_makes_the_same_queries_with_more_follow_ups(self, client_for, world):
        client = client_for("kapuas")
        url = world.kapuas_session.get_absolute_url()
        client.get(url)  # the first page of a process also fills Django's content-type cache
        small = queries(client, url)
        add_follow_ups(world, 10)
        assert queries(client, url) == small
