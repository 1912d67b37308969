"""SSK milestones from the side of what must not happen: confirmed at a province clinic still
to come, or for a day still to come. Each refusal says why in Indonesian and leaves the
participation and the milestones as they were."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coaching import services
from coaching.models import ClinicSession
from programs.models import MilestoneAchievement
from tests.refusals import nothing_written, refusal, told


class MilestoneRefusalTests:
    def test_no_milestone_is_confirmed_at_a_clinic_still_to_come(self, world):
        session = world.province_session
        ClinicSession.objects.filter(pk=session.pk).update(date=date(2099, 1, 1))
        session.refresh_from_db()
        participation = session.participations.get(kabupaten=world.kapuas)
        with refusal(participation, tables=(MilestoneAchievement,)) as error:
            services.participation_update(
                actor=world.users["province"],
                participation=participation,
                presentation="",
                feedback="",
                milestone="M3",
                expected_version=participation.version,
            )
        assert error.value.message_dict == {
            "milestone_confirmed": [
                "Milestone tidak dapat dikonfirmasi pada sesi yang belum berlangsung."
            ]
        }

    def test_no_milestone_is_confirmed_for_a_day_still_to_come(self, world):
        with refusal(tables=(MilestoneAchievement,)) as error:
            services.milestone_confirm(
                actor=world.users["province"],
                kabupaten=world.kapuas,
                milestone="M2",
                reached_on=date(2099, 1, 1),
            )
        assert told(error) == "Milestone tidak dapat dikonfirmasi untuk tanggal yang akan datang."

    def test_a_confirmed_milestone_keeps_its_date_when_a_later_one_is_refused(self, world):
        confirmed = services.milestone_confirm(
            actor=world.users["province"],
            kabupaten=world.kapuas,
            milestone="M2",
            reached_on=date(2025, 10, 20),
        )
        with nothing_written(confirmed), pytest.raises(ValidationError):
            services.milestone_confirm(
                actor=world.users["province"],
                kabupaten=world.kapuas,
                milestone="M2",
                reached_on=date(2099, 1, 1),
            )
