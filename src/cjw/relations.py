"""Reading a dbt Python model's input as one Arrow table, and its own table as the kept build
holds it."""

from __future__ import annotations

import os


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
