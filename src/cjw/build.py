"""Build the warehouse into a fresh DuckDB file, gate it, and publish it atomically.

Order: pre-flight of the delivery -> dbt build (models, data tests, unit tests, contracts) ->
Great Expectations gate (cjw.quality) -> publish. The published file (DUCKDB_PATH, default
`warehouse/warehouse.duckdb`) is only ever replaced by a rename of a completely built and gated
file, so readers never see a half-built warehouse and a failed build leaves the last good one in
place. The new file is built under the same file name
in its own folder beside it (`warehouse/.build-<run>/warehouse.duckdb`): DuckDB views carry the
catalog name, which is the file's base name, so the name must not change on publish.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from cjw.delivery import DeliveryError, assert_delivery_ok

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "warehouse.duckdb"


def published_path() -> Path:
    return Path(os.environ.get("DUCKDB_PATH") or DEFAULT_WAREHOUSE).resolve()


def dbt_executable() -> str:
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else "dbt"


def dbt_env(duckdb_path: Path, raw_dir: Path | None, raw_format: str = "csv") -> dict[str, str]:
    env = dict(os.environ)
    env["DUCKDB_PATH"] = str(duckdb_path)
    env["DBT_PROFILES_DIR"] = str(PROJECT_DIR)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env["CJW_RAW_DIR"] = str(raw_dir.resolve()) if raw_dir else ""
    env["CJW_RAW_FORMAT"] = raw_format
    return env


def run_dbt(args: list[str], env: dict[str, str]) -> int:
    cmd = [dbt_executable(), *args, "--project-dir", str(PROJECT_DIR)]
    return subprocess.call(cmd, env=env, cwd=PROJECT_DIR)


@dataclass
class BuildResult:
    published: Path
    seconds: float
    gate_warnings: list[str] = field(default_factory=list)
    data_docs: Path | None = None


def remove_abandoned_builds(folder: Path) -> None:
    """Build folders whose process is gone (killed, or failed earlier) are removed by the next build."""
    for old in folder.glob(".build-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _process_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build(raw_dir: Path | None = None, raw_format: str = "csv") -> BuildResult:
    """Pre-flight the delivery, run `dbt build` into a new file, then publish it by rename."""
    started = time.monotonic()
    delivery = raw_dir if raw_dir else PROJECT_DIR / "seeds" / "raw"
    assert_delivery_ok(delivery, raw_format if raw_dir else "csv")
    target = published_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(target.parent)
    # beside the published file, so the final rename never crosses a file system
    run_dir = target.parent / f".build-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    run_dir.mkdir(parents=True, exist_ok=True)
    work_file = run_dir / target.name
    env = dbt_env(work_file, raw_dir, raw_format)
    args = ["build"]
    if raw_dir:
        # the demo seeds are not read; unit tests mock the seeds, so they only run in seed mode
        args += ["--exclude", "path:seeds/raw", "test_type:unit"]
    code = run_dbt(args, env)
    if code != 0:
        raise BuildFailed(f"dbt build failed (exit {code}); the published warehouse {target} was left unchanged. "
                          f"The failed build is in {run_dir}.")
    from cjw.quality.gate import run_gate

    gate = run_gate(work_file, raw_dir, raw_format if raw_dir else "csv", target, run_dir / "data_docs")
    if not gate.passed:
        lines = "\n".join(gate.describe(r) for r in gate.critical_failures)
        raise QualityGateFailed(
            f"quality gate failed ({len(gate.critical_failures)} critical expectation(s)); the published warehouse "
            f"{target} was left unchanged.\n{lines}\nResults: audit.dq_results in {work_file}; "
            f"Data Docs: {gate.docs_index}")
    os.replace(work_file, target)
    docs = target.parent / "data_docs"
    if gate.docs_index is not None:
        stale = target.parent / f".data_docs-old-{os.getpid()}"
        if docs.exists():
            os.replace(docs, stale)
        os.replace(run_dir / "data_docs", docs)
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(run_dir, ignore_errors=True)
    return BuildResult(target, time.monotonic() - started, [gate.describe(r) for r in gate.warnings],
                       docs / "runs.html" if gate.docs_index else None)


class BuildFailed(Exception):
    pass


class QualityGateFailed(BuildFailed):
    """A critical Great Expectations expectation failed: nothing was published."""


__all__ = ["BuildFailed", "BuildResult", "DeliveryError", "QualityGateFailed", "build", "dbt_env", "published_path",
           "run_dbt"]
