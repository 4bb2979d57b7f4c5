"""The Great Expectations quality gate of a build, in two stages.

1. Before dbt runs, the raw delivery as it arrived (`Gate.check_raw`): exact row counts against
   the history of published deliveries (a truncated export is refused before anything is built);
   columns, ids and enum values on a sample of the files read for the first time (all of them,
   unless the build starts from the previous one).
2. After dbt, the freshly built warehouse, before it is published (`Gate.check_warehouse`):
   staging, cross-layer reconciliation and the marts.

Every expectation's result becomes a row of `audit.dq_results` (one row per expectation and run;
the history of earlier runs is carried over from the published warehouse, as is
`audit.delivery_history`, the row counts of every published delivery) and the run is rendered as
Great Expectations Data Docs. A failed `critical` expectation fails the gate; `warning`s are
reported and published. Nothing here swallows an error: a history that cannot be read or written
stops the build with a message that says so.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import shutil
import uuid
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from cjw import resources
from cjw.quality.rules import VolumeRule, project_vars
from cjw.registry import RawFile

if TYPE_CHECKING:
    from cjw.quality.suites import Check

# Great Expectations (and the suites, which build its expectations) are imported where a stage
# validates: importing them costs ~220 MB, which a build's process would otherwise hold while dbt
# runs (Gate.check_raw(in_child=True))

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

DELIVERY_HISTORY_DDL = """
create table if not exists audit.delivery_history (
    run_id varchar not null,
    run_at timestamp not null,
    delivered_on date,
    source_file varchar not null,
    rows_in bigint not null
)
"""


class GateError(Exception):
    """The gate could not do its job (history unreadable, results unwritable): nothing is published."""


@dataclass
class History:
    """What the published warehouse remembers: earlier gate results and published deliveries."""

    deliveries: dict[str, list[int]] = field(default_factory=dict)  # file -> rows_in, oldest first
    dq_results: object | None = None  # an Arrow table of audit.dq_results
    delivery_rows: object | None = None  # an Arrow table of audit.delivery_history


def read_history(published: Path) -> History:
    """Read the published warehouse's history. A file that exists but cannot be read (locked by a
    read-write session, damaged) is an error, never an empty history: the volume check and the
    quality history depend on it."""
    if not published.exists():
        return History()
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            tables = {r[0] for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'audit'").fetchall()}
            history = History()
            if "dq_results" in tables:
                history.dq_results = _arrow(con.execute("select * from audit.dq_results"))
            if "delivery_history" in tables:
                history.delivery_rows = _arrow(con.execute("select * from audit.delivery_history"))
                rows = con.execute("select source_file, rows_in from audit.delivery_history "
                                   "order by run_at, source_file").fetchall()
            elif "raw_reconciliation" in tables:
                # a warehouse published before the delivery history existed: its one delivery
                rows = con.execute("select source_file, rows_in from audit.raw_reconciliation").fetchall()
            else:
                rows = []
            for name, count in rows:
                # source_file is the delivered file's name (raw_orders.csv / .parquet)
                history.deliveries.setdefault(name.rsplit(".", 1)[0], []).append(int(count))
            return history
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise GateError(
            f"cannot read the published warehouse {published} ({first}). The quality gate compares this "
            f"delivery with the published ones and carries the quality history over, so nothing was built. "
            f"If another program holds the file open read-write (BI tools must open it read-only), close it "
            f"and build again; if the file is damaged, move it away to start a new history.") from None


def _arrow(relation):
    table = relation.arrow()
    return table.read_all() if hasattr(table, "read_all") else table


def raw_relation_factory(raw_dir: Path, raw_format: str, loaded: dict[str, list[Path]] | None = None):
    """How the gate reads a delivered file (the demo seeds are a delivery of CSV files too); with
    `loaded` (a folder of dated deliveries: each export's files the build reads), all of an
    export's files as one relation."""
    ext = "parquet" if raw_format == "parquet" else "csv"

    def relation(file_name: str) -> str:
        paths = loaded.get(file_name) if loaded else None
        listed = ", ".join("'" + p.as_posix().replace("'", "''") + "'"
                           for p in (paths or [raw_dir / f"{file_name}.{ext}"]))
        if raw_format == "parquet":
            return f"(select columns(*)::varchar from read_parquet([{listed}], union_by_name = true))"
        return (f"read_csv([{listed}], header = true, all_varchar = true, delim = ',', quote = '\"', "
                f"escape = '\"', strict_mode = true, null_padding = false, union_by_name = true)")
    return relation


@dataclass
class Gate:
    """One gate run: a GX project in the build folder, the results of every stage so far."""

    run_dir: Path
    published: Path
    history: History
    run_id: str = ""
    run_at: datetime | None = None
    rows: list[dict] = field(default_factory=list)
    delivered_rows: dict[str, int] = field(default_factory=dict)
    delivered_on: str | None = None
    docs_index: Path | None = None
    _extension: str = "csv"

    def __post_init__(self) -> None:
        if not self.run_id:
            self.run_at = datetime.now(UTC).replace(tzinfo=None)
            self.run_id = f"{self.run_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
            shutil.rmtree(self.run_dir / "gx_project", ignore_errors=True)
        # else: a stage of a run begun elsewhere (check_raw in a child), whose GX project is kept
        self._project_root = self.run_dir / "gx_project"
        self._opened = None  # GX and its context, opened by the first stage that needs them

    def _gx_context(self):
        if self._opened is None:
            self._opened = _context(self._project_root)
        return self._opened

    # ---- results -----------------------------------------------------------------------------
    @property
    def critical_failures(self) -> list[dict]:
        return [r for r in self.rows if not r["success"] and r["severity"] == "critical"]

    @property
    def warnings(self) -> list[dict]:
        return [r for r in self.rows if not r["success"] and r["severity"] != "critical"]

    @property
    def passed(self) -> bool:
        return not self.critical_failures

    @staticmethod
    def describe(row: dict) -> str:
        column = f" {row['column_name']}" if row["column_name"] else ""
        why = f" ({row['why']})" if row["why"] else ""
        return (f"[{row['severity']}] {row['layer']} {row['check_name']}{column}: {row['expectation_type']} "
                f"failed, observed {row['observed_value']}{why}")

    # ---- stages ------------------------------------------------------------------------------
    def check_raw(self, raw_dir: Path, raw_format: str, delivered_rows: dict[str, int], rule: VolumeRule,
                  delivered_on: str | None = None, files: dict[str, RawFile] | None = None,
                  loaded: dict[str, list[Path]] | None = None,
                  sampled: dict[str, list[Path]] | None = None, in_child: bool = False) -> None:
        """The delivery before anything is built: volume against history (delivered_rows, the exact
        rows pre-flight counted in every loaded file of each export), columns, ids and enums (on a
        sample of the files in `sampled`, by default those in `loaded`: of a folder of deliveries,
        every loaded file of each export together). A build that starts from the previous one
        samples only what it reads for the first time: the rest passed this gate before.

        in_child: validate in a child process that exits when done, and keep only its result rows
        (its GX project stays in the run's folder, for the Data Docs of the whole run). This
        process then never imports Great Expectations nor holds its samples before the warehouse
        stage: a build under a memory limit holds ~60 MB beside dbt instead of ~300-600 MB."""
        self.delivered_rows = dict(delivered_rows)
        self.delivered_on = delivered_on
        self._extension = "parquet" if raw_format == "parquet" else "csv"
        if in_child:
            self.rows.extend(_in_child(_raw_rows, self.run_dir, self.published, self.history.deliveries,
                                       self.run_id, self.run_at, raw_dir, raw_format, delivered_rows, rule,
                                       delivered_on, files, loaded, sampled))
            return
        from cjw.quality.suites import raw_checks

        checks = raw_checks(raw_relation_factory(raw_dir, raw_format, sampled or loaded), self.history.deliveries,
                            rule, files, row_counts=self.delivered_rows)
        with duckdb.connect() as con:
            con.execute("set enable_progress_bar = false")
            resources.apply(con)
            self._validate(checks, con)

    def check_warehouse(self, build_file: Path, files: dict[str, RawFile] | None = None) -> None:
        from cjw.quality.suites import marts_checks, staging_checks

        fx_max = float(project_vars(GX_CONFIG.parents[1]).get("fx_max_daily_change", 0.25))
        with duckdb.connect(str(build_file), read_only=True) as con:
            resources.apply(con)
            self._validate([*staging_checks(fx_max, files), *marts_checks(files, self.delivered_rows)], con)

    def add_dbt_results(self, target_path: Path) -> None:
        """dbt's own data tests, unit tests and contracts of this build (run_results.json, with the
        test's kind, model and column from manifest.json) as rows of audit.dq_results beside the
        gate's, layer 'dbt': one quality history. dbt stops the build on an error, so these are the
        results of a build that passed, warnings included."""
        results = json.loads((target_path / "run_results.json").read_text(encoding="utf-8"))
        nodes = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
        manifest = {**nodes.get("nodes", {}), **nodes.get("unit_tests", {})}
        for result in results.get("results", []):
            uid = result["unique_id"]
            if not uid.startswith(("test.", "unit_test.")):
                continue
            node = manifest.get(uid, {})
            metadata = node.get("test_metadata") or {}
            kind = "unit_test" if uid.startswith("unit_test.") else metadata.get("name") or "singular"
            attached = node.get("attached_node") or node.get("model") or ""
            failures = result.get("failures")
            self.rows.append({
                "run_id": self.run_id,
                "run_at": self.run_at,
                "layer": "dbt",
                "check_name": node.get("name", uid.split(".")[-1]),
                "expectation_type": f"dbt {kind}",
                "column_name": node.get("column_name"),
                "severity": "warning" if (node.get("config") or {}).get("severity", "error") == "warn" else "critical",
                "success": result.get("status") == "pass",
                "observed_value": None if failures is None else json.dumps(failures),
                "unexpected_count": failures,
                "unexpected_percent": None,
                "element_count": None,
                "expectation_kwargs": json.dumps({"model": attached.split(".")[-1] if attached else None,
                                                  **(metadata.get("kwargs") or {})}, default=str, sort_keys=True),
                "why": (node.get("description") or None),
            })

    def _validate(self, checks: list[Check], con: duckdb.DuckDBPyConnection) -> None:
        gx, context = self._gx_context()
        from great_expectations.core.run_identifier import RunIdentifier

        datasource = context.data_sources.add_or_update_pandas("warehouse")
        for check in checks:
            name = f"{check.layer}.{check.name}"
            frame = con.execute(check.sql).df()
            try:
                asset = datasource.get_asset(name)
            except LookupError:
                asset = datasource.add_dataframe_asset(name)
            try:
                batch = asset.get_batch_definition("whole")
            except KeyError:
                batch = asset.add_batch_definition_whole_dataframe("whole")
            suite = context.suites.add_or_update(gx.ExpectationSuite(name=name, expectations=check.expectations))
            definition = context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=name, data=batch, suite=suite))
            validation = definition.run(batch_parameters={"dataframe": frame}, run_id=RunIdentifier(
                run_name=self.run_id, run_time=self.run_at.replace(tzinfo=UTC)))
            for item in validation.results:
                self.rows.append(self._row(check, item))
            # GX keeps every validated DataFrame in the engine's caches for the life of the process
            # (about 300 MB held through the whole dbt build at 100k rows a sample): let it go
            manager = datasource.get_execution_engine().batch_manager
            manager.reset_batch_cache()
            manager.batch_data_cache.clear()
        # GX's objects hold their frames in reference cycles: free them now, not at the next
        # collection Python happens to run (none may run while dbt builds)
        gc.collect()

    def _row(self, check: Check, item) -> dict:
        config = item.expectation_config
        kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
        observed = item.result.get("observed_value")
        if hasattr(observed, "item"):  # numpy scalars: report the plain number
            observed = observed.item()
        meta = config.meta or {}
        return {
            "run_id": self.run_id,
            "run_at": self.run_at,
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
        }

    # ---- outputs -----------------------------------------------------------------------------
    def build_docs(self, docs_dir: Path) -> Path:
        """Render this run's validations as Data Docs into docs_dir (runs.html lists them)."""
        try:
            self._gx_context()[1].build_data_docs()
            site = self._project_root / "gx" / "uncommitted" / "data_docs" / "local_site"
            if not (site / "index.html").exists():
                raise GateError(f"Great Expectations wrote no Data Docs into {site}")
            shutil.rmtree(docs_dir, ignore_errors=True)
            shutil.copytree(site, docs_dir)
            # GX's index page lists the runs with JavaScript from a CDN: offline it shows nothing.
            # This plain page links every validation result of the run without any script.
            pages = sorted((docs_dir / "validations").rglob("*.html"))
            # validations/<layer>/<name...>/<run>/<time>/<page>.html: each link is named by its check
            links = "\n".join(
                f'<li><a href="{page.relative_to(docs_dir).as_posix()}">'
                f'{".".join(page.relative_to(docs_dir / "validations").parts[:-3])}</a></li>' for page in pages)
            (docs_dir / "runs.html").write_text(
                "<!doctype html><meta charset='utf-8'><title>Quality gate: validation results</title>"
                f"<h1>Quality gate: validation results</h1><ul>{links}</ul>", encoding="utf-8")
        except OSError as exc:
            raise GateError(f"writing the quality gate's Data Docs to {docs_dir} failed: {exc.strerror or exc}"
                            f"{' (the disk is full)' if _disk_full(exc) else ''}") from None
        self.docs_index = docs_dir / "runs.html"
        return self.docs_index

    def write_results(self, build_file: Path, *, publishable: bool) -> None:
        """Write this run's results, and the history carried over, into build_file's audit schema.
        publishable: the delivery is recorded in audit.delivery_history (a refused one is not)."""
        try:
            with duckdb.connect(str(build_file)) as con:
                con.execute("create schema if not exists audit")
                con.execute(DQ_RESULTS_DDL)
                con.execute(DELIVERY_HISTORY_DDL)
                if self.history.dq_results is not None:
                    con.register("dq_history", self.history.dq_results)
                    con.execute("insert into audit.dq_results by name select * from dq_history")
                    con.unregister("dq_history")
                if self.history.delivery_rows is not None:
                    con.register("delivery_rows", self.history.delivery_rows)
                    con.execute("insert into audit.delivery_history by name select * from delivery_rows")
                    con.unregister("delivery_rows")
                elif self.history.deliveries:
                    # carried over from a warehouse published before the history existed
                    for name, counts in self.history.deliveries.items():
                        con.execute("insert into audit.delivery_history values ('(earlier)', "
                                    "timestamp '1970-01-01', null, ?, ?)", [f"{name}.csv", counts[-1]])
                if self.rows:
                    import pyarrow as pa

                    columns = list(self.rows[0])
                    con.register("dq_run", pa.Table.from_pylist(self.rows))
                    con.execute(f"insert into audit.dq_results by name select {', '.join(columns)} from dq_run")
                    con.unregister("dq_run")
                if publishable:
                    for name, count in sorted(self.delivered_rows.items()):
                        con.execute("insert into audit.delivery_history values (?, ?, ?, ?, ?)",
                                    [self.run_id, self.run_at, self.delivered_on, f"{name}.{self._extension}", count])
                con.execute("checkpoint")
        except (duckdb.Error, OSError) as exc:
            first = str(exc).splitlines()[0]
            raise GateError(f"writing the quality results into {build_file} failed ({first})"
                            f"{'; the disk is full' if _disk_full(exc) else ''}: nothing was published") from None


