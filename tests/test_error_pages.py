"""Error pages in the reader's language, in the portal's look, with nothing leaked."""

import pytest
from django.template import loader
from django.test import Client
from django.urls import include, path, reverse


def broken_view(request):
    raise RuntimeError("rahasia: kolom hilang di tabel programs_secret")


urlpatterns = [
    path("rusak/", broken_view),
    path("", include("ppsp_portal.urls")),
]


class TestNotFound:
    def test_it_shows_the_indonesian_page(self, client_for, world):
        response = client_for("kapuas").get("/tidak-ada/")
        page = response.content.decode()
        assert response.status_code == 404
        assert '<html lang="id">' in page
        assert "Halaman tidak ditemukan" in page
        assert f'href="{reverse("home")}"' in page and "Kembali ke beranda" in page

    def test_it_speaks_the_language_the_reader_chose(self, client, world):
        client.cookies["django_language"] = "en"
        response = client.get("/tidak-ada/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


class TestForbidden:
    def test_it_explains_kindly_that_the_reader_may_read_but_not_change(self, client_for, world):
        url = reverse("coaching:session-create", kwargs={"code": world.kapuas.code})
        response = client_for("province").get(url)
        page = response.content.decode()
        assert response.status_code == 403
        assert "Anda boleh membaca ini, tetapi tidak mengubahnya" in page
        assert "Kembali ke beranda" in page

    def test_a_csrf_failure_gets_a_readable_page(self, world):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("login"), {"username": "x", "password": "y"})
        page = response.content.decode()
        assert response.status_code == 403
        assert "Formulir sudah kedaluwarsa" in page
        assert "CSRF" not in page  # neither Django's page nor its reason for the failure


@pytest.mark.urls(__name__)
class TestServerError:
    def test_it_shows_the_indonesian_page_without_a_traceback(self, client_for, world):
        client = client_for("kapuas")
        client.raise_request_exception = False
        response = client.get("/rusak/")
        page = response.content.decode()
        assert response.status_code == 500
        assert "Terjadi kesalahan pada server" in page
        assert "Kembali ke beranda" in page
        for leak in ("Traceback", "RuntimeError", "rahasia", "programs_secret", "broken_view"):
            assert leak not in page

    def test_it_renders_without_a_request_or_the_database(self):
        # No `db` fixture: pytest-django fails any query made here.
        page = loader.get_template("500.html").render()
        assert "Terjadi kesalahan pada server" in page
        assert "/static/css/portal.css" in page


class TestBadRequest:
    def test_it_shows_the_indonesian_page_for_an_unknown_host(self, client, world):
        response = client.get(reverse("login"), HTTP_HOST="bukan.ppsp.example")
        page = response.content.decode()
        assert response.status_code == 400
        assert "Permintaan tidak dapat dipahami" in page
        assert "bukan.ppsp.example" not in page
