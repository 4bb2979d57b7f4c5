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
    monkeypatch.setenv(resources.TEMP_DIRECTORY, str(tmp_path / "spill"))
    con = duckdb.connect()
    default = setting(con, "memory_limit")
    duckdb_plugin.Plugin.configure_connection(object(), con)  # what dbt-duckdb calls on each connection
    assert setting(con, "memory_limit") == "1.3 GiB" != default  # 1.5 GB = 1.397 GiB, shown rounded down
    assert setting(con, "temp_directory") == str(tmp_path / "spill")
    assert con.execute("select cjw_phone_e164('(919) 414-0420', 'US')").fetchone()[0] == "+19194140420"


def test_without_settings_duckdbs_defaults_stand(monkeypatch):
    monkeypatch.delenv(resources.MEMORY_LIMIT, raising=False)
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
