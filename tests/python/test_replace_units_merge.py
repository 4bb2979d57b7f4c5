"""The replace_units strategy on a small table, each case of a unit planted: a row that moves to
another unit, a unit written again unchanged, a row gone, a unit emptied, a new key, a changed
value. The deliveries world exercises the strategy on real models but never moves a row into a
unit that has no other change (the survivor of a merge always changes for other reasons), so the
branch that names the unit a row moves to is checked here.

A throwaway dbt project named like ours, holding our strategy macro alone, builds one incremental
model twice: the first run writes the table whole, the second merges the next rows into it (merge
in place, CJW_REPLACE_UNITS_MERGE_MB=0) or deletes and inserts them (the switch unset).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from cjw.build import PROJECT_DIR, dbt_executable

MODEL = """
{{ config(materialized='incremental', incremental_strategy='replace_units',
          unit_key='unit_id', row_key='row_id', merge_key=['row_id']) }}
select unit_id, row_id, payload, '{{ invocation_id }}' as _built_by
from main.arriving
"""

# (unit, row, payload): the first run's table
FIRST = [
    ("moved_from", "r1", "a"), ("moved_from", "r2", "b"),
    ("moved_to", "r3", "c"), ("moved_to", "r4", "d"),
    ("unchanged", "r5", "e"), ("unchanged", "r6", "f"),
    ("shrunk", "r7", "g"), ("shrunk", "r8", "h"),
    ("emptied", "r9", "i"),
    ("edited", "r10", "j"), ("edited", "r11", "k"),
    ("not_named", "r12", "l"),
]
# the second run names every unit but not_named: r1 moves to moved_to with its payload unchanged
# (moved_to has no other change), r8 is gone, emptied is named by a row without a key, grown
# gains r13, edited writes r10 with another payload
SECOND = [
    ("moved_from", "r2", "b"),
    ("moved_to", "r1", "a"), ("moved_to", "r3", "c"), ("moved_to", "r4", "d"),
    ("unchanged", "r5", "e"), ("unchanged", "r6", "f"),
    ("shrunk", "r7", "g"),
    ("emptied", None, None),
    ("grown", "r13", "m"),
    ("edited", "r10", "J"), ("edited", "r11", "k"),
]
CHANGED_UNITS = {"moved_from", "moved_to", "shrunk", "emptied", "grown", "edited"}


def _build(project: Path, rows: list[tuple], env: dict[str, str]) -> str:
    """Load `rows` as the model's input, run the model, and return the run's invocation id."""
    con = duckdb.connect(str(project / "small.duckdb"))
    con.execute("create or replace table main.arriving (unit_id varchar, row_id varchar, payload varchar)")
    con.executemany("insert into main.arriving values (?, ?, ?)", rows)
    con.close()
    result = subprocess.run(
        [dbt_executable(), "run", "--project-dir", str(project), "--profiles-dir", str(project)],
        env=env, cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    con = duckdb.connect(str(project / "small.duckdb"), read_only=True)
    run = con.execute("select invocation_id from main.marker_run").fetchone()
    con.close()
    return run[0] if run else ""


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    project = tmp_path / "small"
    (project / "models").mkdir(parents=True)
    (project / "macros").mkdir()
    shutil.copy(PROJECT_DIR / "macros" / "get_incremental_replace_units_sql.sql", project / "macros")
    (project / "dbt_project.yml").write_text(
        "name: customer_journey\nversion: '1.0'\nconfig-version: 2\nprofile: small\n"
        "model-paths: [models]\nmacro-paths: [macros]\n"
        # the run's invocation id, kept where the test can read it
        "on-run-end: [\"create or replace table main.marker_run as select '{{ invocation_id }}' as invocation_id\"]\n")
    (project / "profiles.yml").write_text(
        "small:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        f"      path: {project / 'small.duckdb'}\n      threads: 1\n")
    (project / "models" / "units.sql").write_text(MODEL)
    return project


def _env(merge: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CJW_REPLACE_UNITS_MERGE_MB", "CJW_MEMORY_LIMIT", "DBT_PROFILES_DIR")}
    if merge:
        env["CJW_REPLACE_UNITS_MERGE_MB"] = "0"
    return env


@pytest.mark.parametrize("merge", [True, False], ids=["merge_in_place", "delete_insert"])
def test_replace_units_names_the_units_that_change(small_project, merge):
    first = _build(small_project, FIRST, _env(merge))
    second = _build(small_project, SECOND, _env(merge))
    assert first and second and first != second
    con = duckdb.connect(str(small_project / "small.duckdb"), read_only=True)
    rows = {r[1]: r for r in con.execute("select unit_id, row_id, payload, _built_by from main.units").fetchall()}
    named = {r[0]: r[1] for r in con.execute("select unit_id, _built_by from main.units__named_units").fetchall()}
    con.close()

    # the rows both ways leave: the named units' rows replaced, the others kept
    expected = {r[1]: r[:3] for r in SECOND if r[1]} | {"r12": ("not_named", "r12", "l")}
    assert {k: v[:3] for k, v in rows.items()} == expected

    # the named units: exactly those that change when merged in place, every named unit otherwise
    names_given = {u for u, *_ in SECOND}
    assert set(named) == (CHANGED_UNITS if merge else names_given)
    assert set(named.values()) == {second}
    # the unit a row moves to is named although nothing else in it changed
    assert "moved_to" in named

    # every row of a named unit carries the run's marker; the others keep the first run's
    for row_id, (unit, _, _, built_by) in rows.items():
        assert built_by == (second if unit in named else first), (row_id, unit)
    if merge:
        assert rows["r5"][3] == first and rows["r6"][3] == first  # written again unchanged
