"""Reading a dbt Python model's input as one Arrow table."""

from __future__ import annotations


def query_arrow(session, relation, name: str, sql: str):
    """`sql`, which reads `relation` under `name`, as an Arrow table. DuckDB's relation.query
    registers `name` as a view in the session's database, where it would stay (a stray `main.t`
    in the build file): it is dropped as soon as the result is read."""
    try:
        table = relation.query(name, sql).arrow()
        if hasattr(table, "read_all"):  # DuckDB 1.4 returns a record batch reader
            table = table.read_all()
    finally:
        session.execute(f'drop view if exists "{name}"')
    return table
