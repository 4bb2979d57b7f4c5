"""How much memory and which spill folder DuckDB may use, for every connection of a build.

`CJW_MEMORY_LIMIT` (e.g. `4GB`) and `CJW_TEMP_DIRECTORY` set them; `cjw build --memory-limit
--temp-directory` sets those for its run. Unset, DuckDB's own defaults stand: 80 % of the
machine's memory, and a `.tmp` folder beside the database file to spill to. A profile's
`settings:` may also name them; the environment wins.
"""

from __future__ import annotations

import os
import re

MEMORY_LIMIT = "CJW_MEMORY_LIMIT"
TEMP_DIRECTORY = "CJW_TEMP_DIRECTORY"
_MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


def check_memory_limit(value: str) -> str:
    """The value, stripped, if DuckDB reads it as an amount of memory; else ValueError saying why."""
    if not _MEMORY.match(value):
        raise ValueError(f"memory limit {value!r}: expected an amount such as 4GB, 3.5GiB or 800MB")
    return value.strip()


def duckdb_settings(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The settings the environment asks for (none: DuckDB's defaults)."""
    env = os.environ if environ is None else environ
    settings = {}
    if env.get(MEMORY_LIMIT):
        settings["memory_limit"] = check_memory_limit(env[MEMORY_LIMIT])
    if env.get(TEMP_DIRECTORY):
        settings["temp_directory"] = env[TEMP_DIRECTORY]
    return settings


def apply(con) -> None:
    """Set the environment's memory limit and spill folder on a DuckDB connection."""
    for name, value in duckdb_settings().items():
        con.execute(f"set {name} = '{value.replace(chr(39), chr(39) * 2)}'")
