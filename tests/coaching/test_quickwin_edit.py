from django.urls import reverse

from tests.history import actions


class QuickWinEditTests:
    def test_it_lets_bapperida_edit_a_quick_win(self, client_for, world):
        quick_win = world.kapuas_quickwin
        response = client_for("kapuas").post(
            reverse("coaching:quickwin-edit", kwargs={"pk": quick_win.pk}),
            {
                "title": quick_win.title,
                "agency": world.kapuas_dlh.pk,
                "target_date": "2099-06-30",
                "status": "achieved",
                "description": "Beroperasi sejak Juni",
                "version": quick_win.version,
            },
        )
        assert response.status_code == 302
        quick_win.refresh_from_db()
        assert (quick_win.agency, quick_win.status) == (world.kapuas_dlh, "achieved")
        assert actions(quick_win)[-1] == "quickwin.update"
