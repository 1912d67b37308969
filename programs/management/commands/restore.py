from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from ppsp_portal.backup import BackupError, Database, restore_backup, unapplied_migrations


def _when(value) -> str:
    try:
        return f"{timezone.localtime(datetime.fromisoformat(value)):%Y-%m-%d %H:%M:%S %z}"
    except (TypeError, ValueError):
        return str(value)


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty installation: the database and "
        "every file under MEDIA_ROOT. The archive's checksums are verified before anything else."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by `backup`")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--force",
            action="store_true",
            help="delete everything in the database and in MEDIA_ROOT before restoring",
        )

    def handle(self, *args, file, database=DEFAULT_DB_ALIAS, force=False, **options) -> None:
        target = Database.for_alias(database)
        try:
            result = restore_backup(
                database=target,
                media_root=Path(settings.MEDIA_ROOT),
                archive=Path(file),
                force=force,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        to_apply, unknown = unapplied_migrations(database)
        if unknown:
            self.stderr.write(
                f"The archive comes from newer code: {len(unknown)} of its migrations are unknown "
                f"here ({', '.join(unknown[:5])}). Run the portal version that made it."
            )
        elif to_apply:
            self.stderr.write(
                f"{len(to_apply)} migrations of this code are not applied yet: run "
                "`./portal manage migrate`."
            )
        if options["verbosity"] == 0:
            return

        manifest = result.manifest
        portal = manifest.get("portal") or {}
        self.stdout.write(
            f"Archive {file}: made {_when(manifest.get('created_at'))} from the database "
            f"{manifest['database'].get('name')} (portal {portal.get('version') or '?'}, "
            f"commit {(portal.get('commit') or '?')[:12]}); every checksum verified."
        )
        if result.replaced.portal_rows or result.replaced.files:
            self.stdout.write(
                f"Deleted first (--force): {result.replaced.portal_rows} rows, "
                f"{len(result.replaced.files)} files."
            )
        self.stdout.write(
            f"Database {target.name}: {len(result.rows)} tables, {sum(result.rows.values())} rows"
        )
        width = max((len(table) for table in result.rows), default=0)
        for table, rows in result.rows.items():
            if rows:
                self.stdout.write(f"  {table:<{width}}  {rows:>9}")
        self.stdout.write(
            f"Files: {result.files} ({manifest['media']['bytes']} bytes) into {settings.MEDIA_ROOT}"
        )
        if not to_apply and not unknown:
            self.stdout.write("Migrations: the database matches this code; nothing to apply.")
        self.stdout.write(self.style.SUCCESS("Restore complete."))
