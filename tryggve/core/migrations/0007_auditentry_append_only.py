"""The database itself refuses to change an audit entry (only removing a deleted user's link).

Entries can still be deleted as a whole: `apply_retention` removes those past their retention.
"""

from django.db import migrations

COLUMNS = ("id", "at", "username", "municipality_id", "action", "what", "rows", "path")

POSTGRESQL = [
    f"""
CREATE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF {" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in COLUMNS)}
       OR (NEW.user_id IS NOT NULL AND NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
        RAISE EXCEPTION 'the audit log is append-only';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION core_auditentry_append_only()",
]
SQLITE = [
    f"""
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE ON core_auditentry
WHEN {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in COLUMNS)}
     OR (NEW.user_id IS NOT NULL AND NEW.user_id IS NOT OLD.user_id)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""
]
SQLITE_REVERSE = ["DROP TRIGGER core_auditentry_append_only"]


def run(forward: bool):
    def apply(apps, schema_editor):
        statements = {
            "postgresql": POSTGRESQL if forward else POSTGRESQL_REVERSE,
            "sqlite": SQLITE if forward else SQLITE_REVERSE,
        }
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0006_organisation_require_two_factor")]

    operations = [migrations.RunPython(run(True), run(False))]
