"""The copy of the kept build that a day's build makes while its delivery's gate runs
(cjw.build.BackgroundCopy): the same bytes, chunk after chunk; an error reaches the build; an
abandoned copy leaves nothing behind."""

from __future__ import annotations

import os

import pytest

from cjw.build import BackgroundCopy


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(BackgroundCopy, "CHUNK", 64 * 1024)


def test_the_copy_holds_the_same_bytes(tmp_path, small_chunks):
    source = tmp_path / "build.duckdb"
    data = os.urandom(1_000_003)  # 15 full chunks and a part
    source.write_bytes(data)
    copying = BackgroundCopy(source, tmp_path / "copy.duckdb")
    copying.wait()
    assert (tmp_path / "copy.duckdb").read_bytes() == data


def test_an_error_of_the_copy_reaches_the_build(tmp_path, small_chunks):
    source = tmp_path / "build.duckdb"
    source.write_bytes(b"x" * 100_000)
    copying = BackgroundCopy(source, tmp_path / "no-such-folder" / "copy.duckdb")
    with pytest.raises(FileNotFoundError):
        copying.wait()


def test_an_abandoned_copy_leaves_nothing(tmp_path, small_chunks):
    source = tmp_path / "build.duckdb"
    source.write_bytes(os.urandom(2_000_000))
    copying = BackgroundCopy(source, tmp_path / "copy.duckdb")
    copying.abandon()
    assert not (tmp_path / "copy.duckdb").exists()
    assert copying.error is None
