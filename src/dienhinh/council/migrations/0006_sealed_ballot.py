"""Votes sealed for the tellers while the ballot is open; counted choices after.

`Vote` (a plain choice per row, with a receipt hash a voter could point at in the
published list) gives way to `SealedVote` (ciphertext, destroyed at the close),
`CountedVote` (item and choice, written in the order (item, choice)) and
`CountedReceipt` (the receipt tags that were counted, nothing else). Votes of ballots
held before are moved: their choices to `CountedVote` in that order, their per-item
receipt hashes to `CountedReceipt`, so receipts of old ballots still verify.

The guards of migration 0002 are carried over: the new rows are only inserted while
the ballot is open and never updated.
"""

import importlib
import uuid

import django.db.models.deletion
from django.db import migrations, models

_guards = importlib.import_module("dienhinh.council.migrations.0002_closed_ballot_guards")
SQLITE_0002 = _guards.SQLITE
SQLITE_0002_DROP = _guards.SQLITE_DROP


TABLES = ("council_sealedvote", "council_countedvote", "council_countedreceipt")
SQLITE = []
SQLITE_DROP = []
POSTGRES = []
POSTGRES_DROP = []
for _table in TABLES:
    SQLITE += [
        f"""CREATE TRIGGER {_table}_only_open BEFORE INSERT ON {_table}
            WHEN (SELECT status FROM council_ballot WHERE id = NEW.ballot_id) IS NOT 'open'
            BEGIN SELECT RAISE(ABORT, 'council: the ballot is closed'); END""",
        f"""CREATE TRIGGER {_table}_never_updated BEFORE UPDATE ON {_table}
            BEGIN SELECT RAISE(ABORT, 'council: votes are never edited'); END""",
    ]
    SQLITE_DROP += [f"DROP TRIGGER IF EXISTS {_table}_only_open",
                    f"DROP TRIGGER IF EXISTS {_table}_never_updated"]
    POSTGRES += [
        f"""CREATE TRIGGER {_table}_only_open BEFORE INSERT ON {_table}
            FOR EACH ROW EXECUTE FUNCTION council_only_open_ballot()""",
        f"""CREATE TRIGGER {_table}_never_updated BEFORE UPDATE ON {_table}
            FOR EACH ROW EXECUTE FUNCTION council_refuse()""",
    ]
    POSTGRES_DROP += [f"DROP TRIGGER IF EXISTS {_table}_only_open ON {_table}",
                      f"DROP TRIGGER IF EXISTS {_table}_never_updated ON {_table}"]


SQLITE_0002_KEPT = [sql for sql in SQLITE_0002 if "TRIGGER council_vote_" not in sql]
POSTGRES_0002_VOTE = [sql for sql in _guards.POSTGRES if "TRIGGER council_vote_" in sql]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, None)
    return run


def move_votes(apps, schema_editor):
    Vote = apps.get_model("council", "Vote")
    CountedVote = apps.get_model("council", "CountedVote")
    CountedReceipt = apps.get_model("council", "CountedReceipt")
    rows = sorted(Vote.objects.values_list("ballot_id", "item_id", "choice", "receipt_hash"))
    CountedVote.objects.bulk_create(
        [CountedVote(ballot_id=b, item_id=i, choice=c) for b, i, c, _h in rows])
    CountedReceipt.objects.bulk_create(
        [CountedReceipt(ballot_id=b, receipt_tag=h)
         for b, h in sorted((b, h) for b, _i, _c, h in rows)])


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0005_money_pass_share'),
    ]

    operations = [
        # SQLite rebuilds council_ballot to add its columns, which its triggers of 0002
        # would not survive: they are dropped first and made again below.
        migrations.RunPython(_run({"sqlite": SQLITE_0002_DROP}), _run({"sqlite": SQLITE_0002})),
        migrations.AddField(
            model_name='ballot',
            name='kdf_mem',
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='ballot',
            name='kdf_ops',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='ballot',
            name='kdf_salt',
            field=models.CharField(blank=True, default='', max_length=32),
        ),
        migrations.AddField(
            model_name='ballot',
            name='public_key',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
        migrations.CreateModel(
            name='CountedReceipt',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('receipt_tag', models.CharField(max_length=64, unique=True)),
                ('ballot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='council.ballot')),
            ],
        ),
        migrations.CreateModel(
            name='CountedVote',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('choice', models.CharField(choices=[('yes', 'Đồng ý'), ('no', 'Không đồng ý'), ('abstain', 'Không biểu quyết')], max_length=8)),
                ('ballot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='council.ballot')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='council.agendaitem')),
            ],
        ),
        migrations.CreateModel(
            name='SealedVote',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('receipt_tag', models.CharField(max_length=64, unique=True)),
                ('sealed', models.BinaryField()),
                ('ballot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='council.ballot')),
            ],
        ),
        migrations.AddConstraint(
            model_name='countedvote',
            constraint=models.CheckConstraint(condition=models.Q(('choice__in', ['yes', 'no', 'abstain'])), name='countedvote_choice_valid'),
        ),
        # Backwards the counted votes are not paired with receipts again (lost); the
        # guards of council_vote come back with its table.
        migrations.RunPython(move_votes, _run({"postgresql": POSTGRES_0002_VOTE})),
        migrations.DeleteModel(
            name='Vote',
        ),
        migrations.RunPython(_run({"sqlite": SQLITE_0002_KEPT + SQLITE, "postgresql": POSTGRES}),
                             _run({"sqlite": SQLITE_DROP + SQLITE_0002_DROP,
                                   "postgresql": POSTGRES_DROP})),
    ]
