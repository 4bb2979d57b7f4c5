"""The memory limit and spill folder of a build: set from the environment (or `cjw build
--memory-limit --temp-directory`) on every DuckDB connection dbt opens; a bad value stops the build
before anything runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cjw import duckdb_plugin, resources

CLI = Path(sys.executable).parent / "cjw"


def setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    return con.execute(f"select current_setting('{name}')").fetchone()[0]


def test_every_dbt_connection_gets_the_limit_and_the_spill_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(resources.MEMORY_LIMIT, "1.5GB")
    monkeypatch.delenv(resources.DUCKDB_MEMORY_LIMIT, raising=False)
    monkeypatch.setenv(resources.TEMP_DIRECTORY, str(tmp_path / "spill"))
    con = duckdb.connect()
    default = setting(con, "memory_limit")
    duckdb_plugin.Plugin.configure_connection(object(), con)  # what dbt-duckdb calls on each connection
    # DuckDB gets half of the build's memory: 750 MB = 715.2 MiB, shown so
    assert setting(con, "memory_limit") == "715.2 MiB" != default
    # and purges what a finished query freed in the background (off by default)
    assert setting(con, "allocator_background_threads") is True
    assert setting(con, "temp_directory") == str(tmp_path / "spill")
    assert con.execute("select cjw_phone_e164('(919) 414-0420', 'US')").fetchone()[0] == "+19194140420"


@pytest.mark.parametrize(("build_memory", "duckdb_limit"), [("4GB", "2000MB"), ("3.5GiB", "1879MB"),
                                                             ("800 mb", "400MB"), ("1TB", "500000MB")])
def test_duckdb_gets_half_of_the_builds_memory(build_memory, duckdb_limit):
    assert resources.duckdb_settings({resources.MEMORY_LIMIT: build_memory}) == {
        "memory_limit": duckdb_limit, "allocator_background_threads": "true"}


def test_duckdbs_own_limit_can_be_set_directly(monkeypatch):
    env = {resources.MEMORY_LIMIT: "4GB", resources.DUCKDB_MEMORY_LIMIT: "3.5GB"}
    assert resources.duckdb_settings(env) == {"memory_limit": "3.5GB", "allocator_background_threads": "true"}
    with pytest.raises(ValueError, match="expected an amount such as 4GB"):
        resources.duckdb_settings({resources.DUCKDB_MEMORY_LIMIT: "most of it"})


def test_without_settings_duckdbs_defaults_stand(monkeypatch):
    monkeypatch.delenv(resources.MEMORY_LIMIT, raising=False)
    monkeypatch.delenv(resources.DUCKDB_MEMORY_LIMIT, raising=False)
    monkeypatch.delenv(resources.TEMP_DIRECTORY, raising=False)
    assert resources.duckdb_settings() == {}


@pytest.mark.parametrize("value", ["4", "lots", "4 GB; drop table x", "80%"])
def test_a_bad_memory_limit_stops_the_build_before_it_starts(value, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"), "COLUMNS": "120"}
    result = subprocess.run([str(CLI), "build", "--memory-limit", value], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert "expected an amount such as 4GB" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not list(tmp_path.iterdir()), "nothing built"
