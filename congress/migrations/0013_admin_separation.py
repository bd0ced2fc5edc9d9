"""三员分立 in the database: no account holds two of the system (superuser),
security and audit administrator powers, and the audit administrator holds
no other role. Deferred constraint triggers, checked at commit, so that a
form may change superuser status and roles in either order."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION congress_admin_separation() RETURNS trigger AS $$
DECLARE
    account bigint;
    superuser boolean;
    powers integer;
    auditor boolean;
    other_roles integer;
BEGIN
    IF TG_TABLE_NAME = 'congress_user' THEN
        account := NEW.id;
    ELSE
        account := NEW.user_id;
    END IF;
    SELECT is_superuser INTO superuser FROM congress_user WHERE id = account;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT
        count(*) FILTER (WHERE g.name IN ('security_admin', 'audit_admin')),
        coalesce(bool_or(g.name = 'audit_admin'), false),
        count(*) FILTER (WHERE g.name <> 'audit_admin')
    INTO powers, auditor, other_roles
    FROM congress_user_groups ug JOIN auth_group g ON g.id = ug.group_id
    WHERE ug.user_id = account;
    IF superuser THEN
        powers := powers + 1;
    END IF;
    IF powers > 1 OR (auditor AND other_roles > 0) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format(
                'account %s breaks the separation of administrator powers',
                account
            );
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER congress_admin_separation_user
    AFTER INSERT OR UPDATE OF is_superuser ON congress_user
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION congress_admin_separation();

CREATE CONSTRAINT TRIGGER congress_admin_separation_groups
    AFTER INSERT OR UPDATE ON congress_user_groups
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION congress_admin_separation();
"""

REVERSE = """
DROP TRIGGER IF EXISTS congress_admin_separation_groups ON congress_user_groups;
DROP TRIGGER IF EXISTS congress_admin_separation_user ON congress_user;
DROP FUNCTION IF EXISTS congress_admin_separation();
"""


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("security_admin", "audit_admin"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("congress", "0012_form_submission"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, REVERSE),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