def _raw_rows(run_dir: Path, published: Path, deliveries: dict[str, list[int]], run_id: str, run_at: datetime,
              *args) -> list[dict]:
    """Gate.check_raw of a run begun in the parent (its id and time), in a child process: the rows."""
    gate = Gate(run_dir, published, History(deliveries=deliveries), run_id=run_id, run_at=run_at)
    gate.check_raw(*args)
    return gate.rows


def _die_with(parent: int) -> None:
    """In a gate's child process: on Linux the kernel kills it when the build dies, so a killed
    build leaves no validation running."""
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def _in_child(function, *args):
    """function(*args) in a fresh Python process (spawned, not forked: it inherits neither this
    process's memory nor DuckDB's threads), which exits when it returns. Its errors are raised
    here; a child that dies (killed for memory) is a GateError."""
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_die_with,
                                 initargs=(os.getpid(),)) as pool:
            return pool.submit(function, *args).result()
    except BrokenProcessPool as exc:
        raise GateError(f"the quality gate's process on the delivery died before it finished ({exc}); if the "
                        f"machine is short of memory, give the build more (--memory-limit)") from None


def _disk_full(exc: BaseException) -> bool:
    import errno

    return getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(exc)


def _context(project_root: Path):
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("TQDM_DISABLE", "1")  # GX's per-expectation progress bars
    (project_root / "gx").mkdir(parents=True, exist_ok=True)
    shutil.copy(GX_CONFIG, project_root / "gx" / "great_expectations.yml")
    return gx, gx.get_context(mode="file", project_root_dir=str(project_root))
