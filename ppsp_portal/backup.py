"""Whole-installation backups: one archive holding the database and every uploaded file.

The archive is a gzipped tar with
- ``database.dump``: pg_dump's custom format of the whole database, so every table (the change
  history and its triggers included), every function and every sequence comes back;
- ``media/…``: every file under MEDIA_ROOT (evidence, generated reports, pending imports);
- ``manifest.json``, written last: what made the archive, the migrations applied, the row count
  of every table and the SHA-256 of every other member.

The row counts are read in the very snapshot pg_dump dumps (``pg_export_snapshot``), so a restore
can prove it brought back exactly what was saved, and the checksums let it refuse a damaged or
altered archive before it touches anything. pg_dump and pg_restore talk to the server through the
same connection settings as Django (``DATABASE_URL``); the password travels in their environment,
never on a command line.
"""

import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import psycopg
from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

FORMAT = "ppsp-backup/1"
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
# `migrate` fills these in an otherwise empty database; rows there are not portal data.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}

USER_SCHEMAS = r"n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'"
TABLES_SQL = f"""
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {USER_SCHEMAS}
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1, 2
"""
OBJECTS_SQL = f"""
    SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {USER_SCHEMAS})
         + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {USER_SCHEMAS})
"""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator what to do."""


@dataclass(frozen=True)
class Database:
    """How psycopg and the PostgreSQL tools reach one of Django's databases."""

    name: str
    conninfo: str
    password: str | None = field(default=None, repr=False)

    @classmethod
    def for_alias(cls, alias: str = "default") -> "Database":
        params = connections[alias].get_connection_params()
        password = params.pop("password", None)
        # Django adds Python-only options (cursor factory, adapters); libpq knows none of them.
        known = {option.keyword.decode() for option in psycopg.pq.Conninfo.get_defaults()}
        libpq = {key: value for key, value in params.items() if key in known and value != ""}
        return cls(name=libpq.get("dbname", ""), conninfo=make_conninfo(**libpq), password=password)

    def connect(self, **kwargs) -> psycopg.Connection:
        try:
            return psycopg.connect(self.conninfo, password=self.password, **kwargs)
        except psycopg.OperationalError as error:
            raise BackupError(f"Cannot reach the database {self.name}: {error}") from None

    def tool_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = str(self.password)
        return env


def _qualified(schema: str, table: str) -> str:
    return table if schema == "public" else f"{schema}.{table}"


def table_rows(conn: psycopg.Connection) -> dict[str, int]:
    """Every table of the database with its exact row count."""
    tables = conn.execute(TABLES_SQL).fetchall()
    return {
        _qualified(schema, table): conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
        ).fetchone()[0]
        for schema, table in tables
    }


def _tool_major(path: str) -> int | None:
    try:
        answer = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", answer.stdout)
    return int(match.group(1)) if match else None


def find_tool(name: str, server_major: int) -> str:
    """The pg_dump or pg_restore of the server's major version, else the closest newer one.

    An older tool refuses a newer server; a much newer one may send settings an older server
    does not know, hence the closest version rather than the newest.
    """
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    usable = {}
    for path in candidates:
        major = _tool_major(path)
        if major is not None and major >= server_major:
            usable.setdefault(major, path)
    if not usable:
        raise BackupError(
            f"{name} {server_major} or newer is needed for this PostgreSQL {server_major} server. "
            f"Install it (Debian: apt-get install postgresql-client-{server_major}) and run again."
        )
    return usable[min(usable)]


def _run_tool(command: list[str], database: Database) -> None:
    result = subprocess.run(command, env=database.tool_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")


def _portal_version() -> dict[str, str | None]:
    try:
        with (settings.BASE_DIR / "pyproject.toml").open("rb") as handle:
            version = tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = None
    try:
        answer = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        commit = answer.stdout.strip() if answer.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired):
        commit = None
    return {"version": version, "commit": commit}


def media_files(media_root: Path) -> list[Path]:
    """Every file under MEDIA_ROOT, symlinked folders followed (media often lives on a mount)."""
    if not media_root.is_dir():
        return []
    found = []
    for folder, _dirs, files in os.walk(media_root, followlinks=True):
        found.extend(Path(folder) / name for name in files if (Path(folder) / name).is_file())
    return sorted(found)


