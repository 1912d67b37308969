from django.urls import reverse


class KabupatenDetailTests:
    def test_it_lists_agencies_programme_and_targets(self, client_for, world):
        response = client_for("province").get(
            reverse("programs:kabupaten-detail", kwargs={"code": "62.07"})
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Kabupaten Seruyan" in content
        assert "Seruyan Barasih" in content
        assert "Paket Kebijakan 1" in content
        assert "Dinas PUPR" in content

    def test_it_shows_targets_of_the_chosen_year_in_indonesian_numbers(self, client_for, world):
        response = client_for("kapuas").get(
            reverse("programs:kabupaten-detail", kwargs={"code": "62.03"}) + "?year=2025"
        )
        content = response.content.decode()
        assert "Akses sanitasi layak" in content
        assert "80,00" in content  # decimal comma
        assert "436.000" in content  # population with a thousands dot

    def test_it_speaks_english_when_asked(self, client_for, world):
        client = client_for("kapuas")
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = client.get(reverse("programs:kabupaten-detail", kwargs={"code": "62.03"}))
        assert "Perangkat daerah" not in response.content.decode()
        assert "Regional agencies (OPD)" in response.content.decode()

    def test_it_makes_a_fixed_number_of_queries(self, client_for, world, django_assert_num_queries):
        client = client_for("province")
        url = reverse("programs:kabupaten-detail", kwargs={"code": "62.07"})
        client.get(url)  # a first request fills the process's caches (content types, translations)
        with django_assert_num_queries(11):
            client.get(url)
