"""SubjectScope and the triggers that keep it: a unit's path, a person's unit's path,
on both databases, for every write path (ORM, bulk_create, update(), raw SQL)."""

from django.db import migrations, models

SQLITE = [
    """CREATE TRIGGER orgs_unit_scope_insert AFTER INSERT ON orgs_unit BEGIN
         INSERT OR REPLACE INTO orgs_subjectscope (subject_id, path)
         VALUES (NEW.subject_id, NEW.path);
       END""",
    """CREATE TRIGGER orgs_unit_scope_update AFTER UPDATE OF path ON orgs_unit BEGIN
         INSERT OR REPLACE INTO orgs_subjectscope (subject_id, path)
         VALUES (NEW.subject_id, NEW.path);
         UPDATE orgs_subjectscope SET path = NEW.path
         WHERE subject_id IN (SELECT subject_id FROM orgs_person WHERE unit_id = NEW.subject_id);
       END""",
    """CREATE TRIGGER orgs_unit_scope_delete AFTER DELETE ON orgs_unit BEGIN
         DELETE FROM orgs_subjectscope WHERE subject_id = OLD.subject_id;
       END""",
    """CREATE TRIGGER orgs_person_scope_insert AFTER INSERT ON orgs_person BEGIN
         INSERT OR REPLACE INTO orgs_subjectscope (subject_id, path)
         SELECT NEW.subject_id, path FROM orgs_unit WHERE subject_id = NEW.unit_id;
       END""",
    """CREATE TRIGGER orgs_person_scope_update AFTER UPDATE OF unit_id ON orgs_person BEGIN
         INSERT OR REPLACE INTO orgs_subjectscope (subject_id, path)
         SELECT NEW.subject_id, path FROM orgs_unit WHERE subject_id = NEW.unit_id;
       END""",
    """CREATE TRIGGER orgs_person_scope_delete AFTER DELETE ON orgs_person BEGIN
         DELETE FROM orgs_subjectscope WHERE subject_id = OLD.subject_id;
       END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS orgs_{t}_scope_{e}"
    for t in ("unit", "person") for e in ("insert", "update", "delete")
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION orgs_unit_scope() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           DELETE FROM orgs_subjectscope WHERE subject_id = OLD.subject_id;
           RETURN NULL;
         END IF;
         INSERT INTO orgs_subjectscope (subject_id, path) VALUES (NEW.subject_id, NEW.path)
         ON CONFLICT (subject_id) DO UPDATE SET path = EXCLUDED.path;
         IF TG_OP = 'UPDATE' THEN
           UPDATE orgs_subjectscope s SET path = NEW.path FROM orgs_person p
           WHERE p.unit_id = NEW.subject_id AND s.subject_id = p.subject_id;
         END IF;
         RETURN NULL;
       END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION orgs_person_scope() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           DELETE FROM orgs_subjectscope WHERE subject_id = OLD.subject_id;
           RETURN NULL;
         END IF;
         INSERT INTO orgs_subjectscope (subject_id, path)
         SELECT NEW.subject_id, u.path FROM orgs_unit u WHERE u.subject_id = NEW.unit_id
         ON CONFLICT (subject_id) DO UPDATE SET path = EXCLUDED.path;
         RETURN NULL;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER orgs_unit_scope AFTER INSERT OR DELETE OR UPDATE OF path ON orgs_unit
       FOR EACH ROW EXECUTE FUNCTION orgs_unit_scope()""",
    """CREATE TRIGGER orgs_person_scope AFTER INSERT OR DELETE OR UPDATE OF unit_id
       ON orgs_person FOR EACH ROW EXECUTE FUNCTION orgs_person_scope()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS orgs_unit_scope ON orgs_unit",
    "DROP TRIGGER IF EXISTS orgs_person_scope ON orgs_person",
    "DROP FUNCTION IF EXISTS orgs_unit_scope()",
    "DROP FUNCTION IF EXISTS orgs_person_scope()",
]

FILL = [
    "INSERT INTO orgs_subjectscope (subject_id, path) SELECT subject_id, path FROM orgs_unit",
    "INSERT INTO orgs_subjectscope (subject_id, path) "
    "SELECT p.subject_id, u.path FROM orgs_person p JOIN orgs_unit u ON u.subject_id = p.unit_id",
]


def forward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in FILL + (POSTGRES if postgres else SQLITE):
        schema_editor.execute(sql)
    if postgres:
        schema_editor.execute("ANALYZE orgs_subjectscope")


def backward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_DROP if postgres else SQLITE_DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_search_trigram")]
    operations = [
        migrations.CreateModel(
            name="SubjectScope",
            fields=[
                ("subject", models.OneToOneField(
                    db_constraint=False, on_delete=models.deletion.DO_NOTHING,
                    primary_key=True, related_name="scope", serialize=False,
                    to="orgs.subject")),
                ("path", models.CharField(db_index=True, max_length=1000)),
            ],
            options={"verbose_name": "vị trí trong cây đơn vị"},
        ),
        migrations.RunPython(forward, backward),
    ]
