"""The quality gate and atomic publishing: the published warehouse is always the last good one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from tests_support import PUBLISHED_MARTS as MARTS

from cjw.build import PROJECT_DIR, QualityGateFailed, build
from cjw.quality.suites import VolumeRule


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def published_copy(built_world, tmp_path, monkeypatch) -> Path:
    """A copy of the test world's published warehouse, as the target of another build."""
    target = tmp_path / "published" / built_world.warehouse.name
    target.parent.mkdir()
    shutil.copy(built_world.warehouse, target)
    monkeypatch.setenv("DUCKDB_PATH", str(target))
    return target


def test_gate_results_are_stored_per_expectation_and_run(built_world):
    con = built_world.connect()
    rows = con.execute("""
        select layer, count(*), count(distinct run_id), bool_and(success or severity = 'warning')
        from audit.dq_results group by layer order by layer
    """).fetchall()
    # one quality history: dbt's own tests (layer dbt) beside the gate's expectations
    assert [r[0] for r in rows] == ["dbt", "marts", "raw", "staging"]
    assert all(runs == 1 and ok for _, _, runs, ok in rows)
    counts = {layer: count for layer, count, _, _ in rows}
    assert counts["dbt"] > 300 and counts["raw"] > 40 and counts["marts"] > 10
    critical = con.execute("select count(*) from audit.dq_results where severity = 'critical'").fetchone()[0]
    assert critical > 50
    # the cross-layer reconciliations ran and passed, and the dbt tests they no longer repeat
    checks = {r[0] for r in con.execute("select distinct check_name from audit.dq_results where success").fetchall()}
    assert {"revenue_across_layers", "delivered_rows_reach_the_warehouse", "audit.raw_reconciliation",
            "assert_attribution_credits_sum_to_one"} <= checks
    runs = (built_world.warehouse.parent / "data_docs" / "runs.html").read_text(encoding="utf-8")
    assert runs.count("<li>") == con.execute("select count(distinct check_name) from audit.dq_results "
                                             "where layer <> 'dbt'").fetchone()[0]


@pytest.mark.parametrize("memory_limit", [None, "4GB"])
def test_truncated_delivery_fails_the_gate_and_publishes_nothing(built_world, published_copy, tmp_path, monkeypatch,
                                                                 memory_limit):
    """An export cut short passes the pre-flight and dbt's tests, but not the gate's volume check:
    in the build's process, and, under a memory limit, in the child process that checks the
    delivery (its verdict and results reach the build)."""
    if memory_limit:
        monkeypatch.setenv("CJW_MEMORY_LIMIT", memory_limit)
    else:
        monkeypatch.delenv("CJW_MEMORY_LIMIT", raising=False)
    delivery = tmp_path / "delivery"
    shutil.copytree(built_world.raw_dir, delivery, ignore=shutil.ignore_patterns("_truth"))
    web = delivery / "raw_web_events.csv"
    lines = web.read_text(encoding="utf-8").splitlines(keepends=True)
    web.write_text("".join(lines[:200]), encoding="utf-8")
    before = digest(published_copy)
    with pytest.raises(QualityGateFailed) as failure:
        build(raw_dir=delivery)
    message = str(failure.value)
    assert "raw_web_events" in message and "truncated" in message and "left unchanged" in message
    assert digest(published_copy) == before
    # the failed run's results are kept with the failed build for inspection
    failed = next(published_copy.parent.glob(".build-*")) / published_copy.name
    con = duckdb.connect(str(failed), read_only=True)
    assert con.execute("select count(*) from audit.dq_results where not success and severity = 'critical' "
                       "and check_name = 'raw_web_events'").fetchone()[0] == 1


