"""Database guards of the secret ballot, so that not even a bug in the application
can change a closed ballot: no vote or participation is added to a ballot that is not
open, a vote row is never updated, and a closed ballot row is never changed.

Deletions are not guarded by a trigger (test databases are emptied row by row on
SQLite); nothing in the application deletes votes.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER council_vote_only_open BEFORE INSERT ON council_vote
       WHEN (SELECT status FROM council_ballot WHERE id = NEW.ballot_id) IS NOT 'open'
       BEGIN SELECT RAISE(ABORT, 'council: the ballot is closed'); END""",
    """CREATE TRIGGER council_participation_only_open BEFORE INSERT
       ON council_ballotparticipation
       WHEN (SELECT status FROM council_ballot WHERE id = NEW.ballot_id) IS NOT 'open'
       BEGIN SELECT RAISE(ABORT, 'council: the ballot is closed'); END""",
    """CREATE TRIGGER council_vote_never_updated BEFORE UPDATE ON council_vote
       BEGIN SELECT RAISE(ABORT, 'council: votes are never edited'); END""",
    """CREATE TRIGGER council_ballot_closed_frozen BEFORE UPDATE ON council_ballot
       WHEN OLD.status = 'closed'
       BEGIN SELECT RAISE(ABORT, 'council: a closed ballot cannot be changed'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS council_vote_only_open",
    "DROP TRIGGER IF EXISTS council_participation_only_open",
    "DROP TRIGGER IF EXISTS council_vote_never_updated",
    "DROP TRIGGER IF EXISTS council_ballot_closed_frozen",
]
POSTGRES = [
    """CREATE FUNCTION council_only_open_ballot() RETURNS trigger AS $$
       BEGIN
         IF (SELECT status FROM council_ballot WHERE id = NEW.ballot_id) IS DISTINCT FROM 'open'
         THEN RAISE EXCEPTION 'council: the ballot is closed'; END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION council_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'council: % refused on %', TG_OP, TG_TABLE_NAME; END
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER council_vote_only_open BEFORE INSERT ON council_vote
       FOR EACH ROW EXECUTE FUNCTION council_only_open_ballot()""",
    """CREATE TRIGGER council_participation_only_open BEFORE INSERT
       ON council_ballotparticipation FOR EACH ROW EXECUTE FUNCTION council_only_open_ballot()""",
    """CREATE TRIGGER council_vote_never_updated BEFORE UPDATE ON council_vote
       FOR EACH ROW EXECUTE FUNCTION council_refuse()""",
    """CREATE TRIGGER council_ballot_closed_frozen BEFORE UPDATE ON council_ballot
       FOR EACH ROW WHEN (OLD.status = 'closed') EXECUTE FUNCTION council_refuse()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS council_vote_only_open ON council_vote",
    "DROP TRIGGER IF EXISTS council_participation_only_open ON council_ballotparticipation",
    "DROP TRIGGER IF EXISTS council_vote_never_updated ON council_vote",
    "DROP TRIGGER IF EXISTS council_ballot_closed_frozen ON council_ballot",
    "DROP FUNCTION IF EXISTS council_only_open_ballot()",
    "DROP FUNCTION IF EXISTS council_refuse()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for sql in statements:
            schema_editor.execute(sql, None)
    return run


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})),
    ]
