from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coaching.reminders import send_reminder_digests


class Command(BaseCommand):
    help = (
        "E-mail each OPD head and Bapperida staff member a digest of the follow-ups due within "
        "7 days or overdue. Meant to run once a day (cron, a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, date: str | None = None, **options):
        try:
            today = _parse(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError("--date must look like 2025-08-25") from None
        sent = send_reminder_digests(today=today)
        self.stdout.write(f"{sent} reminder digest(s) sent for {today.isoformat()}.")


def _parse(text: str):
    return date.fromisoformat(text)