def _children(pid: int) -> list[int]:
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat_file.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _rss_mb(pid: int) -> float:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def test_killed_build_takes_dbt_with_it_and_a_second_build_waits(built_world, published_copy, tmp_path):
    """kill -9 of the build process alone (not its group) must stop dbt too; while a build runs,
    a second build of the same warehouse is refused with a message, never publishing twice.

    The build runs under a memory limit: its delivery was gated in a child process that is gone
    by the time dbt runs, and the build's own process holds little beside dbt (it imported
    neither Great Expectations, ~220 MB, nor the gate's samples: 350-450 MB when it gates the
    delivery itself, ~160 MB here)."""
    before = digest(published_copy)
    env = dict(os.environ, DUCKDB_PATH=str(published_copy))
    cli = Path(sys.executable).parent / "cjw"
    command = [str(cli), "build", "--raw-dir", str(built_world.raw_dir), "--memory-limit", "4GB"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # wait until dbt is writing the new file: the pre-flight and the gate come first, which on a
    # loaded machine (CI beside a benchmark) took over two minutes, so wait as long as the build lives
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and process.poll() is None:
        building = list(published_copy.parent.glob(".build-*/build.duckdb"))
        if building and building[0].stat().st_size > 5_000_000:
            break
        time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"the build never started writing (it ended with {process.poll()})")
    children = {pid: Path(f"/proc/{pid}/cmdline").read_text() for pid in _children(process.pid)}
    dbt = [pid for pid, line in children.items() if "dbt" in line]
    assert dbt, "dbt runs as a child of the build"
    assert not [line for line in children.values() if "spawn_main" in line], "the delivery's gate process has ended"
    assert _rss_mb(process.pid) < 250, "the build's own process holds little while dbt runs"
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 1 and "another build" in second.stderr, second.stderr
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in dbt) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in dbt), "dbt kept running after its build was killed"
    assert digest(published_copy) == before
    con = duckdb.connect(str(published_copy), read_only=True)
    assert con.execute("select count(*) from marts.dim_customers").fetchone()[0] > 0
    con.close()
    # the next build clears the abandoned folder as soon as it holds the folder lock, whatever its
    # outcome: a delivery the gate refuses in seconds is enough to show it
    abandoned = building[0].parent
    delivery = tmp_path / "cut"
    shutil.copytree(built_world.raw_dir, delivery, ignore=shutil.ignore_patterns("_truth"))
    web = delivery / "raw_web_events.csv"
    web.write_text("".join(web.read_text(encoding="utf-8").splitlines(keepends=True)[:200]), encoding="utf-8")
    with pytest.raises(QualityGateFailed):
        build(raw_dir=delivery)
    assert not abandoned.exists(), "the abandoned folder is cleared"
    assert len(list(published_copy.parent.glob(".build-*"))) == 1, "only the refused build's own folder"
    assert digest(published_copy) == before


def test_truncation_is_judged_against_a_baseline_of_published_deliveries(built_world, published_copy, tmp_path):
    """A file cut to exactly half is refused, and so is every further cut: a refused delivery never
    becomes the baseline (step by step, 1,566 -> 783 -> 626 orders once passed every time). The
    refusal comes before dbt runs, and its message is printed as written ([critical] included)."""
    before = digest(published_copy)
    env = dict(os.environ, DUCKDB_PATH=str(published_copy))
    cli = Path(sys.executable).parent / "cjw"
    orders = (built_world.raw_dir / "raw_orders.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    n = len(orders) - 1
    for share in (0.5, 0.4):
        delivery = tmp_path / f"cut-{share}"
        shutil.copytree(built_world.raw_dir, delivery, ignore=shutil.ignore_patterns("_truth"))
        (delivery / "raw_orders.csv").write_text("".join(orders[: 1 + int(n * share)]), encoding="utf-8")
        started = time.monotonic()
        result = subprocess.run([str(cli), "build", "--raw-dir", str(delivery)], env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 1, result.stderr
        assert "[critical] raw raw_orders" in result.stderr and "looks truncated" in result.stderr, result.stderr
        assert "before anything was built" in result.stderr
        assert digest(published_copy) == before
        failed = next(published_copy.parent.glob(".build-*")) / published_copy.name
        with duckdb.connect(str(failed), read_only=True) as con:
            tables = con.execute("select distinct table_schema from information_schema.tables").fetchall()
        schemas = {r[0] for r in tables}
        assert schemas == {"audit"}, "dbt never ran"
        print(f"{share:.0%} of the orders refused in {time.monotonic() - started:.1f}s")


def test_expected_rows_follow_the_median_and_the_growth():
    rule = VolumeRule(baseline_deliveries=5, min_share=0.8, max_share=3.0)
    assert rule.expected_rows([]) is None
    assert rule.expected_rows([1566]) == 1566
    # a steadily growing export: the latest plus its typical growth
    assert rule.expected_rows([1000, 1100, 1200, 1300, 1400]) == 1500
    # one odd delivery does not move the median of five
    assert rule.expected_rows([1000, 1000, 3000, 1000, 1000]) == 1000
    # only the last five count
    assert rule.expected_rows([10, 10, 10, 1000, 1000, 1000, 1000, 1000]) == 1000


@dataclass
class ReaderTally:
    passes: int = 0
    errors: list[str] = field(default_factory=list)
    runs_seen: set[str] = field(default_factory=set)


# one BI reader: its own process, as a dashboard or a notebook is (within one process DuckDB shares
# the open database between connections, so threads would keep reading the file they opened first)
READER = """
import duckdb, json, os, sys
path, stop, marts = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
passes, errors, runs = 0, [], set()
while not os.path.exists(stop):
    try:
        with duckdb.connect(path, read_only=True) as con:
            for mart in marts:
                con.execute(f"select count(*) from {mart}").fetchone()
            runs.add(con.execute("select max(run_id) from audit.dq_results").fetchone()[0])
        passes += 1
    except Exception as exc:
        errors.append(repr(exc))
print(json.dumps({"passes": passes, "errors": errors, "runs": sorted(runs)}))
"""


@contextmanager
def bi_readers(published: Path, processes: int = 2) -> Iterator[ReaderTally]:
    """BI readers opening the published file read-only in a loop (every mart, then the latest gate
    run) for as long as the block runs; every kind of failure counts."""
    tally = ReaderTally()
    stop = published.parent / f".stop-readers-{os.getpid()}"
    stop.unlink(missing_ok=True)
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(published), str(stop), ",".join(MARTS)],
                                stdout=subprocess.PIPE, text=True) for _ in range(processes)]
    try:
        time.sleep(1.0)  # the readers are reading before the block starts
        yield tally
    finally:
        stop.touch()
        for reader in readers:
            result = json.loads(reader.communicate(timeout=120)[0])
            tally.passes += result["passes"]
            tally.errors += result["errors"]
            tally.runs_seen |= set(result["runs"])
        stop.unlink()


