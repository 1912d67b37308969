"""Quick wins from the side of what must not happen: carried by an OPD of another kabupaten/kota,
tied to a session that does not concern the kabupaten/kota, moved by an OPD head to another
OPD. Each refusal says why in Indonesian and leaves the quick win as it was."""

from datetime import date

from django.urls import reverse

from coaching import services
from coaching.models import ClinicSession, QuickWin
from tests.forms import form_data
from tests.refusals import nothing_written, refusal


def save_refused(world, quick_win: QuickWin) -> dict:
    """Save a quick win that must be refused; the messages by field."""
    stored = [quick_win] if quick_win.pk else []
    with refusal(*stored, tables=(QuickWin,)) as error:
        services.quickwin_save(
            actor=world.users["kapuas"],
            quick_win=quick_win,
            expected_version=quick_win.version if quick_win.pk else None,
        )
    return error.value.message_dict


def new_quick_win(world, **fields) -> QuickWin:
    defaults = {
        "kabupaten": world.kapuas,
        "agency": world.kapuas_pupr,
        "title": "Jamban sehat percontohan",
        "target_date": date(2026, 6, 30),
    }
    return QuickWin(**(defaults | fields))


class QuickWinRefusalTests:
    def test_it_refuses_an_opd_of_another_kabupaten(self, world):
        problems = save_refused(world, new_quick_win(world, agency=world.seruyan_pupr))
        assert problems == {"agency": ["OPD harus milik kabupaten/kota tersebut."]}

    def test_it_moves_no_quick_win_to_an_opd_of_another_kabupaten(self, world):
        quick_win = world.kapuas_quickwin
        quick_win.agency = world.seruyan_pupr
        problems = save_refused(world, quick_win)
        assert problems == {"agency": ["OPD harus milik kabupaten/kota tersebut."]}

    def test_it_ties_no_quick_win_to_another_kabupatens_round(self, world):
        seruyan_round = ClinicSession.objects.create(
            level="kabupaten",
            kabupaten=world.seruyan,
            province=world.kalteng,
            title="Rakor Seruyan",
            date=date(2025, 9, 1),
            venue="Aula Bapperida Seruyan",
            created_by=world.users["seruyan"],
        )
        problems = save_refused(world, new_quick_win(world, session=seruyan_round))
        assert problems == {"session": ["Sesi ini tidak berkaitan dengan kabupaten/kota tersebut."]}

    def test_it_ties_no_quick_win_to_a_province_clinic_the_kabupaten_missed(self, world):
        world.province_session.participations.filter(kabupaten=world.kapuas).delete()
        problems = save_refused(world, new_quick_win(world, session=world.province_session))
        assert problems == {"session": ["Sesi ini tidak berkaitan dengan kabupaten/kota tersebut."]}

    def test_it_accepts_a_province_clinic_the_kabupaten_took_part_in(self, world):
        """The other side of the rule above: Kapuas was at the province clinic."""
        quick_win = services.quickwin_save(
            actor=world.users["kapuas"],
            quick_win=new_quick_win(world, session=world.province_session),
        )
        assert quick_win.session == world.province_session

    def test_an_opd_head_cannot_hand_their_quick_win_to_another_opd(self, client_for, world):
        quick_win = world.dlh_quickwin
        client = client_for("dlh")
        url = reverse("coaching:quickwin-edit", kwargs={"pk": quick_win.pk})
        data = form_data(client.get(url).content.decode(), "title")
        with nothing_written(quick_win):
            response = client.post(url, data | {"agency": str(world.kapuas_pupr.pk)})
        assert response.status_code == 200
        assert "Masukkan pilihan yang valid" in response.content.decode()
