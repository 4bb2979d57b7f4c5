"""BI tools' route into the warehouse (SQLAlchemy + duckdb-engine, read-only) and the privacy of
the published marts."""

from __future__ import annotations

import csv
import subprocess
import sys

import duckdb
import sqlalchemy
from tests_support import PUBLISHED_MARTS


def test_sqlalchemy_reads_every_mart_read_only(built_world):
    with duckdb.connect(str(built_world.warehouse), read_only=True) as con:
        counts = {mart: con.execute(f"select count(*) from marts.{mart}").fetchone()[0] for mart in PUBLISHED_MARTS}
    # another process reads the file at the same time, as a notebook next to a dashboard
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
        "c.execute('select count(*) from marts.fct_touchpoints').fetchone(); print('open', flush=True); "
        "time.sleep(60)"), str(built_world.warehouse)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    url = f"duckdb:///{built_world.warehouse}?access_mode=read_only"
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as con:
        tables = set(sqlalchemy.inspect(con).get_table_names(schema="marts"))
        assert set(PUBLISHED_MARTS) <= tables
        for mart in PUBLISHED_MARTS:
            rows = con.execute(sqlalchemy.text(f"select * from marts.{mart}")).fetchall()
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


def test_no_raw_email_or_phone_in_published_marts(built_world):
    """Every true email and phone of the world, searched for in every text column of every mart."""
    people = list(csv.DictReader(open(built_world.truth_dir / "people.csv", encoding="utf-8", newline="")))
    secrets = {p["email"].lower() for p in people if p["email"]} | {p["phone_e164"] for p in people if p["phone_e164"]}
    con = built_world.connect()
    con.execute("create temp table secrets (value varchar)")
    con.executemany("insert into secrets values (?)", [[s] for s in secrets])
    columns = con.execute("""
        select table_name, column_name from information_schema.columns
        where table_schema = 'marts' and data_type = 'VARCHAR'
    """).fetchall()
    assert len(columns) > 30
    leaks = []
    for table, column in columns:
        n = con.execute(f"select count(*) from marts.{table} where lower({column}) in (select value from secrets)"
                        ).fetchone()[0]
        if n:
            leaks.append((table, column, n))
    assert leaks == []
    # the restricted schema still has them, for the people allowed to see them
    found = con.execute("select count(*) from restricted.customer_identifiers_unmasked "
                        "where identifier_value in (select value from secrets)").fetchone()[0]
    assert found > 100
