from django.urls import reverse

from coaching.models import QuickWin


class QuickWinCreateTests:
    def test_it_refuses_an_opd_of_another_kabupaten(self, client_for, world):
        before = QuickWin.objects.count()
        url = reverse("coaching:quickwin-create", kwargs={"code": "62.03"})
        response = client_for("kapuas").post(
            url,
            {
                "title": "Bank sampah",
                "agency": world.seruyan_pupr.pk,
                "target_date": "2025-12-01",
                "status": "planned",
            },
        )
        assert response.status_code == 200
        assert QuickWin.objects.count() == before
