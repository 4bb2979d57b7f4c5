"""Reading a dbt Python model's input as one Arrow table, or once into a temporary table, and its
own table as the kept build holds it."""

from __future__ import annotations

import os


def query_arrow(session, relation, name: str, sql: str):
    """`sql`, which reads `relation` under `name`, as an Arrow table. DuckDB's relation.query
    registers `name` as a view in the session's database, where it would stay (a stray `main.t`
    in the build file): it is dropped as soon as the result is read."""
    try:
        table = relation.query(name, sql).arrow()
        if hasattr(table, "read_all"):  # DuckDB 1.4 and 1.5 return a record batch reader
            table = table.read_all()
    finally:
        session.execute(f'drop view if exists "{name}"')
    return table


def held_table(session, relation, name: str):
    """`relation` computed once into the session's temporary table `name`, as a relation, for a
    model that reads it several times or joins it: the caller drops it (drop_held). Not an Arrow
    table read back (session.from_arrow): DuckDB 1.5 pushes a join's bloom filter into an Arrow
    scan, which its Python client cannot apply ("Pushdown Filter Type BLOOM_FILTER is not
    currently supported in PyArrow Scans", duckdb/duckdb-python#463), on inputs of some sizes
    only (on 1.5.6 the identity tests' hand-made delivery of a few people failed in
    int_attribution_intervals; the demo and the 1M world passed).
    The relation is registered as a view of the session's database for the copy, and that view is
    dropped at once (as in query_arrow)."""
    source = f"{name}__source"
    try:
        relation.create_view(source)
        session.execute(f'create or replace temporary table "{name}" as select * from "{source}"')
    finally:
        session.execute(f'drop view if exists "{source}"')
    return session.table(f'temp.main."{name}"')


def drop_held(session, name: str) -> None:
    """Drop the temporary table held_table made."""
    session.execute(f'drop table if exists temp.main."{name}"')


def kept_table(dbt, session, columns: str):
    """`columns` of the model's own table as the kept build holds it, on a day's build (a `cjw
    build` over the kept build, CJW_INCREMENTAL=1) that has the table; else None. For the Python
    models that memoize a value depending on its key alone (int_phone_time_zones,
    int_text_body_sentiment): a day computes only the keys the kept table lacks."""
    if os.environ.get("CJW_INCREMENTAL", "") != "1":
        return None
    this = dbt.this
    found = session.execute(
        "select count(*) from information_schema.tables where table_catalog = ? and table_schema = ? "
        "and table_name = ?", [this.database, this.schema, this.identifier]).fetchone()[0]
    return session.sql(f"select {columns} from {this!r}") if found else None
