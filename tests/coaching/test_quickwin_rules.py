"""The history of a quick win names who created or changed it, and which of the two, also when
the service runs without a request (the spreadsheet import, a command, the worker)."""

from datetime import date

from coaching import services
from coaching.models import QuickWin
from tests.history import context, events


class QuickWinHistoryTests:
    def test_it_records_who_created_it_and_then_who_changed_it(self, world):
        kapuas, pupr = world.users["kapuas"], world.users["pupr"]
        quick_win = services.quickwin_save(
            actor=kapuas,
            quick_win=QuickWin(
                kabupaten=world.kapuas,
                agency=world.kapuas_pupr,
                title="Jamban sehat percontohan",
                target_date=date(2026, 6, 30),
            ),
        )
        quick_win.refresh_from_db()
        quick_win.status = QuickWin.Status.IN_PROGRESS
        services.quickwin_save(actor=pupr, quick_win=quick_win, expected_version=quick_win.version)
        assert [context(event) for event in events(QuickWin, pgh_obj=quick_win)] == [
            {"action": "quickwin.create", "user": kapuas.pk, "username": kapuas.username},
            {"action": "quickwin.update", "user": pupr.pk, "username": pupr.username},
        ]
        assert quick_win.created_by == kapuas
