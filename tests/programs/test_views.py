from django.urls import reverse


class TestHome:
    def test_it_sends_province_staff_to_their_province(self, client_for, world):
        response = client_for("province").get("/")
        assert response.url == reverse("reports:province-dashboard", kwargs={"code": "62"})

    def test_it_sends_bapperida_staff_to_their_kabupaten(self, client_for, world):
        response = client_for("kapuas").get("/")
        assert response.url == reverse("reports:kabupaten-dashboard", kwargs={"code": "62.03"})

    def test_it_sends_opd_heads_to_their_opd_dashboard(self, client_for, world):
        response = client_for("pupr").get("/")
        assert response.url == reverse(
            "reports:opd-dashboard", kwargs={"code": "62.03", "agency_pk": world.kapuas_pupr.pk}
        )

    def test_it_tells_a_user_without_a_role_to_ask_for_one(self, client, world):
        from tests.world import make_user

        client.force_login(make_user("no.role"))
        response = client.get("/")
        assert response.status_code == 403
        assert "belum memiliki peran" in response.content.decode()


class TestKabupatenPage:
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
        client.get(url)  # the session's own bookkeeping (once a minute) settles first
        with django_assert_num_queries(11):
            client.get(url)


class TestLogin:
    def test_it_shows_an_indonesian_login_page(self, client, world):
        response = client.get(reverse("login"))
        assert "Masuk ke Portal PPSP" in response.content.decode()

    def test_it_logs_in_with_username_and_password(self, client, world):
        from tests.world import PASSWORD

        response = client.post(
            reverse("login"), {"username": "bapperida.kapuas", "password": PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == "/kabupaten/62.03/dashboard/"

    def test_it_rejects_a_wrong_password_in_indonesian(self, client, world):
        response = client.post(reverse("login"), {"username": "bapperida.kapuas", "password": "x"})
        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah." in response.content.decode()
        assert 'value="bapperida.kapuas"' in response.content.decode()
