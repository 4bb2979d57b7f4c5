"""`cjw compare`, which proves refactors and reproducibility: floating-point values are compared
to 9 significant digits, since another summation order changes the last bits. A value on a
rounding boundary may round either way; such rows are paired again within one rounding step,
and a real difference still shows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cjw.compare import compare


def warehouse(path: Path, rows: list[tuple]) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema reporting")
        con.execute("create table reporting.mart_spend (campaign varchar, conversions integer, cost_per double)")
        con.executemany("insert into reporting.mart_spend values (?, ?, ?)", rows)
    return path


@pytest.mark.parametrize(("value_b", "identical"), [
    (2.666015625 - 4.5e-16, True),  # the last bit: 2.666015625 rounds to ...563, this to ...562
    (2.666015625, True),
    (2.6660157, False),  # a real difference, in the 8th digit
    (None, False),
])
def test_rows_split_by_a_rounding_boundary_are_the_same_rows(tmp_path, value_b, identical):
    a = warehouse(tmp_path / "a.duckdb", [("Search - Brand", 3, 2.666015625), ("Search - Events", 5, 1.5)])
    b = warehouse(tmp_path / "b.duckdb", [("Search - Brand", 3, value_b), ("Search - Events", 5, 1.5)])
    (diff,) = compare(a, b, ["reporting"])
    assert diff.identical is identical, diff.line()
    if not identical:
        assert (diff.only_a, diff.only_b) == (1, 1)


def test_a_boundary_pair_needs_the_same_other_columns(tmp_path):
    a = warehouse(tmp_path / "a.duckdb", [("Search - Brand", 3, 2.666015625)])
    b = warehouse(tmp_path / "b.duckdb", [("Search - Brand", 4, 2.666015625 - 4.5e-16)])
    (diff,) = compare(a, b, ["reporting"])
    assert (diff.only_a, diff.only_b) == (1, 1)
