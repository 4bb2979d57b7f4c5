"""`shared`, which lets the test processes of `make pytest` build each shared world once."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import shared


class Factory:
    """The part of pytest's TempPathFactory `shared` reads: the process's own temporary folder."""

    def __init__(self, base: Path) -> None:
        base.mkdir(parents=True, exist_ok=True)
        self.base = base

    def getbasetemp(self) -> Path:
        return self.base


def test_a_world_is_made_once_and_read_by_the_other_process(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    made = []

    def make() -> dict[str, Path]:
        made.append(1)
        return {"raw": tmp_path / "raw"}

    first = shared(Factory(tmp_path / "gw0"), "world", make)
    second = shared(Factory(tmp_path / "gw1"), "world", make)
    assert first == second == {"raw": tmp_path / "raw"}
    assert made == [1]
    # another name is another world
    shared(Factory(tmp_path / "gw1"), "other", make)
    assert made == [1, 1]


def test_a_world_that_failed_fails_the_other_process_with_its_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    calls = []

    def make() -> None:
        calls.append(1)
        raise RuntimeError("dbt build failed")

    with pytest.raises(RuntimeError, match="dbt build failed"):
        shared(Factory(tmp_path / "gw0"), "world", make)
    with pytest.raises(pytest.fail.Exception, match="world failed in another test process:\nRuntimeError: dbt build"):
        shared(Factory(tmp_path / "gw1"), "world", make)
    assert calls == [1]


def test_without_worker_processes_every_call_makes_it(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    made = []
    for _ in range(2):
        shared(Factory(tmp_path / "solo"), "world", lambda: made.append(1))
    assert made == [1, 1]
