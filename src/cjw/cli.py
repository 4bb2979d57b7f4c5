"""The single command-line entry point: `cjw generate | check | build | ...`.

Everything a delivery or the warehouse says (file names, column names, values, gate messages) is
printed as plain text, never interpreted as terminal markup, and no failure ends in a Python
traceback: an unexpected error is summarised in one line, with the traceback written to a log file.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import traceback
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cjw.build import BuildFailed, build
from cjw.delivery import DeliveryError, check_deliveries
from cjw.generator import generate as generate_world

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Customer journey analytics warehouse: generate demo data, check deliveries, build.")
console = Console(stderr=True)


def say(style: str, label: str, text: str) -> None:
    """One line: a styled label, then text that is printed as is (data is never markup)."""
    console.print(f"[{style}]{label}[/] {escape(str(text))}" if label else escape(str(text)),
                  style=None if label else style, soft_wrap=True)


@app.command()
def generate(
    people: int = typer.Option(2000, help="How many people the world has."),
    seed: int = typer.Option(None, help="Random seed (default: a fresh one, printed)."),
    out: Path = typer.Option(..., help="Directory for the 12 raw export files."),
    truth: Path = typer.Option(None, help="Directory for ground truth (default: <out>/_truth)."),
    no_truth: bool = typer.Option(False, "--no-truth", help="Write no ground truth (large worlds)."),
    bad_rate: float = typer.Option(0.005, help="Share of rows planted as bad rows."),
) -> None:
    """Generate a deterministic demo world: raw exports plus the truth behind every record."""
    if seed is None:
        seed = random.SystemRandom().randint(1, 2**31 - 1)
    truth_dir = None if no_truth else (truth or out / "_truth")
    with Progress(TextColumn("generating"), BarColumn(), TextColumn("{task.completed}/{task.total} people"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("people", total=people)
        counts = generate_world(people, seed, out, truth_dir, bad_rate,
                                progress=lambda n: bar.update(task, completed=n))
    table = Table(title=f"world: {people} people, seed {seed}")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for f, n in counts.items():
        table.add_row(f"{f}.csv", f"{n:,}")
    Console().print(table)


@app.command()
def check(raw_dir: Path = typer.Option(Path("seeds/raw"), help="Directory of the 12 contract files."),
          raw_format: str = typer.Option("csv", help="csv or parquet")) -> None:
    """Check a delivery's files (columns, encoding, delimiter, malformed lines) without building; of a
    folder of dated deliveries, every delivery's."""
    reports = check_deliveries(raw_dir, raw_format)
    failed = False
    for r in reports:
        for w in r.warnings:
            say("yellow", "warning", f"{r.path}: {w}")
        for e in r.errors:
            failed = True
            say("red", "error", f"{r.path}: {e}")
        if not r.errors:
            say("green", "ok", f"{r.path}: {r.rows:,} rows")
    raise typer.Exit(1 if failed else 0)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not a YYYY-MM-DD date: {value!r}") from None


