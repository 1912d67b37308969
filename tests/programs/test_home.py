from django.urls import reverse


class HomeTests:
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
