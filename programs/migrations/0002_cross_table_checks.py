"""Rules that span tables, enforced by the database so that no import, shell or bug can break them.

Each trigger raises SQLSTATE 23514 (check_violation), which Django reports as IntegrityError.
"""

from django.db import migrations

SQL = """
CREATE FUNCTION programs_indicator_value_error(p_indicator_id bigint, p_value numeric)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_measure text;
BEGIN
    IF p_value IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT measure INTO v_measure FROM programs_indicator WHERE id = p_indicator_id;
    IF p_value < 0 THEN
        RETURN 'value is negative';
    ELSIF v_measure = 'percent' AND p_value > 100 THEN
        RETURN 'percentage above 100';
    ELSIF v_measure = 'count' AND p_value <> trunc(p_value) THEN
        RETURN 'count is not a whole number';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION programs_indicatortarget_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_error text;
BEGIN
    v_error := coalesce(
        programs_indicator_value_error(NEW.indicator_id, NEW.baseline),
        programs_indicator_value_error(NEW.indicator_id, NEW.target)
    );
    IF v_error IS NOT NULL THEN
        RAISE EXCEPTION 'indicator target: %', v_error USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM programs_agency
        WHERE id = NEW.responsible_agency_id AND kabupaten_id = NEW.kabupaten_id
    ) THEN
        RAISE EXCEPTION 'indicator target: responsible agency of another kabupaten'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.policy_package_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM programs_policypackage p
        JOIN programs_programme g ON g.id = p.programme_id
        WHERE p.id = NEW.policy_package_id AND g.kabupaten_id = NEW.kabupaten_id
    ) THEN
        RAISE EXCEPTION 'indicator target: policy package of another kabupaten'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER programs_indicatortarget_check
BEFORE INSERT OR UPDATE ON programs_indicatortarget
FOR EACH ROW EXECUTE FUNCTION programs_indicatortarget_check();

CREATE FUNCTION programs_actualvalue_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_indicator_id bigint;
    v_frequency text;
    v_periods integer;
    v_error text;
BEGIN
    SELECT i.id, i.frequency INTO v_indicator_id, v_frequency
    FROM programs_indicatortarget t JOIN programs_indicator i ON i.id = t.indicator_id
    WHERE t.id = NEW.target_id;
    v_error := programs_indicator_value_error(v_indicator_id, NEW.value);
    IF v_error IS NOT NULL THEN
        RAISE EXCEPTION 'actual value: %', v_error USING ERRCODE = 'check_violation';
    END IF;
    v_periods := CASE v_frequency WHEN 'quarterly' THEN 4 WHEN 'semester' THEN 2 ELSE 1 END;
    IF NEW.period > v_periods THEN
        RAISE EXCEPTION 'actual value: period % does not exist for a % indicator',
            NEW.period, v_frequency USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER programs_actualvalue_check
BEFORE INSERT OR UPDATE ON programs_actualvalue
FOR EACH ROW EXECUTE FUNCTION programs_actualvalue_check();

CREATE FUNCTION programs_membership_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.agency_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM programs_agency WHERE id = NEW.agency_id AND kabupaten_id = NEW.kabupaten_id
    ) THEN
        RAISE EXCEPTION 'membership: agency of another kabupaten' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER programs_membership_check
BEFORE INSERT OR UPDATE ON programs_membership
FOR EACH ROW EXECUTE FUNCTION programs_membership_check();
"""

REVERSE_SQL = """
DROP TRIGGER programs_membership_check ON programs_membership;
DROP FUNCTION programs_membership_check();
DROP TRIGGER programs_actualvalue_check ON programs_actualvalue;
DROP FUNCTION programs_actualvalue_check();
DROP TRIGGER programs_indicatortarget_check ON programs_indicatortarget;
DROP FUNCTION programs_indicatortarget_check();
DROP FUNCTION programs_indicator_value_error(bigint, numeric);
"""


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    # One statement per item: Django would otherwise split the text itself, and its splitter
    # does not understand PL/pgSQL bodies.
    operations = [
        migrations.RunSQL(
            [stmt for stmt in SQL.split("\n\n") if stmt.strip()],
            [stmt for stmt in REVERSE_SQL.strip().splitlines() if stmt.strip()],
        )
    ]
