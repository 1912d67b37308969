from django.urls import reverse

from coaching.models import FollowUp
from tests.history import context, events


class FollowUpReassignTests:
    def url(self, world):
        return reverse("coaching:followup-reassign", kwargs={"pk": world.kapuas_followup.pk})

    def test_it_lets_bapperida_reassign_with_a_recorded_reason(self, client_for, world):
        client_for("kapuas").post(
            self.url(world),
            {
                "owner": world.kapuas_dlh.pk,
                "reason": "Kewenangan DLH",
                "version": world.kapuas_followup.version,
            },
        )
        world.kapuas_followup.refresh_from_db()
        assert world.kapuas_followup.owner == world.kapuas_dlh
        reassigned = events(FollowUp, pgh_obj=world.kapuas_followup).last()
        assert reassigned.owner_id == world.kapuas_dlh.pk
        assert context(reassigned) | {"user": None, "url": None} == {
            "action": "followup.reassign",
            "reason": "Kewenangan DLH",
            "user": None,
            "url": None,
            "username": "bapperida.kapuas",
        }

    def test_it_forbids_opd_heads_even_the_owner(self, client_for, world):
        response = client_for("pupr").post(
            self.url(world), {"owner": world.kapuas_dlh.pk, "reason": "x"}
        )
        assert response.status_code == 403
