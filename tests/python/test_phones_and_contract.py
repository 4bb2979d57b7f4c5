"""Phone normalization with libphonenumber, and the raw column lists kept in agreement."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from cjw.duckdb_plugin import register
from cjw.phones import to_e164
from cjw.registry import RAW_FILES, raw_files

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "region", "e164"), [
    ("(415) 555-0123", "US", "+14155550123"),
    ("+1 415 555 0123", None, "+14155550123"),
    ("415.555.0123", "US", "+14155550123"),
    ("1-415-555-0123", "US", "+14155550123"),
    ("4155550123", None, "+14155550123"),
    ("+44 20 7946 0018", "US", "+442079460018"),
    ("020 7946 0018", "GB", "+442079460018"),
    ("+44 (0)20 7946 0018", "US", "+442079460018"),
    ("07700 900123", "GB", "+447700900123"),
    ("030 1234567", "DE", "+49301234567"),
    ("01 23 45 67 89", "FR", "+33123456789"),
    ("(604) 788-8540", "CA", "+16047888540"),
    ("n/a", "US", None),
    ("12", "US", None),
    ("", "US", None),
    (None, "US", None),
])
def test_to_e164(raw, region, e164):
    assert to_e164(raw, region) == e164


def test_duckdb_function_matches_python():
    con = duckdb.connect()
    register(con)
    rows = con.execute("select cjw_phone_e164(p, r) from (values ('(415) 555-0123', 'US'), "
                       "('020 7946 0018', 'GB'), (null, 'US'), ('x', null)) t(p, r)").fetchall()
    assert [r[0] for r in rows] == ["+14155550123", "+442079460018", None, None]


def contract_tables() -> dict[str, list[tuple[str, str]]]:
    """The input contract's tables: file -> [(column, its type / format cell)], as written in
    shared/contract/raw-exports.md (a row may name several columns: `first_name, last_name`)."""
    path = ROOT.parent / "shared" / "contract" / "raw-exports.md"
    if not path.exists():
        pytest.skip(f"the shared input contract is not beside this checkout ({path})")
    text = path.read_text(encoding="utf-8")
    tables = {}
    for section in text.split("\n### ")[1:]:
        name = section.split(".csv", 1)[0].strip()
        rows = []
        for line in section.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if line.startswith("| ") and len(cells) >= 2 and cells[0] != "column" and not cells[0].startswith("-"):
                rows += [(column.strip(), cells[1]) for column in cells[0].split(",")]
        tables[name] = rows
    return tables


def test_the_registry_is_the_input_contract():
    """The source registry (models/staging/*/_*__sources.yml) lists every file and column of the
    contract, in the contract's order, and an enum column's values are the contract's."""
    contract = contract_tables()
    assert list(RAW_FILES) == list(contract)
    for name, raw_file in raw_files().items():
        assert raw_file.column_names == [c for c, _ in contract[name]], name
        cells = dict(contract[name])
        for column in raw_file.columns:
            if column.kind == "enum":
                values = {v.lower() for v in re.findall(r"`([^`]+)`", cells[column.name])}
                assert set(column.values) == values, (name, column.name)


def test_base_models_read_the_registry():
    """A base model reads its raw file through the registry's source and takes the column list, the
    registry's checks, its key and version from it (stage_raw_rows, or the same macros by hand):
    no model writes the contract's columns again, and every contract column is parsed."""
    for name, raw_file in raw_files().items():
        sql = next(p.read_text() for p in (ROOT / "models" / "staging").glob("*/base/*.sql")
                   if f"source('{raw_file.source}', '{name}')" in p.read_text())
        staged = f"source('{raw_file.source}', '{name}'), '{raw_file.source}', '{name}'" in sql
        by_hand = (f"source_columns('{raw_file.source}', '{name}')" in sql
                   and f"dq_columns('{raw_file.source}', '{name}'" in sql)
        assert staged or by_hand, name
        assert not re.search(r"set columns = \[", sql), name
        for column in raw_file.column_names:
            assert re.search(rf"\b{column}\b", sql), (name, column)