@app.command(name="build")
def build_cmd(raw_dir: Path = typer.Option(None, help="A delivery directory; default: the demo seeds."),
              raw_format: str = typer.Option("csv", help="csv or parquet (with --raw-dir)"),
              delivered_on: str = typer.Option(
                  None, help="The delivery's date, YYYY-MM-DD: rows dated after it (plus var "
                             "future_tolerance_days) are quarantined. Default: the date of its newest file."),
              without: str = typer.Option(
                  None, help="Sources the organisation does not have, comma-separated (e.g. social,direct_mail): "
                             "their files may be missing; the reports say the channel is not connected."),
              keep_full_build: bool = typer.Option(
                  True, help="Keep the build with every schema (staging, intermediate; owner only) as "
                             "<warehouse folder>/full-build/build.duckdb: the next build starts from it "
                             "(incremental) when only new deliveries arrived; for debugging too."),
              full_refresh: bool = typer.Option(
                  False, help="Build from every delivery, not from the kept previous build."),
              refit: bool = typer.Option(
                  False, help="Run the statistical fits (CLV, lapse, touchpoint impact) in a build over the previous "
                              "one, which refits them every CJW_REFIT_EVERY_DAYS days of deliveries (default 7) "
                              "and keeps them in between (audit.model_fits). Implies --force."),
              force: bool = typer.Option(
                  False, help="Build even when the delivery and the project are the published build's."),
              memory_limit: str = typer.Option(
                  None, help="The memory the whole build may use, e.g. 4GB; DuckDB's memory limit is half of it "
                             "(default: env CJW_MEMORY_LIMIT, else DuckDB's, 80 % of the machine's memory; "
                             "CJW_DUCKDB_MEMORY_LIMIT sets DuckDB's directly)."),
              temp_directory: Path = typer.Option(
                  None, help="Where DuckDB spills what does not fit in memory (default: env CJW_TEMP_DIRECTORY, "
                             "else a .tmp folder beside the build file).")) -> None:
    """Check the delivery, build the warehouse into a new file and publish it atomically. Skipped
    when the published warehouse was built from this very delivery and project (--force builds)."""
    from cjw import resources, uptodate
    from cjw.build import DEMO_DELIVERY, delivery_date, published_path

    try:
        if memory_limit:
            os.environ[resources.MEMORY_LIMIT] = resources.check_memory_limit(memory_limit)
        if temp_directory:
            os.environ[resources.TEMP_DIRECTORY] = str(temp_directory.resolve())
        resources.duckdb_settings()
    except ValueError as exc:
        say("red", "", f"{exc} (--memory-limit, {resources.MEMORY_LIMIT} or {resources.DUCKDB_MEMORY_LIMIT})")
        raise typer.Exit(2) from None
    day = _parse_date(delivered_on)
    sources = {s.strip() for s in (without or "").split(",") if s.strip()}
    delivery = raw_dir or DEMO_DELIVERY
    published = published_path()
    stamp = uptodate.stamp_for(published)
    try:
        resolved_day = day or (delivery_date(delivery, raw_format if raw_dir else "csv") if delivery.exists() else None)
    except (OSError, ValueError):
        resolved_day = None
    inputs = uptodate.fingerprint([*uptodate.project_paths(uptodate.BUILD_INPUTS), delivery],
                                  raw_format=raw_format, delivered_on=resolved_day, without=sorted(sources),
                                  keep_full_build=keep_full_build, full_refresh=full_refresh)
    if not (force or refit) and uptodate.is_up_to_date(stamp, inputs, published):
        say("green", "up to date", f"{published} was built from this delivery and project "
            "(cjw build --force rebuilds)")
        return
    try:
        result = build(raw_dir, raw_format, day, sources, keep_full_build, full_refresh, refit)
    except DeliveryError as exc:
        say("red", "", exc)
        raise typer.Exit(2) from None
    except BuildFailed as exc:
        say("red", "", exc)
        raise typer.Exit(1) from None
    for warning in result.preflight_warnings:
        say("yellow", "warning", warning)
    for note in result.notes:
        say("yellow", "note", note)
    for warning in result.gate_warnings:
        say("yellow", "quality warning", warning)
    say("green", "build", result.started_from)
    say("green", "fits", result.fits)
    if result.disabled_sources:
        say("yellow", "note", f"sources not connected: {', '.join(result.disabled_sources)}")
    say("green", "published", f"{result.published} (delivered on {result.delivered_on}) in {result.seconds:.1f}s"
        + (f"; Data Docs: {result.data_docs}" if result.data_docs else ""))
    say("green", "restricted", f"{result.restricted} (personal data, owner only)")
    say("green", "steps", result.describe_phases())
    say("green", "BI file", result.bi_file)
    uptodate.record(stamp, inputs, result.published, delivered_on=str(result.delivered_on))


@app.command()
def bench(people: int = typer.Option(20000, help="People in the benchmark world."),
          seed: int = typer.Option(424242, help="Seed of the benchmark world."),
          workdir: Path = typer.Option(Path(".data/bench"), help="Where the world and warehouse go."),
          identity_only: bool = typer.Option(False, help="Only compare connected components in dbt with bare scipy, "
                                             "on the warehouse an earlier bench of this world built."),
          memory_limit: str = typer.Option(None, help="The memory the build may use (e.g. 4GB; DuckDB's limit is half "
                                           "of it, in the build and the raw-load baseline; default: CJW_MEMORY_LIMIT, "
                                           "else DuckDB's own)."),
          daily: int = typer.Option(0, help="Deliver the world as a history and this many daily deliveries, and time "
                                    "the build of each arrival (0: one delivery).")) -> None:
    """Generate (or reuse) a world, build it and print timing, memory and row-count figures."""
    from cjw import resources
    from cjw.bench import identity_figures, run, run_daily, world_paths

    if memory_limit:
        try:
            os.environ[resources.MEMORY_LIMIT] = resources.check_memory_limit(memory_limit)
        except ValueError as exc:
            say("red", "", f"{exc} (--memory-limit)")
            raise typer.Exit(2) from None
    workdir.mkdir(parents=True, exist_ok=True)
    if identity_only:
        raw, target = world_paths(people, seed, workdir.resolve())
        full = target.parent / "full-build" / "build.duckdb"
        if not full.exists():
            raise typer.BadParameter(f"no benchmark build {full}: run `cjw bench --people {people}` first")
        lines = identity_figures(full, raw)
    elif daily:
        lines = run_daily(people, seed, workdir.resolve(), daily)
    else:
        lines = run(people, seed, workdir.resolve())
    for line in lines:
        Console().print(line, highlight=False)
    if lines and ("the build failed" in lines[-1]):
        raise typer.Exit(1)


