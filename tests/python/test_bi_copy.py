"""A day's BI file starts from a copy of the previous one (cjw.build.update_bi_copy): planted on
two small files, each way a relation can change between two builds. Rows compare as multisets
(a row held twice, a row with NULLs), a view of the build arrives as a table, a relation the build
dropped leaves the copy, a new or retyped one is written whole, one that changed most of its rows
too, and an unchanged one is left alone."""

from __future__ import annotations

from pathlib import Path

import duckdb

from cjw.build import BI_COPY_MAX_FREE, update_bi_copy

PREVIOUS = """
create schema marts; create schema reporting; create schema audit;
create table marts.facts (id integer, label varchar, amount decimal(18, 2));
insert into marts.facts values (1, 'a', 1.50), (2, 'b', null), (2, 'b', null), (3, null, 3.00), (4, 'd', 4.00),
    (4, 'd', 4.00), (5, 'e', 5.00), (6, 'f', 6.00), (7, 'g', 7.00), (8, 'h', 8.00), (9, 'i', 9.00), (10, 'j', 10.00);
create table marts.steady as select range as id from range(1000);
create table marts.retired (id integer);
create table reporting.retyped (id integer, share double);
create table reporting.churned as select range as id from range(10);
create table audit.runs (run_id varchar);
insert into audit.runs values ('run-1');
"""
# the build: facts loses one copy of (2, 'b', NULL) and (5, 'e'), gains a third (4, 'd') and
# (11, 'k'); (3, NULL) becomes (3, 'c'); steady is the same; retired is gone; retyped has another
# column type; churned changed every row; audit.runs gains a run and is a view in the build
BUILD = """
create schema marts; create schema reporting; create schema audit; create schema intermediate;
create table marts.facts (id integer, label varchar, amount decimal(18, 2));
insert into marts.facts values (1, 'a', 1.50), (2, 'b', null), (3, 'c', 3.00), (4, 'd', 4.00), (4, 'd', 4.00),
    (4, 'd', 4.00), (6, 'f', 6.00), (7, 'g', 7.00), (8, 'h', 8.00), (9, 'i', 9.00), (10, 'j', 10.00),
    (11, 'k', 11.00);
create table marts.steady as select range as id from range(1000);
create table reporting.retyped (id integer, share decimal(9, 4));
insert into reporting.retyped values (1, 0.5);
create table reporting.churned as select range + 100 as id from range(10);
create table intermediate.runs (run_id varchar);
insert into intermediate.runs values ('run-1'), ('run-2');
create view audit.runs as select * from intermediate.runs;
create table reporting.arrived (id integer);
insert into reporting.arrived values (1);
"""


def _file(path: Path, sql: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(sql)
    return path


def test_the_copy_ends_with_the_builds_rows_writing_only_what_changed(tmp_path):
    build = _file(tmp_path / "build.duckdb", BUILD)
    copy = _file(tmp_path / "warehouse.duckdb", PREVIOUS)
    how = update_bi_copy(build, copy)
    # facts (3 rows gone, 3 arrived) and audit.runs (1 arrived) by rows; retyped, arrived and
    # churned (10 of 10 rows changed) whole; steady unchanged
    assert how == ("updated from the previous BI file: 2 table(s) by their changed rows (7 rows deleted or "
                   "inserted), 3 written whole, 1 unchanged"), how
    with duckdb.connect(str(copy), read_only=True) as con:
        con.execute(f"attach '{build}' as build (read_only)")
        tables = con.execute("select table_schema, table_name, table_type from information_schema.tables "
                             "where table_catalog = 'warehouse' order by all").fetchall()
        assert tables == [("audit", "runs", "BASE TABLE"), ("marts", "facts", "BASE TABLE"),
                          ("marts", "steady", "BASE TABLE"), ("reporting", "arrived", "BASE TABLE"),
                          ("reporting", "churned", "BASE TABLE"), ("reporting", "retyped", "BASE TABLE")]
        for schema, table, _ in tables:
            mine, theirs = f"warehouse.{schema}.{table}", f"build.{schema}.{table}"
            assert con.execute(f"describe {mine}").fetchall() == con.execute(f"describe {theirs}").fetchall()
            assert con.execute(f"select count(*) from (from {mine} except all from {theirs})").fetchone()[0] == 0
            assert con.execute(f"select count(*) from (from {theirs} except all from {mine})").fetchone()[0] == 0
        # written by rows: facts kept its untouched rows in place (the first row is still the first)
        assert con.execute("select id from warehouse.marts.facts where rowid = 0").fetchone() == (1,)
        # churned was written whole: no deleted rows left in it
        stored = con.execute("select estimated_size from duckdb_tables() where database_name = 'warehouse' "
                             "and table_name = 'churned'").fetchone()[0]
        assert stored == 10


def test_a_copy_with_too_many_free_blocks_is_written_whole(tmp_path):
    build = _file(tmp_path / "build.duckdb", BUILD)
    copy = _file(tmp_path / "warehouse.duckdb", PREVIOUS + "create table marts.big as select range as id, "
                 "md5(range::varchar) as h from range(2000000);")
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table marts.big")
        con.execute("checkpoint")
        used, free = con.execute("select used_blocks, free_blocks from pragma_database_size() "
                                 "where database_name = current_database()").fetchone()
    assert free > BI_COPY_MAX_FREE * (used + free)
    assert update_bi_copy(build, copy).startswith("written whole: the previous BI file had ")
