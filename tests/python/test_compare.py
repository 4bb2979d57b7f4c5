"""`cjw compare`, which proves refactors and reproducibility: by default every value is compared
exactly, a double to its last bit (the models add their doubles exactly, so two builds of the
same data agree bit for bit). With `digits`, doubles are compared to that many significant
digits (a change that computes a value another way); a value on a rounding boundary may then
round either way, such rows are paired again within one rounding step, and a real difference
still shows."""

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
    (diff,) = compare(a, b, ["reporting"], digits=9)
    assert diff.identical is identical, diff.line()
    if not identical:
        assert (diff.only_a, diff.only_b) == (1, 1)


def test_a_boundary_pair_needs_the_same_other_columns(tmp_path):
    a = warehouse(tmp_path / "a.duckdb", [("Search - Brand", 3, 2.666015625)])
    b = warehouse(tmp_path / "b.duckdb", [("Search - Brand", 4, 2.666015625 - 4.5e-16)])
    (diff,) = compare(a, b, ["reporting"], digits=9)
    assert (diff.only_a, diff.only_b) == (1, 1)


@pytest.mark.parametrize(("value_b", "identical"), [
    (2.666015625, True),
    (2.666015625 - 4.5e-16, False),  # the last bit alone
    (float.fromhex("0x1.553fffffffffep+1"), False),  # two units in the last place
])
def test_by_default_a_double_is_compared_to_its_last_bit(tmp_path, value_b, identical):
    a = warehouse(tmp_path / "a.duckdb", [("Search - Brand", 3, 2.666015625), ("Search - Events", 5, 1.5)])
    b = warehouse(tmp_path / "b.duckdb", [("Search - Brand", 3, value_b), ("Search - Events", 5, 1.5)])
    (diff,) = compare(a, b, ["reporting"])
    assert diff.identical is identical, diff.line()
    if not identical:
        assert (diff.only_a, diff.only_b) == (1, 1)
