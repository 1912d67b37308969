from datetime import date, timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from coaching.models import FollowUp
from coaching.reminders import followups_needing_attention, send_reminder_digests
from programs.access import get_scope

TODAY = date(2025, 10, 28)


def follow_up(world, owner, due, status="open", action=None):
    return FollowUp.objects.create(
        kabupaten=owner.kabupaten,
        session=world.kapuas_session,
        owner=owner,
        action=action or f"RTL {owner.abbreviation} {due}",
        due_date=due,
        status=status,
        drop_reason="Tidak relevan lagi" if status == "dropped" else "",
        created_by=world.users["kapuas"],
    )


class TestAttentionList:
    def test_it_keeps_overdue_and_due_within_seven_days_only(self, world):
        overdue = follow_up(world, world.kapuas_pupr, TODAY - timedelta(days=3))
        in_seven = follow_up(world, world.kapuas_pupr, TODAY + timedelta(days=7))
        follow_up(world, world.kapuas_pupr, TODAY + timedelta(days=8))
        follow_up(world, world.kapuas_pupr, TODAY - timedelta(days=1), status="done")
        follow_up(world, world.kapuas_pupr, TODAY - timedelta(days=1), status="dropped")
        scope = get_scope(world.users["pupr"])
        assert list(followups_needing_attention(scope=scope, today=TODAY)) == [overdue, in_seven]

    def test_it_gives_an_opd_head_their_own_and_bapperida_the_whole_kabupaten(self, world):
        pupr = follow_up(world, world.kapuas_pupr, TODAY)
        dlh = follow_up(world, world.kapuas_dlh, TODAY)
        follow_up(world, world.seruyan_pupr, TODAY)
        assert list(
            followups_needing_attention(scope=get_scope(world.users["pupr"]), today=TODAY)
        ) == [pupr]
        assert list(
            followups_needing_attention(scope=get_scope(world.users["kapuas"]), today=TODAY)
        ) == [pupr, dlh]
        assert not followups_needing_attention(
            scope=get_scope(world.users["province"]), today=TODAY
        )

    def test_it_shows_on_the_start_page_of_its_owner_only(self, client_for, world):
        follow_up(
            world, world.kapuas_pupr, date.today() + timedelta(days=2), action="Susun jadwal LLTT"
        )
        start = client_for("pupr").get("/", follow=True).content.decode()
        assert "RTL yang perlu perhatian" in start and "Susun jadwal LLTT" in start
        dashboard = reverse("reports:kabupaten-dashboard", kwargs={"code": "62.03"})
        assert "Susun jadwal LLTT" in client_for("kapuas").get(dashboard).content.decode()
        assert (
            "RTL yang perlu perhatian" not in client_for("province").get(dashboard).content.decode()
        )


class TestReminderDigests:
    def test_it_sends_one_digest_per_person_with_their_follow_ups(self, world):
        follow_up(
            world, world.kapuas_pupr, TODAY - timedelta(days=2), action="Pilih teknologi jamban"
        )
        follow_up(world, world.kapuas_dlh, TODAY + timedelta(days=3), action="TPS3R percontohan")
        sent = send_reminder_digests(today=TODAY)
        assert sent == 3
        by_recipient = {m.to[0]: m for m in mail.outbox}
        assert set(by_recipient) == {
            "pupr.kapuas@example.test",
            "dlh.kapuas@example.test",
            "bapperida.kapuas@example.test",
        }  # and not the deactivated Bapperida account
        head = by_recipient["pupr.kapuas@example.test"]
        assert "Pilih teknologi jamban" in head.body and "TPS3R percontohan" not in head.body
        other_head = by_recipient["dlh.kapuas@example.test"]
        assert "TPS3R percontohan" in other_head.body
        assert "Pilih teknologi jamban" not in other_head.body
        assert "26 Oktober 2025" in head.body and "2 hari terlambat" in head.body
        assert "1 RTL perlu perhatian" in head.subject
        bapperida = by_recipient["bapperida.kapuas@example.test"]
        assert "Pilih teknologi jamban" in bapperida.body and "TPS3R percontohan" in bapperida.body
        assert "/follow-ups/" in bapperida.body

    def test_it_leaves_out_what_is_done_dropped_or_not_yet_due(self, world):
        included = [
            follow_up(world, world.kapuas_pupr, TODAY - timedelta(days=1), action="Terlambat"),
            follow_up(world, world.kapuas_pupr, TODAY + timedelta(days=7), action="Sepekan lagi"),
        ]
        left_out = [
            follow_up(world, world.kapuas_pupr, TODAY - timedelta(days=2), "done", "Sudah"),
            follow_up(world, world.kapuas_pupr, TODAY - timedelta(days=2), "dropped", "Batal"),
            follow_up(world, world.kapuas_pupr, TODAY + timedelta(days=8), action="Nanti"),
        ]
        send_reminder_digests(today=TODAY)
        head = next(m for m in mail.outbox if m.to == ["pupr.kapuas@example.test"])
        for item in included:
            assert item.action in head.body
        for item in [*left_out, world.kapuas_followup]:  # the world's is due in 2099
            assert item.action not in head.body
        assert f"{len(included)} RTL perlu perhatian" in head.subject

    def test_it_gives_each_bapperida_its_own_kabupaten_only(self, world):
        follow_up(world, world.kapuas_pupr, TODAY, action="RTL Kapuas")
        follow_up(world, world.seruyan_pupr, TODAY, action="RTL Seruyan")
        send_reminder_digests(today=TODAY)
        by_recipient = {m.to[0]: m.body for m in mail.outbox}
        kapuas, seruyan = (
            by_recipient["bapperida.kapuas@example.test"],
            by_recipient["bapperida.seruyan@example.test"],
        )
        assert "RTL Kapuas" in kapuas and "RTL Seruyan" not in kapuas
        assert "RTL Seruyan" in seruyan and "RTL Kapuas" not in seruyan
        assert "provinsi.kalteng@example.test" not in by_recipient  # province staff get none

    def test_it_sends_nothing_to_inactive_users_or_users_without_an_address(self, world):
        follow_up(world, world.kapuas_pupr, TODAY)
        world.users["pupr"].is_active = False
        world.users["pupr"].save()
        world.users["kapuas"].email = ""
        world.users["kapuas"].save()
        assert send_reminder_digests(today=TODAY) == 0
        assert mail.outbox == []

    def test_the_command_takes_a_date(self, world, capsys):
        follow_up(world, world.seruyan_pupr, TODAY + timedelta(days=1))
        call_command("send_followup_reminders", "--date", TODAY.isoformat())
        assert "2 reminder digest(s) sent for 2025-10-28." in capsys.readouterr().out
        assert sorted(m.to[0] for m in mail.outbox) == [
            "bapperida.seruyan@example.test",
            "pupr.seruyan@example.test",
        ]
