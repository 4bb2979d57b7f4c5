"""Build the warehouse into a fresh DuckDB file and publish it atomically.

The published file (DUCKDB_PATH, default `warehouse/warehouse.duckdb`) is only ever replaced
by a rename of a completely built file, so readers never see a half-built warehouse and a failed
build leaves the last good one in place. The new file is built under the same file name in its
own folder beside it (`warehouse/.build-<run>/warehouse.duckdb`): DuckDB views carry the catalog name, which is the
file's base name, so the name must not change on publish.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
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


def build(raw_dir: Path | None = None, raw_format: str = "csv") -> BuildResult:
    """Pre-flight the delivery, run `dbt build` into a new file, then publish it by rename."""
    started = time.monotonic()
    delivery = raw_dir if raw_dir else PROJECT_DIR / "seeds" / "raw"
    assert_delivery_ok(delivery, raw_format if raw_dir else "csv")
    target = published_path()
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
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(work_file, target)
    shutil.rmtree(run_dir, ignore_errors=True)
    return BuildResult(target, time.monotonic() - started)


class BuildFailed(Exception):
    pass


__all__ = ["BuildFailed", "BuildResult", "DeliveryError", "build", "dbt_env", "published_path", "run_dbt"]
