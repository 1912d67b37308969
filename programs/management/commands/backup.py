from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from ppsp_portal.backup import BackupError, Database, create_backup, default_archive_name


class Command(BaseCommand):
    help = (
        "Write one archive with the whole database (pg_dump) and every file under MEDIA_ROOT, "
        "plus a manifest with checksums. Default: var/backups/ppsp-YYYYmmdd-HHMMSS.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the archive to write, or a folder for it")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file=None, database=DEFAULT_DB_ALIAS, **options) -> None:
        if file is None:
            destination = Path(settings.BASE_DIR) / "var" / "backups" / default_archive_name()
        elif Path(file).is_dir():
            destination = Path(file) / default_archive_name()
        else:
            destination = Path(file)
        try:
            manifest = create_backup(
                database=Database.for_alias(database),
                media_root=Path(settings.MEDIA_ROOT),
                destination=destination,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] == 0:
            return
        rows = manifest["database"]["rows"]
        media = manifest["media"]
        self.stdout.write(
            f"Database {manifest['database']['name']}: {len(rows)} tables, "
            f"{sum(rows.values())} rows\n"
            f"Files: {media['files']} ({media['bytes']} bytes) from {settings.MEDIA_ROOT}"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {destination} ({destination.stat().st_size} bytes)"
            )
        )
