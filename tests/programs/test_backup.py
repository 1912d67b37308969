"""`backup` and `restore`: one archive brings a whole installation back, or nothing is touched.

pg_dump only sees committed data, so these tests commit a world of their own, back it up, and
restore it the way an operator does (`manage.py restore` in its own process) into a second
database on the same test server with a second, empty MEDIA_ROOT.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections
from psycopg import sql
from psycopg.conninfo import make_conninfo

from coaching.services import evidence_attach
from ppsp_portal.backup import TABLES_SQL, Database
from programs.models import ActualValue
from reports.models import Report
from reports.services import report_request
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def fingerprint(database: Database) -> dict:
    """Every table's row count and an md5 of its ordered rows, every sequence, trigger, function."""
    found = {}
    with database.connect(autocommit=True) as conn:
        for schema, table in conn.execute(TABLES_SQL).fetchall():
            found[f"table {schema}.{table}"] = conn.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                    " FROM {} t"
                ).format(sql.Identifier(schema, table))
            ).fetchone()
        for schema, name, last_value in conn.execute(
            "SELECT schemaname, sequencename, last_value FROM pg_sequences"
        ):
            found[f"sequence {schema}.{name}"] = last_value
        found["triggers"] = conn.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal "
            "ORDER BY 1, 2"
        ).fetchall()
        found["functions"] = conn.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' ORDER BY 1"
        ).fetchall()
    return found


def tables(found: dict) -> dict:
    return {key: value for key, value in found.items() if key.startswith("table ")}


def media_contents(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


@pytest.fixture
def committed_world():
    """The test cast committed, plus an uploaded evidence file, a generated report and an import
    waiting for confirmation: every kind of file the portal keeps under MEDIA_ROOT."""
    call_command("flush", interactive=False, verbosity=0)
    world = build_world()
    evidence_attach(
        actor=world.users["kapuas"],
        subject=world.kapuas_followup,
        upload=SimpleUploadedFile("foto-lokasi.pdf", b"%PDF-1.4\nfoto\n%%EOF\n"),
        kind="photo",
    )
    report = report_request(
        actor=world.users["kapuas"],
        kind=Report.Kind.KABUPATEN,
        title="Laporan kemajuan Kabupaten Kapuas 2025",
        parameters={"year": 2025},
        kabupaten=world.kapuas,
    )
    assert report.status == Report.Status.DONE and report.file
    default_storage.save(f"imports/{uuid.uuid4().hex}", ContentFile(b"kode;nilai\nAL-01;75\n"))
    return world


@pytest.fixture
def archive(committed_world, tmp_path) -> Path:
    path = tmp_path / "ppsp.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


@dataclass
class Installation:
    database: Database
    media_root: Path
    env: dict[str, str]

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )


@pytest.fixture
def empty_installation(archive, tmp_path):
    """A second, empty database on the test server and an empty MEDIA_ROOT, reached by a
    separate process through DATABASE_URL and MEDIA_ROOT; the database is dropped afterwards."""
    server = Database.for_alias("default")
    name = f"{connections['default'].settings_dict['NAME']}_restored"

    def drop():
        with server.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    drop()
    with server.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    media_root = tmp_path / "restored-media"
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    yield Installation(
        database=Database(
            name=name,
            conninfo=make_conninfo(server.conninfo, dbname=name),
            password=server.password,
        ),
        media_root=media_root,
        env={**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media_root)},
    )
    drop()