@app.command()
def reports(
    warehouse: Path = typer.Option(None, help="Warehouse to report on (default: the published one)."),
    force: bool = typer.Option(False, help="Build even when neither the warehouse nor the pages changed."),
) -> None:
    """Build the Evidence reports (reports/build) from the published warehouse, offline. Skipped when
    the site was built from this warehouse and these pages (--force builds)."""
    from cjw import uptodate
    from cjw.build import published_path
    from cjw.reports import REPORTS_DIR, ReportsFailed, build_reports

    source = (warehouse or published_path()).resolve()
    site, stamp = REPORTS_DIR / "build", REPORTS_DIR / ".cjw-reports.json"
    inputs = uptodate.fingerprint(uptodate.project_paths(uptodate.REPORT_INPUTS), warehouse=str(source),
                                  warehouse_state=uptodate.output_state(source))
    if not force and uptodate.is_up_to_date(stamp, inputs, site):
        say("green", "up to date",
            f"{site} was built from this warehouse and these pages (cjw reports --force rebuilds)")
        return
    try:
        site = build_reports(source)
    except ReportsFailed as exc:
        say("red", "", exc)
        raise typer.Exit(1) from None
    uptodate.record(stamp, inputs, site)
    say("green", "reports built", f"{site} (serve it: cd {site} && python3 -m http.server 3000)")


