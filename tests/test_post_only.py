"""An address that only acts on a form, asked for by GET (a reload after a form error, the
language switch, a pasted link), leads back to its page: never a bare 405, never a leak."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .test_permissions import EXCLUDED, MATRIX, SIGNED_OUT

# The views that only act on a form shown on another page (Django's logout, tested below on
# its own, aside).
POST_ROWS = [row for row in MATRIX if row.get is None and row.name != "logout"]
GET_ROWS = [row for row in MATRIX if row.get is not None]


def matrix_status(world, url: str, persona: str) -> int:
    """What the permission matrix says `persona` gets on the page at `url`."""
    for row in GET_ROWS:
        if reverse(row.name, kwargs=row.kwargs(world)) == url:
            return row.get[persona]
    raise AssertionError(f"{url} has no row in the permission matrix")


def post_only_url_names(resolver=None, namespace="") -> set[str]:
    """Every URL name whose view carries the shared `post_only` decorator."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= post_only_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "post_only_back"):
            names.add(f"{namespace}{pattern.name}")
    return names


class TestPostOnly:
    def test_it_marks_every_post_only_url(self):
        # The matrix's rows without a GET are the views that act only on a form; each of them
        # must use the shared decorator (Django's require_POST would answer a GET with a bare
        # 405). Django's logout takes a POST too.
        assert post_only_url_names() == {row.name for row in POST_ROWS} | {"logout"}

    @pytest.mark.parametrize("persona", ["anonymous", "admin"])
    def test_it_never_answers_a_get_with_405(self, client_for, world, persona):
        client = client_for(persona)
        urls = [reverse(row.name, kwargs=row.kwargs(world)) for row in MATRIX]
        urls += [reverse(name) for name in EXCLUDED if name != "admin"]
        refused = [url for url in urls if client.get(url).status_code == 405]
        assert refused == []

    def test_it_leads_a_get_on_logout_to_the_start_page(self, client_for, world):
        client = client_for("kapuas")
        response = client.get(reverse("logout"), follow=True)
        assert response.redirect_chain[0][0] == reverse("home")
        assert response.status_code == 200
        assert response.wsgi_request.user.is_authenticated  # nothing happened on a GET

    @pytest.mark.parametrize(
        ("name", "kwargs", "persona", "expected"),
        [
            (row.name, row.kwargs, persona, expected)
            for row in POST_ROWS
            for persona, expected in row.post.items()
        ],
        ids=lambda value: value if isinstance(value, str) else None,
    )
    def test_it_leads_a_get_back_to_the_page_of_the_action(
        self, client_for, world, name, kwargs, persona, expected
    ):
        url = reverse(name, kwargs=kwargs(world))
        client = client_for(persona)
        response = client.get(url)

        assert response.status_code == 302, f"{persona} GET {url}"
        assert response.url != url
        assert response.url not in {reverse(r.name, kwargs=r.kwargs(world)) for r in POST_ROWS}
        landed = client.get(response.url, follow=True)
        if persona in SIGNED_OUT:
            assert landed.redirect_chain[-1][0].startswith(reverse("login"))
            return
        # The page landed on decides access as it always does: whoever may not see it gets
        # its 404 (or 403), so the detour tells an outsider nothing the page would not.
        assert landed.status_code == matrix_status(world, response.url, persona)
        if expected == 404:
            assert landed.status_code in (200, 404)
        if landed.status_code == 200:
            assert "Tidak ada yang dikirim" in landed.content.decode()

    def test_it_redirects_the_same_way_whether_the_object_exists_or_not(self, client_for, world):
        client = client_for("seruyan")
        existing = client.get(reverse("coaching:followup-progress", kwargs={"pk": 1}))
        missing = client.get(reverse("coaching:followup-progress", kwargs={"pk": 987654}))

        assert existing.url == reverse("coaching:followup-detail", kwargs={"pk": 1})
        assert missing.url == reverse("coaching:followup-detail", kwargs={"pk": 987654})
        assert client.get(missing.url).status_code == 404

    def test_it_switches_language_on_the_address_a_form_error_left(self, client_for, world):
        client = client_for("pupr")
        progress = reverse("coaching:followup-progress", kwargs={"pk": world.kapuas_followup.pk})
        refused = client.post(progress, {"note": ""})
        assert refused.status_code == 400
        assert "Laporkan kemajuan" in refused.content.decode()

        switched = client.post(
            reverse("set_language"), {"language": "en", "next": progress}, follow=True
        )

        assert switched.redirect_chain[-1][0] == world.kapuas_followup.get_absolute_url()
        assert switched.status_code == 200
        page = switched.content.decode()
        assert '<html lang="en">' in page
        assert "Nothing was sent: that address only works from its form." in page

    def test_it_still_acts_on_a_post(self, client_for, world):
        response = client_for("kapuas").post(
            reverse("reports:kabupaten-report", kwargs={"code": world.kapuas.code}),
            {"year": "2025"},
        )
        assert response.status_code == 302
        assert "/reports/" in response.url

    def test_it_refuses_other_methods(self, client_for, world):
        url = reverse("programs:value-verify", kwargs={"pk": world.kapuas_value.pk})
        assert client_for("kapuas").delete(url).status_code == 405
