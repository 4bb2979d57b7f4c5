"""Compare the published tables of two warehouses: same rows, same values (`cjw compare`).

Used to prove a refactor: every mart identical before and after. Tables are compared as
multisets of rows (EXCEPT ALL both ways) on the columns they share; columns only one side has
are reported. Values are compared exactly by default: every sum of doubles the models publish is
added exactly (macros/exact_sum.sql), so two builds of the same data agree to the last bit. With
`digits`, floating-point columns are compared after rounding to that many significant places (a
refactor that computes a value another way may change its last bits); rows a rounding boundary
split are then paired again within one rounding step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb


@dataclass
class TableDiff:
    table: str
    rows_a: int | None = None
    rows_b: int | None = None
    only_a: int = 0
    only_b: int = 0
    columns_only_a: list[str] = field(default_factory=list)
    columns_only_b: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return (self.rows_a == self.rows_b and not self.only_a and not self.only_b
                and not self.columns_only_a and not self.columns_only_b)

    def line(self) -> str:
        if self.rows_a is None or self.rows_b is None:
            return f"{self.table}: only in {'B' if self.rows_a is None else 'A'}"
        if self.identical:
            return f"{self.table}: identical ({self.rows_a:,} rows)"
        extra = ""
        if self.columns_only_a or self.columns_only_b:
            extra = f"; columns only in A {self.columns_only_a}, only in B {self.columns_only_b}"
        return (f"{self.table}: DIFFERENT (A {self.rows_a:,} rows, B {self.rows_b:,}; {self.only_a:,} rows only in A, "
                f"{self.only_b:,} only in B{extra})")


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schemas: list[str]) -> dict[str, list[tuple[str, str]]]:
    # tables only: a view of a build refers to the build's catalog by name (and is derived anyway)
    rows = con.execute(
        "select c.table_schema || '.' || c.table_name, c.column_name, c.data_type from information_schema.columns c "
        "join information_schema.tables t using (table_catalog, table_schema, table_name) "
        "where c.table_catalog = ? and c.table_schema in (select unnest(?)) and t.table_type = 'BASE TABLE' "
        "order by c.table_schema, c.table_name, c.ordinal_position", [catalog, schemas]).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, []).append((column, dtype))
    return out


# the published columns that hold a customer id (a funnel's person is a customer or a visitor)
CUSTOMER_ID_COLUMNS = {"customer_id", "person_key"}


def compare(a: Path, b: Path, schemas: list[str], ignore_columns: set[str] | None = None,
            digits: int | None = None, by_name: bool = False,
            customer_ids: tuple[Path, Path] | None = None) -> list[TableDiff]:
    """by_name: match tables by their name alone (a table that moved to another schema is the
    same table); names must then be unique across the schemas compared. customer_ids: the two
    warehouses' restricted files; A's customer ids are then read as B's id of the customer with
    the same identifiers (customer_identifiers_unmasked), so that two builds whose customers are
    the same but were named by different histories compare equal (a warehouse built day by day
    keeps the id a customer had when it first appeared; a fresh build names it by all its
    identifiers)."""
    ignore = ignore_columns or set()
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    con.execute(f"attach '{a}' as a (read_only)")
    con.execute(f"attach '{b}' as b (read_only)")
    if customer_ids is not None:
        con.execute(f"attach '{customer_ids[0]}' as restricted_a (read_only)")
        con.execute(f"attach '{customer_ids[1]}' as restricted_b (read_only)")
        # one id of B per id of A: a customer split or merged differently is no renaming, and shows
        con.execute("""
            create temp table id_map as
            select ids_a.customer_id as id_a, min(ids_b.customer_id) as id_b
            from restricted_a.main.customer_identifiers_unmasked as ids_a
            inner join restricted_b.main.customer_identifiers_unmasked as ids_b
                using (identifier_type, identifier_value)
            group by ids_a.customer_id
            having count(distinct ids_b.customer_id) = 1""")
    tables_a, tables_b = _tables(con, "a", schemas), _tables(con, "b", schemas)
    where_a = {t: t for t in tables_a}
    where_b = {t: t for t in tables_b}
    if by_name:
        where_a = {t.split(".", 1)[1]: t for t in tables_a}
        where_b = {t.split(".", 1)[1]: t for t in tables_b}
        tables_a = {k: tables_a[v] for k, v in where_a.items()}
        tables_b = {k: tables_b[v] for k, v in where_b.items()}
    diffs = []
    for table in sorted(set(tables_a) | set(tables_b)):
        diff = TableDiff(table if not by_name else
                         " -> ".join(dict.fromkeys([where_a.get(table, "-"), where_b.get(table, "-")])))
        if table in tables_a:
            diff.rows_a = con.execute(f"select count(*) from a.{where_a[table]}").fetchone()[0]
        if table in tables_b:
            diff.rows_b = con.execute(f"select count(*) from b.{where_b[table]}").fetchone()[0]
        if diff.rows_a is None or diff.rows_b is None:
            diffs.append(diff)
            continue
        cols_a, cols_b = dict(tables_a[table]), dict(tables_b[table])
        diff.columns_only_a = sorted(set(cols_a) - set(cols_b) - ignore)
        diff.columns_only_b = sorted(set(cols_b) - set(cols_a) - ignore)
        shared = [c for c in cols_a if c in cols_b and c not in ignore]

        def expr(column: str, dtype: str, side: str = "b") -> str:
            quoted = f'"{column}"'
            if side == "a" and customer_ids is not None and column in CUSTOMER_ID_COLUMNS and dtype == "VARCHAR":
                return f"coalesce((select id_b from id_map where id_a = {quoted}), {quoted})"
            if digits is not None and dtype in ("DOUBLE", "FLOAT", "REAL"):
                return (f"case when {quoted} = 0 or not isfinite({quoted}) then {quoted} else round({quoted}, "
                        f"{digits} - 1 - cast(floor(log10(abs({quoted}))) as integer)) end")
            return quoted

        select_a = ", ".join(expr(c, cols_a[c], "a") for c in shared)
        select_b = ", ".join(expr(c, cols_b[c]) for c in shared)
        ta, tb = where_a[table], where_b[table]
        only_a = f"select {select_a} from a.{ta} except all select {select_b} from b.{tb}"
        only_b = f"select {select_b} from b.{tb} except all select {select_a} from a.{ta}"
        diff.only_a = con.execute(f"select count(*) from ({only_a})").fetchone()[0]
        diff.only_b = con.execute(f"select count(*) from ({only_b})").fetchone()[0]
        floats = [i for i, c in enumerate(shared) if cols_b[c] in ("DOUBLE", "FLOAT", "REAL")]
        if digits is not None and floats and 0 < diff.only_a == diff.only_b <= _MAX_PAIRED:
            # a value whose last bits differ may round to either side of a boundary (2.666015625 to
            # 2.66601562 or 2.66601563): rows left over pair up when they agree on every other
            # column and their floating-point values within one step of the rounding
            unpaired = _unpaired(con.execute(only_a).fetchall(), con.execute(only_b).fetchall(), floats, digits)
            diff.only_a = diff.only_b = unpaired
        diffs.append(diff)
    return diffs


_MAX_PAIRED = 10_000


def _unpaired(rows_a: list[tuple], rows_b: list[tuple], floats: list[int], digits: int) -> int:
    """How many of rows_a find no partner in rows_b: the same values in every column but those at
    `floats`, and there the same value within a relative 10^-(digits-1) (one rounding step)."""
    import math

    def key(row: tuple) -> tuple:
        return tuple(v for i, v in enumerate(row) if i not in floats)

    def close(x, y) -> bool:
        if x is None or y is None:
            return x is y
        return x == y or math.isclose(x, y, rel_tol=10.0 ** -(digits - 1))

    waiting: dict[tuple, list[tuple]] = {}
    for row in rows_b:
        waiting.setdefault(key(row), []).append(row)
    unpaired = 0
    for row in rows_a:
        candidates = waiting.get(key(row), [])
        match = next((i for i, other in enumerate(candidates)
                      if all(close(row[j], other[j]) for j in floats)), None)
        if match is None:
            unpaired += 1
        else:
            candidates.pop(match)
    return unpaired
