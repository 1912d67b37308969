from django.urls import reverse


class LoginTests:
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
