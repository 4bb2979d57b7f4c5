"""Run the Great Expectations checkpoint on a freshly built warehouse, before it is published.

Every expectation's result becomes a row of `audit.dq_results` (one row per expectation and run,
the history of earlier runs carried over from the published warehouse) and the run is rendered as
Great Expectations Data Docs. A failed `critical` expectation fails the gate; `warning`s are
reported and published.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cjw.quality.suites import Check, marts_checks, raw_checks, staging_checks

# the repository's gx/great_expectations.yml configures the GX project; each gate run works in a
# copy of it inside the build folder, so the repository never changes and runs never share state
GX_CONFIG = Path(__file__).resolve().parents[3] / "gx" / "great_expectations.yml"

DQ_RESULTS_DDL = """
create table if not exists audit.dq_results (
    run_id varchar not null,
    run_at timestamp not null,
    layer varchar not null,
    check_name varchar not null,
    expectation_type varchar not null,
    column_name varchar,
    severity varchar not null,
    success boolean not null,
    observed_value varchar,
    unexpected_count bigint,
    unexpected_percent double,
    element_count bigint,
    expectation_kwargs varchar,
    why varchar
)
"""


@dataclass
class GateResult:
    run_id: str
    run_at: datetime
    rows: list[dict] = field(default_factory=list)
    docs_index: Path | None = None

    @property
    def critical_failures(self) -> list[dict]:
        return [r for r in self.rows if not r["success"] and r["severity"] == "critical"]

    @property
    def warnings(self) -> list[dict]:
        return [r for r in self.rows if not r["success"] and r["severity"] != "critical"]

    @property
    def passed(self) -> bool:
        return not self.critical_failures

    def describe(self, row: dict) -> str:
        column = f" {row['column_name']}" if row["column_name"] else ""
        why = f" ({row['why']})" if row["why"] else ""
        return (f"[{row['severity']}] {row['layer']} {row['check_name']}{column}: {row['expectation_type']} "
                f"failed, observed {row['observed_value']}{why}")


def raw_relation_factory(raw_dir: Path | None, raw_format: str):
    def relation(file_name: str) -> str:
        if raw_dir is None:
            return f"raw.{file_name}"
        path = (raw_dir / file_name).as_posix().replace("'", "''")
        if raw_format == "parquet":
            return f"(select columns(*)::varchar from read_parquet('{path}.parquet'))"
        return (f"read_csv('{path}.csv', header = true, all_varchar = true, delim = ',', quote = '\"', "
                f"escape = '\"', strict_mode = true, null_padding = false)")
    return relation


def previous_delivery_rows(published: Path) -> dict[str, int]:
    if not published.exists():
        return {}
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            rows = con.execute("select source_file, rows_in from audit.raw_reconciliation").fetchall()
            # source_file is the delivered file's name (raw_orders.csv / .parquet)
            return {name.rsplit(".", 1)[0]: count for name, count in rows}
    except duckdb.Error:
        return {}


def _context(project_root: Path):
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("TQDM_DISABLE", "1")  # GX's per-expectation progress bars
    (project_root / "gx").mkdir(parents=True, exist_ok=True)
    shutil.copy(GX_CONFIG, project_root / "gx" / "great_expectations.yml")
    return gx, gx.get_context(mode="file", project_root_dir=str(project_root))


def run_gate(build_file: Path, raw_dir: Path | None, raw_format: str, published: Path, docs_dir: Path) -> GateResult:
    """Validate `build_file` (not yet published); write audit.dq_results into it; render Data Docs."""
    checks: list[Check] = [
        *raw_checks(raw_relation_factory(raw_dir, raw_format), previous_delivery_rows(published)),
        *staging_checks(),
        *marts_checks(),
    ]
    project_root = docs_dir.parent / "gx_project"
    shutil.rmtree(project_root, ignore_errors=True)
    gx, context = _context(project_root)
    from great_expectations.core.run_identifier import RunIdentifier

    run_at = datetime.now(UTC).replace(tzinfo=None)
    result = GateResult(run_id=f"{run_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}", run_at=run_at)
    datasource = context.data_sources.add_or_update_pandas("warehouse")
    definitions = []
    frames = {}
    with duckdb.connect(str(build_file), read_only=True) as con:
        for check in checks:
            name = f"{check.layer}.{check.name}"
            frames[name] = con.execute(check.sql).df()
            try:
                asset = datasource.get_asset(name)
            except LookupError:
                asset = datasource.add_dataframe_asset(name)
            try:
                batch = asset.get_batch_definition("whole")
            except KeyError:
                batch = asset.add_batch_definition_whole_dataframe("whole")
            suite = context.suites.add_or_update(gx.ExpectationSuite(name=name, expectations=check.expectations))
            definitions.append((check, name, context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=name, data=batch, suite=suite))))
    for check, name, definition in definitions:
        validation = definition.run(batch_parameters={"dataframe": frames[name]},
                                    run_id=RunIdentifier(run_name=result.run_id, run_time=run_at.replace(tzinfo=UTC)))
        for item in validation.results:
            config = item.expectation_config
            kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
            observed = item.result.get("observed_value")
            if hasattr(observed, "item"):  # numpy scalars: report the plain number
                observed = observed.item()
            meta = config.meta or {}
            result.rows.append({
                "run_id": result.run_id,
                "run_at": run_at,
                "layer": check.layer,
                "check_name": check.name,
                "expectation_type": config.type,
                "column_name": kwargs.get("column") or kwargs.get("column_A"),
                "severity": meta.get("severity", "warning"),
                "success": bool(item.success),
                "observed_value": None if observed is None else json.dumps(observed, default=str)[:500],
                "unexpected_count": item.result.get("unexpected_count"),
                "unexpected_percent": item.result.get("unexpected_percent"),
                "element_count": item.result.get("element_count"),
                "expectation_kwargs": json.dumps(kwargs, default=str, sort_keys=True),
                "why": meta.get("why"),
            })
    result.docs_index = _build_docs(context, project_root, docs_dir)
    _write_results(build_file, published, result)
    return result


def _build_docs(context, project_root: Path, docs_dir: Path) -> Path | None:
    """Render this run's validations (ValidationDefinition.run stored them) as Data Docs into docs_dir."""
    context.build_data_docs()
    site = project_root / "gx" / "uncommitted" / "data_docs" / "local_site"
    if not (site / "index.html").exists():
        return None
    shutil.rmtree(docs_dir, ignore_errors=True)
    shutil.copytree(site, docs_dir)
    # GX's index page lists the runs with JavaScript from a CDN: offline it shows nothing. This
    # plain page links every validation result of the run without any script.
    pages = sorted((docs_dir / "validations").rglob("*.html"))
    links = "\n".join(
        f'<li><a href="{page.relative_to(docs_dir).as_posix()}">'
        f'{page.relative_to(docs_dir / "validations").parts[0]}</a></li>' for page in pages)
    (docs_dir / "runs.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>Quality gate: validation results</title>"
        f"<h1>Quality gate: validation results</h1><ul>{links}</ul>", encoding="utf-8")
    return docs_dir / "runs.html"


def _write_results(build_file: Path, published: Path, result: GateResult) -> None:
    with duckdb.connect(str(build_file)) as con:
        con.execute("create schema if not exists audit")
        con.execute(DQ_RESULTS_DDL)
        if published.exists():
            # the history of earlier gate runs travels with the warehouse
            try:
                with duckdb.connect(str(published), read_only=True) as old:
                    history = old.execute("select * from audit.dq_results").arrow()
                    if hasattr(history, "read_all"):
                        history = history.read_all()
                con.register("dq_history", history)
                con.execute("insert into audit.dq_results by name select * from dq_history")
                con.unregister("dq_history")
            except duckdb.Error:
                pass
        columns = list(result.rows[0]) if result.rows else []
        if columns:
            import pyarrow as pa

            table = pa.Table.from_pylist(result.rows)
            con.register("dq_run", table)
            con.execute(f"insert into audit.dq_results by name select {', '.join(columns)} from dq_run")
            con.unregister("dq_run")
        con.execute("checkpoint")


def timed_gate(*args, **kwargs) -> tuple[GateResult, float]:
    started = time.monotonic()
    gate = run_gate(*args, **kwargs)
    return gate, time.monotonic() - started
