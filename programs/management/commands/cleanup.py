from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from programs.concurrency import RECEIPTS_KEPT_FOR_DAYS, receipts_prune
from programs.spreadsheets.jobs import import_jobs_prune


class Command(BaseCommand):
    help = (
        "Remove what is no longer needed: spreadsheet imports never confirmed (after a day) and "
        "finished ones (after 30 days) with their files, submission receipts (after 30 days) "
        "and expired sessions. Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        imports = import_jobs_prune(now=now)
        receipts = receipts_prune(before=now - timedelta(days=RECEIPTS_KEPT_FOR_DAYS))
        engine = import_module(settings.SESSION_ENGINE)
        engine.SessionStore.clear_expired()
        self.stdout.write(
            f"Removed {imports} spreadsheet imports and {receipts} submission receipts; "
            "expired sessions cleared."
        )
