"""A delivery as Parquet files builds the same warehouse as the same rows as CSV."""

from __future__ import annotations

import duckdb

from cjw.build import build
from cjw.registry import RAW_FILES


def test_parquet_delivery_matches_csv(built_world, tmp_path, monkeypatch):
    parquet = tmp_path / "parquet"
    parquet.mkdir()
    con = duckdb.connect()
    for name in RAW_FILES:
        # the contract's columns as text in the contract's formats (see README: Parquet deliveries)
        con.execute(f"copy (select * from read_csv('{built_world.raw_dir / (name + '.csv')}', header = true, "
                    f"all_varchar = true)) "
                    f"to '{parquet / (name + '.parquet')}' (format parquet)")
    target = tmp_path / "wh" / "warehouse.duckdb"
    monkeypatch.setenv("DUCKDB_PATH", str(target))
    build(raw_dir=parquet, raw_format="parquet")
    query = ("select source_file, rows_in, rows_staged, rows_duplicate, rows_superseded, rows_quarantined "
             "from audit.raw_reconciliation order by 1")
    from_csv = duckdb.connect(str(built_world.warehouse), read_only=True).execute(query).fetchall()
    from_parquet = duckdb.connect(str(target), read_only=True).execute(query).fetchall()
    assert from_parquet == from_csv
    customers = "select count(*), sum(lifetime_revenue_usd) from marts.dim_customers"
    assert (duckdb.connect(str(target), read_only=True).execute(customers).fetchone()
            == duckdb.connect(str(built_world.warehouse), read_only=True).execute(customers).fetchone())