class TestBackupAndRestore:
    def test_it_restores_every_record_and_every_file_into_an_empty_installation(
        self, committed_world, archive, empty_installation
    ):
        target = empty_installation
        source = fingerprint(Database.for_alias("default"))
        source_media = media_contents(settings.MEDIA_ROOT)

        restored = target.manage("restore", str(archive))

        assert restored.returncode == 0, restored.stderr
        assert fingerprint(target.database) == source
        assert media_contents(target.media_root) == source_media
        # The comparison is only worth something if the world and its files were in it.
        value = ActualValue.objects.get(pk=committed_world.kapuas_value.pk)
        report = Report.objects.latest("pk")  # the one generated, not the world's stand-in
        photo = committed_world.kapuas_followup.evidence.get()
        files = media_contents(target.media_root)
        assert files[value.evidence.name] == b"%PDF-1.4\n%%EOF\n"
        assert files[photo.file.name] == b"%PDF-1.4\nfoto\n%%EOF\n"
        assert files[report.file.name].startswith(b"%PDF")
        assert any(name.startswith("imports/") for name in files)
        assert source["table public.programs_actualvalue"][0] == 2  # Dinas PUPR's and DLH's
        assert source["table public.coaching_evidence"][0] == 2

        rows = sum(count for count, _md5 in tables(source).values())
        assert f"{len(tables(source))} tables, {rows} rows" in restored.stdout
        assert f"Files: {len(source_media)} " in restored.stdout
        assert "nothing to apply" in restored.stdout
        # The planner knows the restored rows: autovacuum never analyzes tables this small.
        with target.database.connect(autocommit=True) as conn:
            analyzed = conn.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = %s",
                [ActualValue._meta.db_table],
            ).fetchone()[0]
        assert analyzed > 0
        # `migrate --check` exits 1 when it would apply anything.
        migrate = target.manage("migrate", "--check")
        assert migrate.returncode == 0, migrate.stdout + migrate.stderr

    def test_it_records_what_it_holds_in_the_manifest(self, committed_world, archive):
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
            names = set(tar.getnames())
        assert manifest["format"] == "ppsp-backup/1"
        assert manifest["database"]["name"] == connections["default"].settings_dict["NAME"]
        assert manifest["database"]["rows"]["programs_kabupaten"] == 3
        assert "0001_initial" in manifest["migrations"]["programs"]
        assert manifest["portal"]["version"]
        assert set(manifest["members"]) | {"manifest.json"} == names
        assert manifest["media"]["files"] == len(names) - 2
        assert f"media/{committed_world.kapuas_value.evidence.name}" in names

    def test_it_refuses_a_database_that_holds_portal_data(self, archive, empty_installation):
        target = empty_installation
        assert target.manage("restore", str(archive)).returncode == 0
        with target.database.connect(autocommit=True) as conn:
            conn.execute("UPDATE programs_province SET name = 'Diubah' WHERE code = '63'")
        shutil.rmtree(target.media_root)
        before = fingerprint(target.database)

        again = target.manage("restore", str(archive))

        assert again.returncode != 0
        assert "This installation is not empty: the database" in again.stderr
        assert "--force" in again.stderr
        assert fingerprint(target.database) == before
        assert not target.media_root.exists()

    def test_it_refuses_a_media_folder_that_holds_files(self, archive, empty_installation):
        target = empty_installation
        stray = target.media_root / "evidence" / "lain.pdf"
        stray.parent.mkdir(parents=True)
        stray.write_bytes(b"%PDF-1.4\n")

        refused = target.manage("restore", str(archive))

        assert refused.returncode != 0
        assert f"MEDIA_ROOT ({target.media_root}) holds 1 files" in refused.stderr
        assert tables(fingerprint(target.database)) == {}
        assert media_contents(target.media_root) == {"evidence/lain.pdf": b"%PDF-1.4\n"}

    def test_it_replaces_everything_with_force(self, archive, empty_installation):
        target = empty_installation
        expected = fingerprint(Database.for_alias("default"))
        assert target.manage("restore", str(archive)).returncode == 0
        with target.database.connect(autocommit=True) as conn:
            conn.execute("INSERT INTO programs_province (code, name) VALUES ('99', 'Lain')")
        (target.media_root / "stray.txt").write_text("left behind")

        forced = target.manage("restore", str(archive), "--force")

        assert forced.returncode == 0, forced.stderr
        assert "Deleted first (--force)" in forced.stdout
        assert fingerprint(target.database) == expected
        assert media_contents(target.media_root) == media_contents(settings.MEDIA_ROOT)

    @pytest.mark.parametrize("tamper", ["change a file", "add a file", "drop the dump"])
    def test_it_refuses_a_tampered_archive_before_touching_anything(
        self, archive, tmp_path, tamper
    ):
        tampered = tmp_path / "tampered.tar.gz"
        with tarfile.open(archive) as original, tarfile.open(tampered, "w:gz") as copy:
            for member in original.getmembers():
                data = original.extractfile(member).read()
                if tamper == "change a file" and member.name.startswith("media/evidence/"):
                    data = data.replace(b"%PDF", b"%PDX")
                if tamper == "drop the dump" and member.name == "database.dump":
                    continue
                member.size = len(data)
                copy.addfile(member, io.BytesIO(data))
            if tamper == "add a file":
                extra = tarfile.TarInfo("media/evidence/extra.pdf")
                extra.size = 4
                copy.addfile(extra, io.BytesIO(b"%PDF"))
        before = fingerprint(Database.for_alias("default")), media_contents(settings.MEDIA_ROOT)

        # Even --force on a full installation: the checksums are checked before anything else.
        with pytest.raises(CommandError, match="damaged or was altered; nothing was restored"):
            call_command("restore", str(tampered), "--force", stdout=io.StringIO())

        after = fingerprint(Database.for_alias("default")), media_contents(settings.MEDIA_ROOT)
        assert after == before
