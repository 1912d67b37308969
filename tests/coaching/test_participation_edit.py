from datetime import date, timedelta

from django.urls import reverse

from programs.models import MilestoneAchievement


class ParticipationEditTests:
    def test_it_refuses_confirming_a_milestone_at_a_future_session(self, client_for, world):
        world.province_session.date = date.today() + timedelta(days=10)
        world.province_session.save()
        edit = reverse(
            "coaching:participation-edit", kwargs={"pk": world.province_session.pk, "code": "62.03"}
        )
        response = client_for("province").post(
            edit, {"presentation": "", "feedback": "", "milestone_confirmed": "M3"}
        )
        assert (
            "Milestone tidak dapat dikonfirmasi pada sesi yang belum berlangsung."
            in response.content.decode()
        )
        assert not MilestoneAchievement.objects.filter(
            kabupaten=world.kapuas, milestone="M3"
        ).exists()
