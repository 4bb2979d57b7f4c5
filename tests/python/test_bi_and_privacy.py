"""BI tools' route into the warehouse (SQLAlchemy + duckdb-engine, read-only) and the privacy of
the published BI file: it holds the marts, reporting and audit schemas and no personal data; the
restricted file beside it holds the unmasked golden record, for the few allowed to read it."""

from __future__ import annotations

import csv
import re
import stat
import subprocess
import sys

import duckdb
import sqlalchemy
from tests_support import PUBLISHED_MARTS


def test_sqlalchemy_reads_every_mart_read_only(built_world):
    with built_world.connect_published() as con:
        counts = {mart: con.execute(f"select count(*) from {mart}").fetchone()[0] for mart in PUBLISHED_MARTS}
    # another process reads the file at the same time, as a notebook next to a dashboard
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
        "c.execute('select count(*) from marts.fct_touchpoints').fetchone(); print('open', flush=True); "
        "time.sleep(60)"), str(built_world.warehouse)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    url = f"duckdb:///{built_world.warehouse}?access_mode=read_only"
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as con:
        inspector = sqlalchemy.inspect(con)
        tables = {f"{schema}.{t}" for schema in ("marts", "reporting")
                  for t in inspector.get_table_names(schema=schema)}
        assert set(PUBLISHED_MARTS) <= tables
        for mart in PUBLISHED_MARTS:
            rows = con.execute(sqlalchemy.text(f"select * from {mart}")).fetchall()
            assert rows, mart
            assert len(rows) == counts[mart]
        try:
            con.execute(sqlalchemy.text("create table marts.x (i int)"))
            raise AssertionError("a read-only connection could write")
        except sqlalchemy.exc.DBAPIError as exc:
            assert "read-only" in str(exc).lower()
    engine.dispose()
    holder.kill()
    holder.wait()


def test_the_bi_file_holds_only_the_published_schemas(built_world):
    """Whatever is in the file a BI user can read (DuckDB has no grants): only marts, reporting and
    audit, every relation a table (nothing that refers back to the build), no stray helper views."""
    with built_world.connect_published() as con:
        relations = con.execute("select table_schema, table_name, table_type from information_schema.tables"
                                ).fetchall()
    assert {schema for schema, _, _ in relations} == {"marts", "reporting", "audit"}
    assert {kind for _, _, kind in relations} == {"BASE TABLE"}
    assert not stat.S_IMODE(built_world.warehouse.stat().st_mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert stat.S_IMODE(built_world.restricted.stat().st_mode) == 0o600


def test_the_build_leaves_nothing_in_duckdbs_default_schema(built_world):
    """Every relation of a build lives in a schema of the project (raw views, staging, ..., the
    build's history): none in DuckDB's default schema, where DuckDB's relation.query registers
    its name as a view (the CLV and lapse models' reads left main.t and main.f in the kept build
    until cjw.relations dropped them)."""
    with duckdb.connect(str(built_world.full), read_only=True) as con:
        stray = con.execute("select table_name from information_schema.tables where table_schema = 'main'").fetchall()
        schemas = {r[0] for r in con.execute("select distinct table_schema from information_schema.tables").fetchall()}
    assert stray == []
    assert {"raw", "staging", "intermediate", "marts", "reporting", "audit", "restricted", "history"} <= schemas


EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+\d{7,15}")
HANDLE = re.compile(r"@\w+")
WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")


def test_no_personal_data_of_the_world_in_the_bi_file(built_world):
    """Every true email, phone, social handle and full name of the world, searched for in every
    text value of every table of the BI file (inside longer text too: JSON raw rows, reasons)."""
    people = list(csv.DictReader(open(built_world.truth_dir / "people.csv", encoding="utf-8", newline="")))
    identifiers = list(csv.DictReader(open(built_world.truth_dir / "identifiers.csv", encoding="utf-8", newline="")))
    emails = {i["identifier_value"].lower() for i in identifiers if i["identifier_type"] == "email"}
    phones = {i["identifier_value"] for i in identifiers if i["identifier_type"] == "phone"}
    handles = {i["identifier_value"].lower() for i in identifiers if i["identifier_type"] == "social_handle"}
    names = {f"{p['first_name']} {p['last_name']}".lower() for p in people}
    assert len(emails) > 1000 and len(phones) > 1000 and len(handles) > 100 and len(names) > 1000
    leaks: dict[str, set[str]] = {}
    values = 0
    with built_world.connect_published() as con:
        columns = con.execute("select table_schema, table_name, column_name from information_schema.columns "
                              "where data_type = 'VARCHAR'").fetchall()
        assert len(columns) > 50
        for schema, table, column in columns:
            for (value,) in con.execute(f'select distinct "{column}" from {schema}."{table}" '
                                        f'where "{column}" is not null').fetchall():
                values += 1
                text = value.lower()
                found = {e for e in EMAIL.findall(text) if e in emails}
                found |= {p for p in PHONE.findall(value) if p in phones}
                found |= {h for h in HANDLE.findall(text) if h in handles}
                words = WORD.findall(text)
                found |= {f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if f"{a} {b}" in names}
                if found:
                    leaks.setdefault(f"{schema}.{table}.{column}", set()).update(found)
    print(f"searched {values:,} distinct text values in {len(columns)} columns")
    assert leaks == {}
    # the restricted file still has them, for the people allowed to see them
    with duckdb.connect(str(built_world.restricted), read_only=True) as con:
        found = con.execute("select count(*) from restricted.customer_identifiers_unmasked "
                            "where identifier_value in (select unnest(?))", [sorted(emails)]).fetchone()[0]
    assert found > 100
