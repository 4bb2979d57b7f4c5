"""dbt-duckdb plugin: on every dbt connection, the memory limit and spill folder the environment
asks for (cjw.resources), and the project's scalar functions.

`cjw_phone_e164(raw varchar, default_region varchar) -> varchar` normalizes phones with the
phonenumbers library. It is vectorized (Arrow batches of 2,048 rows) and cached per distinct
value, so the Python cost is paid once per distinct phone, not once per row.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin

from cjw import resources
from cjw.phones import to_e164


def _phone_batch(raw: pa.Array, region: pa.Array) -> pa.Array:
    return pa.array([to_e164(r, g) for r, g in zip(raw.to_pylist(), region.to_pylist(), strict=True)],
                    type=pa.string())


def register(conn: duckdb.DuckDBPyConnection) -> None:
    try:
        conn.remove_function("cjw_phone_e164")
    except Exception:  # noqa: BLE001 - not registered yet on this connection
        pass
    conn.create_function("cjw_phone_e164", _phone_batch, ["VARCHAR", "VARCHAR"], "VARCHAR", type="arrow",
                         null_handling="special", side_effects=False)


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        resources.apply(conn)
        register(conn)
