"""The publication version, bumped by PostgreSQL whenever something the public pages show
changes, whoever writes it: a page, an import, the admin, a script, the worker.

Each table the public pages read gets four statement-level triggers (insert, update, delete,
truncate). They look at the rows the statement changed (its transition tables) and bump the
version when one of them is, or was, public: a verified value, a quick win or an evidence
file marked public, any row of the other tables. A draft saved, a value submitted or a
private quick win edited leaves the public cache alone. A statement that changed no row
bumps nothing.

The public cache keys every page by this version (reports/public/publication.py), so a cached
page is never served after a change: invalidation happens in the database and cannot be
forgotten by a new write path. tests/reports/test_public_cache.py fails when a public page
reads a table without these triggers.
"""

from django.db import migrations

SHARDS = 8

# Table → the condition under which a changed row matters to the public pages.
FEEDS = {
    "programs_province": "true",
    "programs_kabupaten": "true",
    "programs_agency": "true",
    "programs_indicator": "true",
    "programs_indicatortarget": "true",
    "programs_actualvalue": "status = 'verified'",
    "programs_milestoneachievement": "true",
    "programs_programme": "true",
    "programs_policypackage": "true",
    "programs_fundingsource": "true",
    "programs_fundingline": "true",
    "coaching_clinicsession": "true",
    "coaching_participation": "true",
    "coaching_quickwin": "is_public",
    "coaching_evidence": "is_public",
    "reports_publicationsettings": "true",
    "reports_kabupatenpublication": "true",
}

BUMP = f"""
CREATE SEQUENCE reports_publication_version_seq;
CREATE FUNCTION reports_publication_bump() RETURNS void LANGUAGE sql AS $$
    INSERT INTO reports_publicationversion (shard, version, changed_at)
    VALUES ((pg_backend_pid() % {SHARDS})::smallint,
            nextval('reports_publication_version_seq'), now())
    ON CONFLICT (shard) DO UPDATE
    SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at;
$$;
"""


def table_sql(table: str, condition: str) -> str:
    function = f"reports_publication_{table}"
    return f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM reports_publication_bump();
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF EXISTS (SELECT 1 FROM publication_new WHERE {condition}) THEN
            PERFORM reports_publication_bump();
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (SELECT 1 FROM publication_old WHERE {condition}) THEN
            PERFORM reports_publication_bump();
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER publication_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS publication_new
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER publication_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS publication_old NEW TABLE AS publication_new
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER publication_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS publication_old
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER publication_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""


def drop_table_sql(table: str) -> str:
    triggers = "".join(
        f"DROP TRIGGER IF EXISTS publication_{event} ON {table};\n"
        for event in ("insert", "update", "delete", "truncate")
    )
    return triggers + f"DROP FUNCTION IF EXISTS reports_publication_{table}();\n"


def default_settings(apps, schema_editor):
    Settings = apps.get_model("reports", "PublicationSettings")
    Settings.objects.get_or_create(
        pk=1,
        defaults={
            "enabled": True,
            "licence": "Creative Commons Atribusi 4.0 Internasional",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0005_public_flags"),
        ("programs", "0012_funding_sources"),
        ("reports", "0003_publication"),
    ]

    operations = [
        migrations.RunSQL(
            BUMP + "".join(table_sql(table, condition) for table, condition in FEEDS.items()),
            reverse_sql="".join(drop_table_sql(table) for table in FEEDS)
            + "DROP FUNCTION reports_publication_bump();\n"
            + "DROP SEQUENCE reports_publication_version_seq;\n",
        ),
        migrations.RunPython(default_settings, migrations.RunPython.noop),
    ]
