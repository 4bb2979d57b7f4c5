"""The gate and the build when the machine fails them: a full disk, a history that cannot be
written, and rates that jump for good. Each failure stops the build with a message that says
what happened; none is swallowed (a history dropped in silence once lost 38 gate runs)."""

from __future__ import annotations

import errno
import json
import shutil
from collections import namedtuple
from pathlib import Path

import duckdb
import pytest

import cjw.build as build_module
import cjw.quality.gate as gate_module
from cjw.build import BuildFailed, build
from cjw.quality.gate import Gate, GateError, History, read_history
from cjw.quality.suites import staging_checks

Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def gate(tmp_path) -> Gate:
    return Gate(tmp_path / "run", tmp_path / "published.duckdb", History())


def test_results_that_cannot_be_written_stop_the_build(gate, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise duckdb.IOException("Could not write file: No space left on device")

    monkeypatch.setattr(gate_module.duckdb, "connect", full)
    with pytest.raises(GateError, match="writing the quality results .* failed .*the disk is full"):
        gate.write_results(tmp_path / "build.duckdb", publishable=True)


def test_data_docs_on_a_full_disk_name_the_problem(gate, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(gate_module.shutil, "copytree", full)
    with pytest.raises(GateError, match="Data Docs .* failed: No space left on device .*the disk is full"):
        gate.build_docs(tmp_path / "docs")


def test_an_unreadable_history_is_an_error_not_an_empty_one(tmp_path):
    damaged = tmp_path / "warehouse.duckdb"
    damaged.write_bytes(b"this is not a DuckDB file" * 100)
    with pytest.raises(GateError, match="cannot read the published warehouse"):
        read_history(damaged)


def test_a_build_without_free_space_is_refused_before_anything(built_world, tmp_path, monkeypatch):
    target = tmp_path / "pub" / "warehouse.duckdb"
    monkeypatch.setenv("DUCKDB_PATH", str(target))
    monkeypatch.setattr(build_module.shutil, "disk_usage", lambda _: Usage(10**9, 10**9, 10**6))
    with pytest.raises(BuildFailed, match="not enough free disk space"):
        build(raw_dir=built_world.raw_dir)
    assert list(target.parent.iterdir()) == []


def test_a_build_that_fills_the_disk_frees_its_file(built_world, tmp_path, monkeypatch):
    """dbt fails on a full disk: the failed build's warehouse goes at once (it would keep the disk
    full until the next build), the published one is untouched."""
    target = tmp_path / "pub" / "warehouse.duckdb"
    target.parent.mkdir()
    shutil.copy(built_world.warehouse, target)
    before = target.read_bytes()
    monkeypatch.setenv("DUCKDB_PATH", str(target))
    calls = []

    def disk_usage(_):
        calls.append(1)
        return Usage(10**12, 10**12, 10**11 if len(calls) == 1 else 10**4)

    def dbt_fills_the_disk(args, env, pass_fds=(), cwd=None):
        # a build's dbt runs in the build folder and names its file relatively
        (Path(cwd) / env["CJW_BUILD_DUCKDB"]).write_bytes(b"\0" * 1_000_000)
        return 2

    monkeypatch.setattr(build_module.shutil, "disk_usage", disk_usage)
    monkeypatch.setattr(build_module, "run_dbt", dbt_fills_the_disk)
    with pytest.raises(BuildFailed, match="The disk is full: the failed build's warehouse file was removed"):
        build(raw_dir=built_world.raw_dir)
    run_dir = next(target.parent.glob(".build-*"))
    assert not list(run_dir.glob("*.duckdb*"))
    assert target.read_bytes() == before


def test_a_failed_dbt_build_names_the_nodes_that_failed(built_world, tmp_path, monkeypatch):
    """A data test that fails the build (here the lapse model's floor) is named in the build's
    error with dbt's message, so a CI log says why without opening the failed build's folder."""
    target = tmp_path / "pub" / "warehouse.duckdb"
    target.parent.mkdir()
    monkeypatch.setenv("DUCKDB_PATH", str(target))
    floor = "test.customer_journey.expression_is_true_mart_model_evaluation_value_0_58.08e0c44e1b"
    results = {"results": [
        {"unique_id": "model.customer_journey.int_lapse_scores", "status": "success", "message": "OK"},
        {"unique_id": floor, "status": "fail", "message": "Got 1 result, configured to fail if != 0"},
        {"unique_id": "model.customer_journey.mart_funnel_steps", "status": "error",
         "message": "Runtime Error in model mart_funnel_steps\n  Out of Memory Error: failed to allocate"},
    ]}

    def dbt_fails_a_test(args, env, pass_fds=(), cwd=None):
        results_dir = Path(args[args.index("--target-path") + 1])
        (results_dir / "run_results.json").write_text(json.dumps(results), encoding="utf-8")
        return 1

    monkeypatch.setattr(build_module, "run_dbt", dbt_fails_a_test)
    with pytest.raises(BuildFailed) as failure:
        build(raw_dir=built_world.raw_dir)
    assert str(failure.value).startswith(
        "dbt build failed (exit 1): failed test expression_is_true_mart_model_evaluation_value_0_58 "
        "(Got 1 result, configured to fail if != 0); model mart_funnel_steps (Runtime Error in model "
        "mart_funnel_steps Out of Memory Error: failed to allocate); the published warehouse "
    )
    assert not target.exists()


def test_a_rate_that_jumps_for_good_fails_the_gate(gate, tmp_path):
    """Spikes and rates outside a band are quarantined by staging; a currency whose rate moves by
    half and stays there has no single wrong row, so the gate stops the build."""
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema staging")
        con.execute("""create table staging.stg_fx__rates as
            select 'JPY' as currency, d::date as rate_date,
                   case when d < date '2025-03-01' then 0.0067 else 0.0100 end as usd_per_unit
            from range(date '2025-01-01', date '2025-06-01', interval 1 day) as t (d)
            union all
            select 'EUR', d::date, 1.05 + 0.001 * date_diff('day', date '2025-01-01', d::date) / 30
            from range(date '2025-01-01', date '2025-06-01', interval 1 day) as t (d)""")
    def fx_check():
        return [c for c in staging_checks(0.25) if c.name == "staging.fx_rate_jumps"]

    with duckdb.connect(str(warehouse), read_only=True) as con:
        gate._validate(fx_check(), con)
    assert [r["check_name"] for r in gate.critical_failures] == ["staging.fx_rate_jumps"]
    assert "0.49" in gate.critical_failures[0]["observed_value"]
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from staging.stg_fx__rates where currency = 'JPY'")
    gate.rows.clear()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        gate._validate(fx_check(), con)
    assert gate.passed


def test_a_bad_new_day_is_not_hidden_by_the_history(tmp_path):
    """A day whose tickets carry an unknown channel in 1 row of 10, after a clean history of 1,000
    tickets. Sampled with the history (a full build) it stays under the 2 % the enum check allows;
    sampled alone, as a build from the previous one samples it, it is reported. Either way the
    volume is the export's exact total, as pre-flight counted it."""
    from cjw.quality.suites import VolumeRule
    from cjw.registry import raw_files

    tickets = raw_files()["raw_support_tickets"]
    header = ",".join(tickets.column_names)

    def write(path: Path, rows: int, start: int, bad_every: int = 0) -> Path:
        path.parent.mkdir(parents=True)
        lines = [header] + [
            f"T{start + i},a{i}@example.org,,{'fax' if bad_every and i % bad_every == 0 else 'email'},billing,open,"
            f"2026-06-01T10:00:00Z,,,good" for i in range(rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    history = write(tmp_path / "raw" / "2026-06-01-history" / "raw_support_tickets.csv", 1000, 0)
    day = write(tmp_path / "raw" / "2026-06-02" / "raw_support_tickets.csv", 100, 1000, bad_every=10)
    loaded = {"raw_support_tickets": [history, day]}

    def channel_and_volume(sampled) -> tuple[bool, int]:
        run = Gate(tmp_path / f"run-{len(sampled or {})}", tmp_path / "published.duckdb", History())
        run.check_raw(tmp_path / "raw", "csv", {"raw_support_tickets": 1100}, VolumeRule(), "2026-06-02",
                      {"raw_support_tickets": tickets}, loaded, sampled)
        enum = [r for r in run.rows if r["column_name"] == "channel__normalized"]
        volume = [r for r in run.rows if r["column_name"] == "row_count"]
        return enum[0]["success"], int(json.loads(volume[0]["observed_value"]))

    assert channel_and_volume(None) == (True, 1100)
    assert channel_and_volume({"raw_support_tickets": [day]}) == (False, 1100)


def test_the_gate_lets_go_of_the_data_it_validated(tmp_path, monkeypatch):
    """Great Expectations keeps every validated DataFrame in its engine's caches for the life of
    the process: the build's process held about 300 MB of samples (100k people) through the whole
    dbt build. After a stage the gate holds its result rows only."""
    import weakref

    from cjw.quality.suites import VolumeRule
    from cjw.registry import raw_files

    tickets = raw_files()["raw_support_tickets"]
    path = tmp_path / "raw" / "raw_support_tickets.csv"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join([",".join(tickets.column_names)] + [
        f"T{i},a{i}@example.org,,email,billing,open,2026-06-01T10:00:00Z,,,good" for i in range(500)]) + "\n",
        encoding="utf-8")
    validated: list[weakref.ref] = []
    validate = Gate._validate
    monkeypatch.setattr(Gate, "_validate", lambda self, checks, con: validate(self, checks, _Watched(con, validated)))
    run = Gate(tmp_path / "run", tmp_path / "published.duckdb", History())
    run.check_raw(tmp_path / "raw", "csv", {"raw_support_tickets": 500}, VolumeRule(), "2026-06-02",
                  {"raw_support_tickets": tickets}, {"raw_support_tickets": [path]})
    # no gc.collect() here: the gate frees them itself, before dbt runs for minutes
    assert validated and run.rows, "the gate validated a DataFrame and kept its results"
    assert sum(ref() is not None for ref in validated) == 0, "a validated DataFrame is still held"


class _Watched:
    """A DuckDB connection that keeps a weak reference to every DataFrame its queries return."""

    def __init__(self, con, frames: list) -> None:
        self._con, self._frames = con, frames

    def execute(self, *args, **kwargs):
        return _WatchedResult(self._con.execute(*args, **kwargs), self._frames)

    def __getattr__(self, name):
        return getattr(self._con, name)


class _WatchedResult:
    def __init__(self, result, frames: list) -> None:
        self._result, self._frames = result, frames

    def df(self):
        import weakref

        frame = self._result.df()
        self._frames.append(weakref.ref(frame))
        return frame

    def __getattr__(self, name):
        return getattr(self._result, name)
