"""Phone normalization with libphonenumber, and the raw column lists kept in agreement."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
import yaml

from cjw.duckdb_plugin import register
from cjw.phones import to_e164
from cjw.registry import RAW_FILES

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


def test_seed_column_types_follow_the_contract():
    spec = yaml.safe_load((ROOT / "seeds" / "raw" / "_raw__seeds.yml").read_text())
    seeds = {s["name"]: s["config"]["column_types"] for s in spec["seeds"]}
    assert set(seeds) == set(RAW_FILES)
    for name, cols in RAW_FILES.items():
        assert list(seeds[name]) == cols
        assert set(seeds[name].values()) == {"varchar"}


def test_base_models_read_every_contract_column():
    for name, cols in RAW_FILES.items():
        base = next((ROOT / "models" / "staging").glob("*/base/*.sql"), None)
        sql = next(p.read_text() for p in (ROOT / "models" / "staging").glob("*/base/*.sql")
                   if f"raw_rows('{name}')" in p.read_text())
        assert base is not None
        listed = re.search(r"set columns = \[(.*?)\]", sql, re.S)
        if listed:
            assert re.findall(r"'(\w+)'", listed.group(1)) == cols, name
        for col in cols:
            assert re.search(rf"\b{col}\b", sql), (name, col)