def test_readers_never_fail_during_a_rebuild(built_world, published_copy):
    """BI readers open the published file read-only in a loop while a rebuild publishes a new one."""
    first_run = duckdb.connect(str(published_copy), read_only=True).execute(
        "select max(run_id) from audit.dq_results").fetchone()[0]
    with bi_readers(published_copy) as tally:
        build(raw_dir=built_world.raw_dir)
        time.sleep(1.0)
    print(f"readers during the rebuild: {tally.passes} passes over {len(MARTS)} marts, {len(tally.errors)} errors")
    assert tally.errors == []
    assert tally.passes > 20
    assert first_run in tally.runs_seen and len(tally.runs_seen) == 2, "readers saw the old and then the new warehouse"
    # the gate history travels with the warehouse
    con = duckdb.connect(str(published_copy), read_only=True)
    assert con.execute("select count(distinct run_id) from audit.dq_results").fetchone()[0] == 2


def test_plain_dbt_build_never_touches_the_published_file(built_world, published_copy, tmp_path, monkeypatch):
    """What an analytics engineer types: `dbt build` with no target builds the development file
    (profile target dev), never the published warehouse, and BI readers of the published file
    see no error meanwhile."""
    dev = tmp_path / "dev.duckdb"
    monkeypatch.setenv("CJW_DEV_DUCKDB", str(dev))
    monkeypatch.setenv("CJW_RAW_DIR", str(built_world.raw_dir))
    before = digest(published_copy)
    dbt = Path(sys.executable).parent / "dbt"
    with bi_readers(published_copy) as tally:
        subprocess.run([str(dbt), "build", "--select", "base_crm__contacts", "stg_crm__contacts",
                        "--indirect-selection", "cautious",
                        "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
                       cwd=PROJECT_DIR, check=True, capture_output=True)
    print(f"readers during dbt build: {tally.passes} passes, {len(tally.errors)} errors")
    assert tally.errors == []
    assert tally.passes > 5
    assert digest(published_copy) == before
    with duckdb.connect(str(dev), read_only=True) as con:
        assert con.execute("select count(*) from staging.stg_crm__contacts").fetchone()[0] > 500


def test_great_expectations_route_validates_dataframes():
    """The pinned route: DuckDB query results validated by GX 1.x as pandas DataFrames (GX's SQL
    datasource over duckdb-engine fails every expectation, GX #10738 / #11579)."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    context = gx.get_context(mode="ephemeral")
    batch = context.data_sources.add_pandas("p").add_dataframe_asset("a").add_batch_definition_whole_dataframe("b")
    suite = context.suites.add(gx.ExpectationSuite(name="s", expectations=[
        gxe.ExpectColumnValuesToBeBetween(column="x", min_value=0),
        gxe.ExpectColumnValuesToBeUnique(column="x"),
    ]))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name="v", data=batch, suite=suite))
    frame = duckdb.connect().execute("select * from (values (1), (2), (2), (-3)) as t (x)").df()
    assert isinstance(frame, pd.DataFrame)
    result = definition.run(batch_parameters={"dataframe": frame})
    outcome = {r.expectation_config.type: (r.success, r.result["unexpected_count"]) for r in result.results}
    assert outcome == {"expect_column_values_to_be_between": (False, 1),
                       "expect_column_values_to_be_unique": (False, 2)}