class _HashingReader:
    """Hashes exactly the bytes tarfile copies, so the checksum matches what the archive holds."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.sha256.update(chunk)
        return chunk


def _add_file(tar: tarfile.TarFile, source: Path, name: str) -> dict:
    stat = source.stat()
    info = tarfile.TarInfo(name)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = 0o640
    with source.open("rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.sha256.hexdigest()}


def default_archive_name() -> str:
    return f"ppsp-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


def _dump_database(database: Database, dump: Path) -> dict:
    """pg_dump the database into ``dump``; returns what the manifest says about it."""
    with database.connect(autocommit=False) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        pg_dump = find_tool("pg_dump", conn.info.server_version // 10000)
        rows = table_rows(conn)
        migrations: dict[str, list[str]] = {}
        if "django_migrations" in rows:
            for app, name in conn.execute("SELECT app, name FROM django_migrations ORDER BY id"):
                migrations.setdefault(app, []).append(name)
        facts = {
            "database": {
                "name": database.name,
                "server_version": conn.execute("SHOW server_version").fetchone()[0],
                "rows": rows,
            },
            "migrations": migrations,
        }
        # The transaction stays open while pg_dump reads the snapshot it exported.
        _run_tool(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={dump}",
                f"--dbname={database.conninfo}",
            ],
            database,
        )
    return facts


def _write_archive(path: Path, *, dump: Path, media_root: Path, sources: list[Path], facts: dict):
    """The tar itself, readable by its owner only: it holds password hashes and personal data."""
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
            members = {DUMP: _add_file(tar, dump, DUMP)}
            for source in sources:
                name = f"{MEDIA}/{source.relative_to(media_root).as_posix()}"
                members[name] = _add_file(tar, source, name)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.localtime().isoformat(timespec="seconds"),
                "portal": _portal_version(),
                **facts,
                "media": {
                    "files": len(sources),
                    "bytes": sum(m["size"] for n, m in members.items() if n != DUMP),
                },
                "members": members,
            }
            payload = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(timezone.now().timestamp())
            info.mode = 0o640
            tar.addfile(info, io.BytesIO(payload))
        raw.flush()
        os.fsync(raw.fileno())
    return manifest


def create_backup(*, database: Database, media_root: Path, destination: Path) -> dict:
    """Write the archive to ``destination``, never over an existing file; returns its manifest.

    The database goes first: a file uploaded meanwhile is simply one more file in the archive.
    """
    if destination.exists():
        raise BackupError(f"{destination} already exists; name another file.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    media_root = media_root.resolve()
    with tempfile.TemporaryDirectory(prefix="ppsp-backup-") as work:
        dump = Path(work) / DUMP
        facts = _dump_database(database, dump)
        excluded = {destination.resolve(), partial.resolve()}
        sources = [path for path in media_files(media_root) if path.resolve() not in excluded]
        try:
            manifest = _write_archive(
                partial, dump=dump, media_root=media_root, sources=sources, facts=facts
            )
            os.replace(partial, destination)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def unpack_archive(archive: Path, into: Path) -> dict:
    """Extract the archive and check every member against the manifest; returns the manifest."""
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar.getmembers():
                name = PurePosixPath(member.name)
                if not (member.isfile() or member.isdir()) or not (
                    member.name in (MANIFEST, DUMP) or name.parts[0] == MEDIA
                ):
                    raise BackupError(f"{archive} is not a portal backup: unexpected {member.name}")
            tar.extractall(into, filter="data")
    except (OSError, tarfile.TarError, EOFError) as error:
        raise BackupError(f"{archive} cannot be read as a portal backup: {error}") from None
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{archive} is not a portal backup: no readable {MANIFEST}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} has an unknown format: {manifest.get('format')!r}")
    expected = manifest.get("members") or {}
    present = {path.relative_to(into).as_posix() for path in into.rglob("*") if path.is_file()}
    present.discard(MANIFEST)
    problems = [f"{name}: missing" for name in sorted(set(expected) - present)]
    problems += [f"{name}: not in the manifest" for name in sorted(present - set(expected))]
    for name in sorted(present & set(expected)):
        path, record = into / name, expected[name]
        if path.stat().st_size != record.get("size") or _sha256(path) != record.get("sha256"):
            problems.append(f"{name}: checksum does not match")
    if DUMP not in expected:
        problems.append(f"{DUMP}: missing")
    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise BackupError(
            f"{archive} is damaged or was altered; nothing was restored.\n  {shown}{more}"
        )
    return manifest


@dataclass(frozen=True)
class Contents:
    """What a target installation already holds."""

    objects: int
    rows: dict[str, int]
    files: list[Path]

    @property
    def portal_rows(self) -> int:
        return sum(n for table, n in self.rows.items() if table not in BOOKKEEPING_TABLES)

    def describe(self, *, database: Database, media_root: Path) -> str:
        held = []
        if self.portal_rows:
            tables = sum(1 for t, n in self.rows.items() if n and t not in BOOKKEEPING_TABLES)
            held.append(
                f"the database {database.name} holds {self.portal_rows} rows in {tables} tables"
            )
        if self.files:
            held.append(f"MEDIA_ROOT ({media_root}) holds {len(self.files)} files")
        return " and ".join(held)


def installation_contents(*, database: Database, media_root: Path) -> Contents:
    with database.connect(autocommit=True) as conn:
        objects = conn.execute(OBJECTS_SQL).fetchone()[0]
        rows = table_rows(conn)
    return Contents(objects=objects, rows=rows, files=media_files(media_root))


def _empty_database(database: Database) -> None:
    """Drop every schema of the database and give back an empty public schema."""
    try:
        with database.connect(autocommit=False) as conn:
            schemas = conn.execute(f"SELECT n.nspname FROM pg_namespace n WHERE {USER_SCHEMAS}")
            for (schema,) in schemas.fetchall():
                conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
            conn.execute("CREATE SCHEMA IF NOT EXISTS public")
    except psycopg.Error as error:
        raise BackupError(
            f"Could not empty the database {database.name}: {error}. "
            "Recreate it empty (dropdb, createdb) and restore without --force."
        ) from None


def _empty_media_root(media_root: Path) -> None:
    base = Path(settings.BASE_DIR).resolve()
    if media_root in (Path(media_root.anchor), Path.home().resolve(), base, *base.parents):
        raise BackupError(f"MEDIA_ROOT is {media_root}; --force will not delete everything there.")
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    rows: dict[str, int]
    files: int
    replaced: Contents


def restore_backup(
    *, database: Database, media_root: Path, archive: Path, force: bool = False
) -> RestoreResult:
    """Bring an archive back into an empty installation, or with ``force`` an emptied one.

    A database holding only what `migrate` writes (tables, content types, permissions) counts as
    empty: its schema is dropped so that pg_restore recreates exactly the archived one.
    """
    media_root = media_root.resolve()
    with tempfile.TemporaryDirectory(prefix="ppsp-restore-") as work:
        unpacked = Path(work)
        manifest = unpack_archive(archive, unpacked)
        with database.connect(autocommit=True) as conn:
            pg_restore = find_tool("pg_restore", conn.info.server_version // 10000)
        existing = installation_contents(database=database, media_root=media_root)
        if (existing.portal_rows or existing.files) and not force:
            raise BackupError(
                f"This installation is not empty: "
                f"{existing.describe(database=database, media_root=media_root)}. "
                "Restore into an empty installation, or pass --force to delete all of it first."
            )

        if existing.files:
            _empty_media_root(media_root)
        if existing.objects:
            _empty_database(database)
        _run_tool(
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={database.conninfo}",
                str(unpacked / DUMP),
            ],
            database,
        )
        media = [name for name in manifest["members"] if name != DUMP]
        for name in media:
            target = media_root / PurePosixPath(name).relative_to(MEDIA)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(unpacked / name, target)

    with database.connect(autocommit=True) as conn:
        # pg_restore writes rows but no planner statistics: gather them now, not whenever
        # autovacuum first looks, so the first pages after a restore are planned for real data.
        conn.execute("ANALYZE")
        rows = table_rows(conn)
    expected = manifest["database"]["rows"]
    if rows != expected:
        differing = sorted(t for t in set(rows) | set(expected) if rows.get(t) != expected.get(t))
        raise BackupError(
            f"The restored database differs from the archive in: {', '.join(differing[:10])}"
        )
    return RestoreResult(manifest=manifest, rows=rows, files=len(media), replaced=existing)


def unapplied_migrations(alias: str = "default") -> tuple[list[str], list[str]]:
    """Migrations this code would apply, and applied ones this code does not know."""
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    plan = executor.migration_plan(graph.leaf_nodes())
    unknown = [key for key in sorted(executor.loader.applied_migrations) if key not in graph.nodes]
    connection.close()
    return [f"{m.app_label}.{m.name}" for m, _ in plan], [f"{a}.{n}" for a, n in unknown]
