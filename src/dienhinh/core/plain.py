"""One-value statements for the checks every page makes.

The header of every logged-in page asks the same small questions (how many unread
notifications, does the user sit on a council, which roles the user holds where). Built by the ORM, each costs Django
0.3–0.9 ms of CPU to compile — more than the database takes to answer — on every
request of every user; written once as plain SQL on an index it costs 0.04 ms. Only
for such fixed questions of every request: anything with a scope stays with the ORM.
"""

from __future__ import annotations

from django.db import connections, router


def rows(model, sql: str, params: list, **tables) -> list[tuple]:
    """Every row of `sql`, read where the router reads `model`; `{table}` stands for
    the model's table and `{name}` for each model given as `name=Model`, quoted."""
    connection = connections[router.db_for_read(model)]
    names = {name: connection.ops.quote_name(m._meta.db_table)
             for name, m in {"table": model, **tables}.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**names), params)
        return cursor.fetchall()


def scalar(model, sql: str, params: list):
    """The first column of the first row of `sql` (`{table}` in it stands for the
    model's table, quoted), read where the router reads `model` (the replica when a
    request may use it); None when there is no row."""
    connection = connections[router.db_for_read(model)]
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=connection.ops.quote_name(model._meta.db_table)),
                       params)
        row = cursor.fetchone()
    return row[0] if row else None
