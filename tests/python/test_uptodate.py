"""A second `make build` with nothing changed skips its steps: the fingerprints behind the skip."""

from __future__ import annotations

import os

from cjw import uptodate


def test_a_step_is_skipped_only_when_inputs_and_output_are_unchanged(tmp_path):
    inputs, output, stamp = tmp_path / "in", tmp_path / "warehouse.duckdb", tmp_path / "stamp.json"
    inputs.mkdir()
    (inputs / "a.sql").write_text("select 1")
    (inputs / "b.csv").write_text("x\n1\n")
    output.write_bytes(b"built")
    first = uptodate.fingerprint([inputs], raw_format="csv")
    assert not uptodate.is_up_to_date(stamp, first, output), "never built: not up to date"
    uptodate.record(stamp, first, output)
    assert uptodate.is_up_to_date(stamp, uptodate.fingerprint([inputs], raw_format="csv"), output)
    # a changed file, a new file, or another setting is another build
    (inputs / "b.csv").write_text("x\n2\n")
    assert uptodate.fingerprint([inputs], raw_format="csv") != first
    (inputs / "b.csv").write_text("x\n1\n")
    assert uptodate.fingerprint([inputs], raw_format="csv") == first
    (inputs / "c.sql").write_text("select 2")
    assert uptodate.fingerprint([inputs], raw_format="csv") != first
    (inputs / "c.sql").unlink()
    assert uptodate.fingerprint([inputs], raw_format="parquet") != first
    # the output replaced behind the step's back (another build, a copy) is not what it recorded
    output.write_bytes(b"built again")
    os.utime(output, ns=(1, 1))
    assert not uptodate.is_up_to_date(stamp, first, output)
    output.unlink()
    assert not uptodate.is_up_to_date(stamp, first, output)


def test_the_build_stamp_stays_out_of_the_warehouse_folder(tmp_path):
    published = tmp_path / "warehouse" / "warehouse.duckdb"
    stamp = uptodate.stamp_for(published)
    assert published.parent not in stamp.parents
    assert uptodate.stamp_for(tmp_path / "other" / "warehouse.duckdb") != stamp
