"""Shared fixtures: a freshly generated world (a seed the code never saw) built into a warehouse.

The seed is random unless CJW_TEST_SEED is set; it is printed so a failure can be replayed.

`make test` runs the tests in two processes (pytest-xdist, `-n 2 --dist loadfile`: each file's tests in
one process, so a module fixture is built once). Both processes read the same worlds: the seed is
drawn once, by the process that starts the others, and a session fixture is built by the first
process that needs it while the other waits for it (`shared`).
"""

from __future__ import annotations

import csv
import os
import random
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from deliveries_world import delivered  # noqa: F401 - the daily-deliveries world, a session fixture
from tests_support import shared

from cjw.build import build
from cjw.generator import generate

TEST_PEOPLE = int(os.environ.get("CJW_TEST_PEOPLE", "1500"))
# one seed per test session: random unless CJW_TEST_SEED replays one
SESSION_SEED = int(os.environ.get("CJW_TEST_SEED") or random.SystemRandom().randint(1, 2**31 - 1))
# the worker processes pytest-xdist starts inherit the environment: they read the same seed
os.environ["CJW_TEST_SEED"] = str(SESSION_SEED)


def pytest_report_header(config: pytest.Config) -> str:
    return f"cjw test world: {TEST_PEOPLE} people, seed {SESSION_SEED} (replay with CJW_TEST_SEED={SESSION_SEED})"


@dataclass
class BuiltWorld:
    """A generated world built and published: `warehouse` is the published BI file (marts,
    reporting, audit), `restricted` the restricted file, `full` the build with every schema
    (raw views, staging, intermediate too), kept for the tests (cjw build --keep-full-build)."""

    seed: int
    raw_dir: Path
    truth_dir: Path
    warehouse: Path
    full: Path
    restricted: Path

    def connect(self) -> duckdb.DuckDBPyConnection:
        """The whole build, every schema."""
        return duckdb.connect(str(self.full), read_only=True)

    def connect_published(self) -> duckdb.DuckDBPyConnection:
        """The BI file as BI tools see it."""
        return duckdb.connect(str(self.warehouse), read_only=True)

    def truth_rows(self) -> list[dict[str, str]]:
        with open(self.truth_dir / "rows.csv", encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def world_seed() -> int:
    return SESSION_SEED


def build_world(tmp_path_factory: pytest.TempPathFactory, world_seed: int) -> BuiltWorld:
    root = tmp_path_factory.mktemp("world")
    raw, truth = root / "raw", root / "truth"
    generate(TEST_PEOPLE, world_seed, raw, truth)
    warehouse = root / "wh" / "warehouse.duckdb"
    old = os.environ.get("DUCKDB_PATH")
    os.environ["DUCKDB_PATH"] = str(warehouse)
    try:
        result = build(raw_dir=raw, keep_full_build=True)
    finally:
        if old is None:
            os.environ.pop("DUCKDB_PATH", None)
        else:
            os.environ["DUCKDB_PATH"] = old
    return BuiltWorld(world_seed, raw, truth, warehouse, result.full_build, result.restricted)


@pytest.fixture(scope="session")
def built_world(tmp_path_factory: pytest.TempPathFactory, world_seed: int) -> BuiltWorld:
    return shared(tmp_path_factory, "built_world", lambda: build_world(tmp_path_factory, world_seed))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright
    from tests_support import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
