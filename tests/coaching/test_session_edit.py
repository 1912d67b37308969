from django.urls import reverse

from coaching.models import ClinicSession
from tests.coaching.helpers import session_post
from tests.history import actions, events


class SessionEditTests:
    def test_it_lets_bapperida_edit_a_session_and_records_the_change(self, client_for, world):
        session = world.kapuas_session
        url = reverse("coaching:session-edit", kwargs={"pk": session.pk})
        response = session_post(client_for("kapuas"), url, world, venue="Aula Kantor Bupati Kapuas")
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.venue == "Aula Kantor Bupati Kapuas"
        assert actions(session)[-1] == "session.update"
        assert events(ClinicSession, pgh_obj=session).last().venue == "Aula Kantor Bupati Kapuas"
