"""How much memory a build may use and where DuckDB spills, for every connection of a build.

`CJW_MEMORY_LIMIT` (e.g. `4GB`) is the build's memory: what all its processes together may hold
(the build's own Python, which runs the gate and the publishing step, and dbt's, which runs the
models). DuckDB is given `DUCKDB_SHARE` of it as its `memory_limit` on every connection: the rest
is for the Python around it and for what DuckDB allocates outside its buffer manager, which the
limit does not cap (DuckDB's own advice, when the limit must hold: 50-60 % of the memory). At 1M
people with a 2.4 GB DuckDB limit (60 %), dbt's process held 4.0-4.4 GB through the second half of
the build and the build's process 0.6 GB beside it: 4.8 GB together, over a 4.5 GB bound; at 50 %
the identity observations (the model with the largest peak) ran as fast, 0.39 GB lower.

With a limit set, DuckDB's allocator also purges freed memory in the background
(`allocator_background_threads`). Without it the memory a finished query freed stays with the
process: after the 1M identity observations were written and dropped, the process held 1.6 GB
while DuckDB counted 39 MB in use, and each later model of the same dbt process started from
there; with it, 0.73 GB twenty seconds later.

`CJW_DUCKDB_MEMORY_LIMIT` sets DuckDB's limit directly instead (then nothing is derived).
`CJW_TEMP_DIRECTORY` is where DuckDB spills. `cjw build --memory-limit --temp-directory` set
those for its run. Unset, DuckDB's own defaults stand: 80 % of the machine's memory, the
allocator's defaults, and a `.tmp` folder beside the database file to spill to. A profile's
`settings:` may also name them; the environment wins.
"""

from __future__ import annotations

import os
import re

MEMORY_LIMIT = "CJW_MEMORY_LIMIT"
DUCKDB_MEMORY_LIMIT = "CJW_DUCKDB_MEMORY_LIMIT"
DUCKDB_SHARE = 0.5
TEMP_DIRECTORY = "CJW_TEMP_DIRECTORY"
_MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


def check_memory_limit(value: str) -> str:
    """The value, stripped, if DuckDB reads it as an amount of memory; else ValueError saying why."""
    if not _MEMORY.match(value):
        raise ValueError(f"memory limit {value!r}: expected an amount such as 4GB, 3.5GiB or 800MB")
    return value.strip()


_UNIT = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def memory_bytes(value: str) -> float:
    """An amount of memory as DuckDB reads it (KB = 1000 bytes, KiB = 1024), in bytes."""
    amount = check_memory_limit(value)
    number = re.match(r"\d+(\.\d+)?", amount).group(0)
    return float(number) * _UNIT[amount[len(number):].strip().lower()]


def duckdb_share(build_memory: str) -> str:
    """DuckDB's memory_limit within a build's memory, in whole MB."""
    return f"{int(memory_bytes(build_memory) * DUCKDB_SHARE / 1e6)}MB"


def duckdb_settings(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The DuckDB settings the environment asks for (none: DuckDB's defaults)."""
    env = os.environ if environ is None else environ
    settings = {}
    if env.get(DUCKDB_MEMORY_LIMIT):
        settings["memory_limit"] = check_memory_limit(env[DUCKDB_MEMORY_LIMIT])
    elif env.get(MEMORY_LIMIT):
        settings["memory_limit"] = duckdb_share(env[MEMORY_LIMIT])
    if "memory_limit" in settings:
        settings["allocator_background_threads"] = "true"
    if env.get(TEMP_DIRECTORY):
        settings["temp_directory"] = env[TEMP_DIRECTORY]
    return settings


def build_memory_bounded(environ: dict[str, str] | None = None) -> bool:
    """Whether the build's memory is bounded (CJW_MEMORY_LIMIT): then the quality gate checks the
    delivery in a child process that exits before dbt starts, so the build's own process holds
    ~60 MB beside dbt rather than Great Expectations and its samples (~300-600 MB). Unbounded, the
    gate runs in the build's process and Great Expectations is imported once (~3 s saved)."""
    env = os.environ if environ is None else environ
    return bool(env.get(MEMORY_LIMIT))


def apply(con) -> None:
    """Set the environment's memory limit and spill folder on a DuckDB connection."""
    for name, value in duckdb_settings().items():
        con.execute(f"set {name} = '{value.replace(chr(39), chr(39) * 2)}'")