@app.command()
def docs(
    warehouse: Path = typer.Option(None, help="Warehouse to describe (default: the published one)."),
    force: bool = typer.Option(False, help="Generate even when neither the warehouse nor the project changed."),
) -> None:
    """dbt docs generate (target/docs: index.html, catalog.json) from a copy of the warehouse, so
    readers of the published file are never locked out. A target folder of its own: dbt keeps one
    parse per folder, and the prod profile here would make the next plain `dbt build` re-parse."""
    import shutil
    import tempfile

    from cjw import uptodate
    from cjw.build import PROJECT_DIR, dbt_env, published_path, run_dbt

    source = (warehouse or published_path()).resolve()
    index, stamp = PROJECT_DIR / "target" / "docs" / "index.html", PROJECT_DIR / "target" / "docs" / ".cjw-docs.json"
    inputs = uptodate.fingerprint(uptodate.project_paths(uptodate.BUILD_INPUTS), warehouse=str(source),
                                  warehouse_state=uptodate.output_state(source))
    if not force and uptodate.is_up_to_date(stamp, inputs, index):
        say("green", "up to date", "target/docs/index.html describes this warehouse and project (cjw docs --force)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / source.name  # same file name: views carry the catalog name
        shutil.copyfile(source, copy)  # not the published file's read-only mode
        code = run_dbt(["docs", "generate", "--target", "prod", "--target-path", "target/docs"], dbt_env(copy, None))
    if code != 0:
        raise typer.Exit(code)
    uptodate.record(stamp, inputs, index)
    say("green", "docs generated",
        "target/docs/index.html (serve it: .venv/bin/dbt docs serve --target-path target/docs)")


@app.command()
def score(truth: Path = typer.Option(..., help="Truth directory written by `cjw generate`."),
          raw_dir: Path = typer.Option(..., help="The world's raw files."),
          warehouse: Path = typer.Option(None, help="A build with every schema (default: the one `cjw build "
                                         "--keep-full-build` kept beside DUCKDB_PATH).")) -> None:
    """Score identity resolution against a generated world's truth (pairwise precision / recall)."""
    from cjw.build import published_path
    from cjw.scoring import score_identity

    full = (warehouse or published_path().parent / "full-build" / "build.duckdb").resolve()
    if not full.exists():
        say("red", "", f"no build with every schema at {full}: build with `cjw build --keep-full-build` first")
        raise typer.Exit(2)
    result = score_identity(full, truth, raw_dir)
    for line in result.lines():
        Console().print(line, highlight=False)


@app.command()
def audiences(out: Path = typer.Option(..., help="Folder for the CSVs (personal data: never beside the BI file "
                                                 "or in reports/)."),
              warehouse: Path = typer.Option(None, help="Published warehouse (default: the published one).")) -> None:
    """Export reporting.mart_audiences: one CSV per audience, with the contact fields of the
    restricted file (names, email, phone, country), owner-readable only."""
    from cjw.audiences import AudienceError, export_audiences
    from cjw.build import published_path, restricted_path

    bi_file = (warehouse or published_path()).resolve()
    try:
        counts = export_audiences(bi_file, restricted_path(bi_file), out)
    except AudienceError as exc:
        say("red", "audiences", str(exc))
        raise typer.Exit(2) from None
    for audience, exported in counts.items():
        unreachable = (f" ({exported.without_contact:,} with neither an email nor a phone: their only address is a "
                       "shared mailbox, or none)" if exported.without_contact else "")
        say("green", "audience", f"{out / (audience + '.csv')}: {exported.rows:,} people{unreachable}")


@app.command(name="compare")
def compare_cmd(before: Path = typer.Argument(..., help="A warehouse (or a build with every schema)."),
                after: Path = typer.Argument(..., help="The warehouse to compare it with."),
                schemas: str = typer.Option("marts,reporting,audit,restricted", help="Schemas to compare."),
                ignore: str = typer.Option("loaded_at", help="Columns to leave out (a run's time)."),
                digits: int | None = typer.Option(
                    None, min=1, max=17,
                    help="Compare floating-point values rounded to this many significant digits (for a change "
                         "that computes a value another way). Default: exactly, to the last bit."),
                map_customer_ids: bool = typer.Option(
                    False, help="Read each customer id of the first warehouse as the second's id of the customer "
                                "with the same identifiers (restricted.duckdb beside each published file): for a "
                                "warehouse built day by day against a fresh build.")) -> None:
    """Compare every table of two warehouses: same rows, same values (tables matched by name, so a
    table that moved to another schema is still compared). Exit 1 when any table differs."""
    from cjw.build import restricted_path
    from cjw.compare import compare

    ids = (restricted_path(before.resolve()), restricted_path(after.resolve())) if map_customer_ids else None
    diffs = compare(before.resolve(), after.resolve(), [s.strip() for s in schemas.split(",")],
                    {c.strip() for c in ignore.split(",") if c.strip()}, digits=digits, by_name=True,
                    customer_ids=ids)
    for diff in diffs:
        say("green" if diff.identical else "yellow", "", diff.line())
    raise typer.Exit(0 if all(d.identical for d in diffs) else 1)


def main() -> None:
    """The `cjw` command: the app, with any unexpected error summarised instead of a traceback."""
    try:
        code = app(standalone_mode=False)  # click returns an Exit's code instead of exiting
    except (typer.Abort, KeyboardInterrupt):
        say("red", "", "interrupted")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line on screen, the traceback in a log
        import click

        # click's usage errors, and typer's (typer 0.29 carries its own copy of click: the
        # typer.BadParameter a bad --delivered-on raises is not a click.ClickException)
        usage_errors = (click.ClickException,
                        *(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"))
        if isinstance(exc, usage_errors):
            exc.show()
            sys.exit(exc.exit_code)
        if type(exc).__name__ == "OutOfMemoryException":  # DuckDB's, outside dbt (pre-flight, gate)
            from cjw import resources

            limit = resources.duckdb_settings().get("memory_limit", "DuckDB's default")
            say("red", "out of memory", f"DuckDB needed more than its memory limit ({limit}) here: "
                f"{str(exc).splitlines()[0]} Raise --memory-limit ({resources.MEMORY_LIMIT}); nothing was published.")
            sys.exit(2)
        with tempfile.NamedTemporaryFile("w", prefix="cjw-error-", suffix=".log", delete=False) as log:
            traceback.print_exc(file=log)
        say("red", "internal error", f"{type(exc).__name__}: {exc} (details in {log.name}; please report it)")
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
