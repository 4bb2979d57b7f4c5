"""Build the warehouse into a fresh DuckDB file, gate it, and publish it atomically.

Order: pre-flight of the delivery -> quality gate on the raw delivery (volume against the
published deliveries) -> dbt build --target prod (models, data tests, unit tests, contracts) into
`warehouse/.build-<run>/build.duckdb` -> quality gate on that build -> split -> publish. The
split writes two new files from the gated build: the BI file (the marts, reporting and audit
schemas, as tables: no raw, staging, intermediate or personal data) and the restricted file (the
restricted schema: the unmasked golden record and identifiers, the quarantined raw rows). Each
published file (DUCKDB_PATH, default `warehouse/warehouse.duckdb`, and `restricted.duckdb` beside
it) is only ever replaced by a rename of a completely built and gated file, so readers never see a
half-built warehouse and a failed build leaves the last good one in place.

One build at a time per warehouse folder (a lock on the folder; a second build is refused with a
message). dbt runs as a child that dies with the build (and holds the lock with it), so a killed
build never leaves dbt writing into a folder the next build removes. Publishing refuses while a
program holds the published file open read-write, removes a stale write-ahead log that a crashed
read-write client left beside it (DuckDB would replay it into the new file), and leaves the
published file read-only.

The statistical fits (dbt tag `refit`: the CLV, lapse and touchpoint-impact models and what they
alone feed) are refit on a schedule (plan_fits): a full build always fits them; a build over the
previous one refits them when the delivery is CJW_REFIT_EVERY_DAYS days (default 7) past the one
they were last fitted on, or when asked (refit=True, `cjw build --refit`), and otherwise runs
`dbt build --exclude tag:refit`, keeping the previous build's fits (audit.model_fits says when
they were made).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from cjw import resources
from cjw.delivery import (
    DeliveredFile,
    DeliveryError,
    assert_delivery_ok,
    delivery_day,
    delivery_folders,
    list_deliveries,
)

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "warehouse.duckdb"
DEMO_DELIVERY = PROJECT_DIR / "seeds" / "raw"
# a build needs at least this much free space beside the published file besides the estimate below
MIN_FREE_BYTES = 200 * 1024 * 1024
# how many days of deliveries a build over the previous one keeps the fits before refitting them
REFIT_EVERY_DAYS = "CJW_REFIT_EVERY_DAYS"
DEFAULT_REFIT_EVERY_DAYS = 7


def published_path() -> Path:
    return Path(os.environ.get("DUCKDB_PATH") or DEFAULT_WAREHOUSE).resolve()


def dbt_executable() -> str:
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else "dbt"


def restricted_path(published: Path) -> Path:
    """The restricted file (personal data), beside the BI file."""
    return published.with_name("restricted.duckdb")


def dbt_env(duckdb_path: Path, raw_dir: Path | None, raw_format: str = "csv",
            delivered_on: date | None = None) -> dict[str, str]:
    """The environment of a `dbt ... --target prod` run into duckdb_path."""
    env = dict(os.environ)
    env["CJW_BUILD_DUCKDB"] = str(duckdb_path)
    env["DBT_PROFILES_DIR"] = str(PROJECT_DIR)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    # absolute: a build's dbt runs in its build folder (run_dbt_build)
    env["CJW_RAW_DIR"] = str((raw_dir or DEMO_DELIVERY).resolve())
    env["CJW_RAW_FORMAT"] = raw_format
    env["CJW_DELIVERED_ON"] = delivered_on.isoformat() if delivered_on else env.get("CJW_DELIVERED_ON", "")
    return env


def _die_with_parent(parent: int):
    """For the dbt child: on Linux, the kernel kills it when the build process dies (even by
    SIGKILL), so a killed build never leaves dbt running. Everything the child runs between fork
    and exec is prepared here, in the parent (no import after the fork)."""
    prctl = None
    if sys.platform.startswith("linux"):
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl

    def setup() -> None:
        if prctl is not None:
            prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the build died before prctl took effect
            os._exit(1)
    return setup


def run_dbt(args: list[str], env: dict[str, str], pass_fds: tuple[int, ...] = (), cwd: Path = PROJECT_DIR) -> int:
    cmd = [dbt_executable(), *args, "--project-dir", str(PROJECT_DIR)]
    return subprocess.call(cmd, env=env, cwd=cwd, pass_fds=pass_fds,
                           preexec_fn=_die_with_parent(os.getpid()))


# dbt's parse of the project (partial_parse.msgpack), kept from one build to the next of the same
# code (the code print names the file, so changed models, macros, seeds or project files are parsed
# whole; only a changed data test under tests/dbt, which the print leaves out, is left to dbt's own
# file diff). A build's dbt runs in the build's folder and names its DuckDB file relatively
# (CJW_BUILD_DUCKDB=build.duckdb), so the profile dbt hashes is the same for every build and dbt
# parses again only the models that read an environment variable whose value changed
# (CJW_INCREMENTAL through incremental_run(), CJW_DELIVERED_ON). A full parse takes ~12 s.
PARSE_CACHE = PROJECT_DIR / "target" / "cjw-build-parse"


def run_dbt_build(args: list[str], env: dict[str, str], build_file: Path, target_path: Path, code: str,
                  pass_fds: tuple[int, ...] = ()) -> int:
    """`dbt <args> --target prod --target-path target_path` into build_file, starting from the
    parse the last build of the same code (`code`, its print) kept, and keeping this one's."""
    env = {**env, "CJW_BUILD_DUCKDB": build_file.name}
    target_path.mkdir(parents=True, exist_ok=True)
    saved, kept = target_path / "partial_parse.msgpack", PARSE_CACHE / f"{code[:16]}.msgpack"
    try:
        shutil.copyfile(kept, saved)
    except OSError:
        pass  # no parse of this code kept yet (or unreadable): dbt parses the whole project
    exit_code = run_dbt([*args, "--target", "prod", "--target-path", str(target_path)], env, pass_fds,
                        cwd=build_file.parent)
    if saved.exists():
        try:
            PARSE_CACHE.mkdir(parents=True, exist_ok=True)
            part = PARSE_CACHE / f".{kept.name}-{os.getpid()}"
            shutil.copyfile(saved, part)
            os.replace(part, kept)  # two builds at once: each file is whole
            for old in PARSE_CACHE.glob("*.msgpack"):
                if old != kept:
                    old.unlink(missing_ok=True)  # older code's parse
        except OSError:
            pass  # a read-only project: the next build parses again
    return exit_code


def dbt_node(unique_id: str) -> tuple[str, str]:
    """A dbt node's kind and name from its unique_id: model.<project>.<name>,
    test.<project>.<name>.<hash> (a test's name, not its hash)."""
    parts = unique_id.split(".")
    return parts[0], parts[2] if len(parts) > 2 else parts[-1]


def failed_nodes(target_path: Path, count: int = 5) -> str:
    """The nodes that failed a dbt build, as dbt's run_results.json names them, for the build's
    error: ": failed test x (Got 1 result, configured to fail if != 0)". Empty when dbt wrote no
    results (it stopped before running a node)."""
    try:
        results = json.loads((target_path / "run_results.json").read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    failed = [r for r in results if r.get("status") in ("error", "fail", "runtime error")]
    if not failed:
        return ""
    named = []
    for r in failed[:count]:
        kind, name = dbt_node(r["unique_id"])
        message = " ".join((r.get("message") or "").split())[:300]
        named.append(f"{kind} {name}" + (f" ({message})" if message else ""))
    more = f" and {len(failed) - count} more" if len(failed) > count else ""
    return ": failed " + "; ".join(named) + more


@dataclass
class BuildResult:
    published: Path
    seconds: float
    gate_warnings: list[str] = field(default_factory=list)
    data_docs: Path | None = None
    preflight_warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    delivered_on: date | None = None
    restricted: Path | None = None
    full_build: Path | None = None  # every schema of the build, when kept (keep_full_build)
    disabled_sources: list[str] = field(default_factory=list)
    started_from: str = ""  # incremental over the previous build, or a full build and why (cjw.state)
    fits: str = ""  # whether the build ran the fits (tag refit) or kept the previous ones, and why (plan_fits)
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step of the build, in order
    bi_file: str = ""  # how the split wrote the BI file: whole, or the previous one with the day's changes
    split_slowest: str = ""  # the split's slowest steps and their seconds

    def describe_phases(self) -> str:
        return ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in self.phases.items())


class BuildFailed(Exception):
    pass


class QualityGateFailed(BuildFailed):
    """A critical Great Expectations expectation failed: nothing was published."""


class BuildLocked(BuildFailed):
    """Another build of the same warehouse is running."""


class FolderLock:
    """An exclusive lock on the published warehouse's folder for the whole build (flock on the
    folder itself, so no lock file is left behind). The dbt child inherits it: the folder stays
    locked until the build and its dbt are both gone."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fd: int | None = None

    def __enter__(self) -> FolderLock:
        self.fd = os.open(self.folder, os.O_RDONLY)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            running = sorted(p.name for p in self.folder.glob(".build-*"))
            where = f" (its folder: {self.folder / running[-1]})" if running else ""
            raise BuildLocked(f"another build of {self.folder} is running{where}: wait for it to finish, "
                              f"or stop it, then build again. Nothing was done.") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class BackgroundCopy:
    """A copy of a file made by a thread (os.sendfile, in chunks, which releases the GIL), so that
    the build's own work goes on meanwhile. wait() returns when the copy is complete and raises
    what stopped it (a full disk: OSError); abandon() stops it after the chunk under way and
    removes the partial copy."""

    CHUNK = 256 * 1024 * 1024

    def __init__(self, source: Path, target: Path) -> None:
        self.source, self.target = source, target
        self.error: BaseException | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._copy, name="copy-kept-build", daemon=True)
        self.thread.start()

    def _copy(self) -> None:
        try:
            with open(self.source, "rb") as source, open(self.target, "wb") as target:
                size, done = os.fstat(source.fileno()).st_size, 0
                while done < size and not self.stopped.is_set():
                    sent = os.sendfile(target.fileno(), source.fileno(), done, min(self.CHUNK, size - done))
                    if sent == 0:
                        raise OSError(f"{self.source} ended after {done} of its {size} bytes while it was copied")
                    done += sent
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            self.error = exc

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.target.unlink(missing_ok=True)


def remove_abandoned_builds(folder: Path) -> None:
    """Build folders of earlier builds are removed by the next build (it holds the folder lock, so
    no other build, and no dbt of one, is still writing into them)."""
    for old in folder.glob(".build-*"):
        shutil.rmtree(old, ignore_errors=True)


def delivery_date(directory: Path, raw_format: str) -> date:
    """A delivery's date by default: the day (UTC) its newest file was written; of a folder of dated
    deliveries, the newest delivery's day (its folder's name)."""
    ext = "parquet" if raw_format == "parquet" else "csv"
    newest_folder = delivery_folders(directory, raw_format)[-1]
    if newest_folder:
        try:
            return date.fromisoformat(delivery_day(newest_folder) or "")
        except ValueError:
            pass  # 2026-13-45: not a date after all; the files' time says when
    newest = max((p.stat().st_mtime for p in directory.glob(f"{newest_folder}/raw_*.{ext}" if newest_folder
                                                             else f"raw_*.{ext}")), default=time.time())
    return datetime.fromtimestamp(newest, UTC).date()


def _is_dated(delivery: str) -> bool:
    """A delivery named by a real date (its rows are checked against that day, as
    create_raw_views reads it); a single delivery, or 2026-13-45, is checked against the build's."""
    try:
        date.fromisoformat(delivery_day(delivery) or "")
    except ValueError:
        return False
    return True


def _disk_full(exc: BaseException | None = None, folder: Path | None = None) -> bool:
    if exc is not None and (getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(exc)):
        return True
    return folder is not None and shutil.disk_usage(folder).free < MIN_FREE_BYTES // 4


def _check_free_space(folder: Path, delivered: list[DeliveredFile], target: Path, state: Path | None) -> None:
    need = max(target.stat().st_size if target.exists() else 0,
               sum(f.file_bytes for f in delivered if f.status == "loaded")) + MIN_FREE_BYTES
    if state is not None:
        need += state.stat().st_size  # the copy the build starts from
    free = shutil.disk_usage(folder).free
    if free < need:
        raise BuildFailed(f"not enough free disk space in {folder}: {free / 2**20:,.0f} MB free, a build needs about "
                          f"{need / 2**20:,.0f} MB (the size of the warehouse or the delivery, the previous "
                          f"build it starts from, plus {MIN_FREE_BYTES // 2**20} MB). Nothing was built.")


def _free_failed_build(run_dir: Path) -> str:
    """After a failure on a full disk, the failed build's warehouse goes (it would keep the disk
    full until the next build); its logs stay."""
    for f in run_dir.glob("*.duckdb*"):
        f.unlink(missing_ok=True)
    return f" The disk is full: the failed build's warehouse file was removed from {run_dir} to free the space."


def refit_every_days() -> int:
    """The days of deliveries between two refits (CJW_REFIT_EVERY_DAYS, a whole number >= 1)."""
    value = os.environ.get(REFIT_EVERY_DAYS, str(DEFAULT_REFIT_EVERY_DAYS)).strip()
    if not value.isdigit() or int(value) < 1:
        raise BuildFailed(f"{REFIT_EVERY_DAYS}={value!r}: give a whole number of days, 1 or more")
    return int(value)


def plan_fits(incremental: bool, fitted_on: str | None, delivered_on: date, refit: bool,
              every: int) -> tuple[bool, str]:
    """Whether this build runs the fits (tag refit), and why: always in a full build (incremental
    False) or when asked (refit); over the previous build when its fits were made on a delivery
    `every` or more days before this one (or when it does not say when)."""
    if not incremental:
        return True, "refit: a full build fits everything"
    if refit:
        return True, "refit: asked for (--refit)"
    if fitted_on is None:
        return True, "refit: the previous build does not say when its fits were made"
    age = (delivered_on - date.fromisoformat(fitted_on)).days
    if age >= every:
        return True, f"refit: the fits were made on the delivery of {fitted_on}, {age} days before this one " \
                     f"(refit every {every} days, {REFIT_EVERY_DAYS})"
    due = date.fromisoformat(fitted_on).toordinal() + every
    return False, (f"kept: the fits of the delivery of {fitted_on} (audit.model_fits); the next refit comes with the "
                   f"delivery of {date.fromordinal(due)} (every {every} days, {REFIT_EVERY_DAYS}) or with --refit")


def first_reads(delivered: list[DeliveredFile], begin) -> dict[str, list[Path]] | None:
    """What the delivery gate samples when the build starts from the previous one (`begin`, a
    cjw.state.Start): each export's files that this build reads for the first time, or, for an
    export without a new file, its newest loaded file (the previous build's gate passed them
    all). None when the build starts from nothing: every loaded file."""
    if begin.path is None:
        return None
    new = {(f[1], f[2]) for f in begin.new_files}
    out: dict[str, list[Path]] = {}
    newest: dict[str, DeliveredFile] = {}
    for f in delivered:
        if f.status != "loaded":
            continue
        if (f.delivery, f.table_name) in new:
            out.setdefault(f.table_name, []).append(f.path)
        if f.table_name not in newest or f.delivery_index > newest[f.table_name].delivery_index:
            newest[f.table_name] = f
    for name, f in newest.items():
        out.setdefault(name, [f.path])
    return out


def disabled_sources(extra: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """The sources this build leaves out: those the dbt project disables (var using_<source>:
    false in dbt_project.yml) and those asked for (cjw build --without)."""
    from cjw.quality.rules import project_vars
    from cjw.registry import raw_files

    project = project_vars(PROJECT_DIR)
    known = {f.source: f for f in raw_files().values()}
    unknown = set(extra) - set(known)
    if unknown:
        raise BuildFailed(f"unknown source(s) {', '.join(sorted(unknown))}; the registry's sources are "
                          f"{', '.join(sorted(known))}")
    off = {name for name, f in known.items() if str(project.get(f.using_var, True)).lower() == "false"}
    return off | set(extra)


def build(raw_dir: Path | None = None, raw_format: str = "csv", delivered_on: date | None = None,
          without: set[str] | frozenset[str] = frozenset(), keep_full_build: bool = True,
          full_refresh: bool = False, refit: bool = False) -> BuildResult:
    """Pre-flight the delivery, gate it, run `dbt build` into a new file, gate it, publish it.
    without: sources the organisation does not have (their files may be missing). keep_full_build:
    keep the build's file with every schema (raw views, staging, intermediate) beside the published
    one as full-build/build.duckdb (owner only), the start of the next build (cjw.state: an
    incremental build when only new deliveries arrived), for tests, benchmarks and debugging too;
    False removes a kept one. full_refresh: build from every delivery, not from the kept build.
    refit: run the fits (tag refit) even when the schedule keeps them (plan_fits)."""
    from cjw.changes import file_identity
    from cjw.quality.gate import Gate, GateError, read_history
    from cjw.quality.rules import VolumeRule
    from cjw.registry import enabled_files, raw_files
    from cjw.state import Start, code_print, forget, keep, known_files, start

    started = time.monotonic()
    phases: dict[str, float] = {}
    clock = [started]

    def lap(phase: str) -> None:
        now = time.monotonic()
        phases[phase] = phases.get(phase, 0.0) + now - clock[0]
        clock[0] = now

    file_format = raw_format if raw_dir else "csv"
    delivery = raw_dir if raw_dir else DEMO_DELIVERY
    off = disabled_sources(without)
    files = enabled_files(off)
    every = refit_every_days()
    target = published_path()
    project_print = code_print(PROJECT_DIR)
    # files the kept build's pre-flight passed are not read again while unchanged (cjw.state)
    known = known_files(target, project_print) if keep_full_build and not full_refresh else {}
    reports = assert_delivery_ok(delivery, file_format, files, known)
    delivered = list_deliveries(delivery, reports, file_format)
    loaded: dict[str, list[Path]] = {}
    for f in delivered:
        if f.status == "loaded":
            loaded.setdefault(f.table_name, []).append(f.path)
    delivered_rows = {name: sum(f.rows for f in delivered if f.table_name == name and f.status == "loaded")
                      for name in files}
    delivered_on = delivered_on or delivery_date(delivery, file_format)
    target.parent.mkdir(parents=True, exist_ok=True)
    # what changes staging's verdicts besides the code and the files: a row of an undated delivery
    # is checked against the build's delivery date (macros/time_checks.sql)
    settings = {"raw_format": file_format, "without": sorted(off),
                "delivered_on": None if all(_is_dated(f.delivery) for f in delivered) else delivered_on.isoformat()}
    lap("pre-flight")
    with FolderLock(target.parent) as lock:
        remove_abandoned_builds(target.parent)
        if full_refresh:
            begin = Start(None, "full build: asked for (--full-refresh)")
        elif not keep_full_build:
            begin = Start(None, "full build: no previous build is kept (--no-keep-full-build)")
        else:
            begin = start(target, project_print, settings, delivered)
        fitting, fits = plan_fits(begin.path is not None, begin.fitted_on, delivered_on, refit, every)
        fitted_on = delivered_on.isoformat() if fitting else begin.fitted_on
        _check_free_space(target.parent, delivered, target, begin.path)
        try:
            history = read_history(target)
        except GateError as exc:
            raise BuildFailed(f"{exc} The published warehouse {target} was left unchanged.") from None
        lap("previous build and history")
        # beside the published file, so the final renames never cross a file system
        run_dir = target.parent / f".build-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        run_dir.mkdir(parents=True)
        build_file = run_dir / "build.duckdb"
        bi_file, restricted_file = run_dir / target.name, run_dir / restricted_path(target).name
        try:
            # the kept build is copied while the delivery's gate runs (the one reads and writes
            # the disk, the other mostly computes); a refused delivery stops the copy
            gate = Gate(run_dir, target, history)
            copying = BackgroundCopy(begin.path, build_file) if begin.path is not None else None
            try:
                gate.check_raw(delivery, file_format, delivered_rows, VolumeRule.from_project(PROJECT_DIR),
                               delivered_on.isoformat(), files, loaded, first_reads(delivered, begin),
                               in_child=resources.build_memory_bounded())
            except BaseException:
                if copying:
                    copying.abandon()
                raise
            if not gate.passed:
                if copying:
                    copying.abandon()
                gate.build_docs(run_dir / "data_docs")
                gate.write_results(bi_file, publishable=False)
                raise _gate_failed(gate, target, bi_file, "the delivery was refused before anything was built")
            lap("gate on the delivery")
            if copying:
                copying.wait()
            carry_state(build_file, target)
            hand_over_deliveries(build_file, delivered)
            lap("start of the build file")
            env = dbt_env(build_file, raw_dir, raw_format, delivered_on)
            env["CJW_DELIVERIES_LISTED"] = "1"
            env["CJW_INCREMENTAL"] = "1" if begin.path is not None else "0"
            args = ["build"]
            if off:
                args += ["--vars", json.dumps({raw_files()[name].using_var: False for name in raw_files()
                                               if raw_files()[name].source in off})]
            excluded = []
            if raw_dir:
                # unit tests test the code, not the data: they run in the demo build (make test)
                excluded.append("test_type:unit")
            if not fitting:
                # the fits and their tests: the previous build's are kept (plan_fits)
                excluded.append("tag:refit")
            if excluded:
                args += ["--exclude", *excluded]
            code = run_dbt_build(args, env, build_file, run_dir / "target", project_print, pass_fds=(lock.fd,))
            if code != 0:
                freed = _free_failed_build(run_dir) if _disk_full(folder=target.parent) else ""
                raise BuildFailed(f"dbt build failed (exit {code}){failed_nodes(run_dir / 'target')}; the published "
                                  f"warehouse {target} was left unchanged. The failed build is in {run_dir}.{freed}")
            lap("dbt build")
            gate.add_dbt_results(run_dir / "target")
            gate.check_warehouse(build_file, files)
            gate.build_docs(run_dir / "data_docs")
            gate.write_results(build_file, publishable=gate.passed)
            if not gate.passed:
                raise _gate_failed(gate, target, build_file, "")
            lap("gate on the warehouse")
            # the published BI file is reused when it is the one the kept build published
            previous = target if begin.path is not None and begin.published and target.exists() \
                and file_identity(target) == begin.published else None
            split_steps: list[tuple[float, str]] = []
            written = split(build_file, bi_file, restricted_file, previous, run_dir / "target", split_steps)
            lap("split")
            notes = publish(bi_file, target)
            published = file_identity(target)
            notes += publish(restricted_file, restricted_path(target), owner_only=True)
        except GateError as exc:
            freed = _free_failed_build(run_dir) if _disk_full(exc, target.parent) else ""
            raise BuildFailed(f"{exc}. The published warehouse {target} was left unchanged.{freed}") from None
        except OSError as exc:
            if not _disk_full(exc, target.parent):
                raise
            raise BuildFailed(f"the disk is full ({exc}); the published warehouse {target} was left unchanged."
                              f"{_free_failed_build(run_dir)}") from None
        docs = target.parent / "data_docs"
        stale = target.parent / f".data_docs-old-{os.getpid()}"
        if docs.exists():
            os.replace(docs, stale)
        os.replace(run_dir / "data_docs", docs)
        shutil.rmtree(stale, ignore_errors=True)
        lap("publish")
        full = None
        if keep_full_build:
            full = keep(build_file, target, project_print, settings, delivered, run_dir / "target" / "run_results.json",
                        fitted_on, published)
        else:
            forget(target)
        shutil.rmtree(run_dir, ignore_errors=True)
        lap("keep")
    return BuildResult(target, time.monotonic() - started, [gate.describe(r) for r in gate.warnings],
                       docs / "runs.html", [f"{r.path}: {w}" for r in reports for w in r.warnings], notes,
                       delivered_on, restricted_path(target), full, sorted(off), begin.why, fits, phases, written,
                       ", ".join(f"{what} {seconds:.1f} s" for seconds, what in sorted(split_steps, reverse=True)[:6]))


# what the previous publication hands to the next build (source warehouse_state): (state table,
# published file, relation there, the columns taken, which rows). A table nobody filled, on-run-start creates
# empty (macros/create_state_tables.sql).
STATE_TABLES = [
    ("previous_customer_ids", "restricted", "main.customer_identifiers_unmasked",
     "identifier_type, identifier_value, customer_id", "true"),
    ("previous_identity_changes", "bi", "audit.identity_changes", "*", "true"),
    ("previous_load_manifest", "bi", "audit.load_manifest", "delivery, table_name, file_sha256, loaded_at", "true"),
]


def carry_state(build_file: Path, published: Path) -> None:
    """Write what the published warehouse knows into the new build's `history` schema before dbt
    runs: each identifier's customer id (so ids stay stable, int_identifiers_resolved) and the log
    of id changes (int_identity_changes). Nothing published yet, or a publication from before the
    log existed: nothing is written (the tables stay empty). A published file that cannot be read
    stops the build."""
    files = {"bi": published, "restricted": restricted_path(published)}
    with duckdb.connect(str(build_file)) as con:
        con.execute("set enable_progress_bar = false")
        resources.apply(con)
        con.execute("create schema if not exists history")
        for name, kind, relation, columns, where in STATE_TABLES:
            path = files[kind]
            if not path.exists():
                continue
            try:
                con.execute(f"attach '{path.as_posix()}' as previous (read_only)")
            except duckdb.Error as exc:
                raise BuildFailed(
                    f"cannot read the published file {path} ({str(exc).splitlines()[0]}): the new build "
                    f"keeps its customer ids, so nothing was built. Close the program that holds it "
                    f"read-write and build again.") from None
            schema, table = relation.split(".")
            if con.execute("select count(*) from information_schema.tables where table_catalog = 'previous' "
                           "and table_schema = ? and table_name = ?", [schema, table]).fetchone()[0]:
                con.execute(f"create or replace table history.{name} as select {columns} from previous.{relation} "
                            f"where {where}")
            con.execute("detach previous")


def hand_over_deliveries(build_file: Path, delivered: list[DeliveredFile]) -> None:
    """Write the files this build reads (and the duplicates it skips) as history.delivery_files
    before dbt runs: the raw views read exactly the files the pre-flight and the gate checked
    (macros/create_raw_views.sql), and audit.load_manifest lists them with their checksums."""
    with duckdb.connect(str(build_file)) as con:
        con.execute("create schema if not exists history")
        con.execute("create or replace table history.delivery_files (delivery_index integer, delivery varchar, "
                    "table_name varchar, file_path varchar, file_bytes bigint, file_sha256 varchar, data_rows bigint, "
                    "load_status varchar, duplicate_of varchar)")
        con.executemany("insert into history.delivery_files values (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (f.delivery_index, f.delivery, f.table_name, f.path.as_posix(), f.file_bytes, f.sha256, f.rows, f.status,
             f.duplicate_of) for f in delivered])


# what each published file holds (build schema -> schema in the file): the BI file has no personal
# data; the restricted file keeps the restricted schema's tables in its main schema, so that
# `restricted.customer_profiles` reads the same in the build and, through the file's own name, in
# restricted.duckdb (a schema named like its file would make that name ambiguous)
BI_SCHEMAS = {"marts": "marts", "reporting": "reporting", "audit": "audit"}
RESTRICTED_SCHEMAS = {"restricted": "main"}


def split(build_file: Path, bi_file: Path, restricted_file: Path, previous: Path | None = None,
          dbt_target: Path | None = None, took: list[tuple[float, str]] | None = None) -> str:
    """Write the published files from the gated build, every relation as a table (so nothing in
    them refers to the build): the restricted file, and in a full build the BI file too, as fresh
    DuckDB files holding only their schemas (nothing dropped from the build lingers in their free
    blocks). previous: the published BI file, when it is the one the build this build started
    from published: the BI file is then a copy of it, and the marts that follow a model's rows
    take only what this run changed there (cjw.changes; dbt_target: the run's manifest and
    results). Returns how the BI file was written; `took`, when given, gets the seconds of each
    step (the copy, each table, each file's checkpoint)."""
    from cjw.changes import apply_changes, not_built, recipes, reuse_previous, same_columns, why_not

    said = "written whole"
    took = [] if took is None else took
    for out, schemas in ((bi_file, BI_SCHEMAS), (restricted_file, RESTRICTED_SCHEMAS)):
        reused = out == bi_file and previous is not None and dbt_target is not None
        step = time.monotonic()
        if reused:
            reuse_previous(previous, out)
            took.append((time.monotonic() - step, "the copy of the previous file"))
            manifest = json.loads((dbt_target / "manifest.json").read_text(encoding="utf-8"))
            run_results = json.loads((dbt_target / "run_results.json").read_text(encoding="utf-8"))
            known, as_is = recipes(manifest), not_built(manifest, run_results)
            invocation = run_results["metadata"]["invocation_id"]
        else:
            out.unlink(missing_ok=True)
            known, invocation, as_is = {}, "", set()
        with duckdb.connect(str(out)) as con:
            con.execute("set enable_progress_bar = false")
            resources.apply(con)
            con.execute(f"attach '{build_file.as_posix()}' as build (read_only)")
            relations = con.execute(
                "select table_schema, table_name from information_schema.tables where table_catalog = 'build' "
                "and table_schema in (select unnest(?)) order by all", [list(schemas)]).fetchall()
            catalog = out.stem
            for schema in schemas.values():
                con.execute(f'create schema if not exists "{catalog}".{schema}')
            wanted = {(schemas[schema], table) for schema, table in relations}
            for schema, table in con.execute("select schema_name, table_name from duckdb_tables() "
                                             "where database_name = ?", [catalog]).fetchall():
                if (schema, table) not in wanted:
                    con.execute(f'drop table "{catalog}".{schema}."{table}"')
            changed, whole, kept = [], [], []
            for schema, table in relations:
                step = time.monotonic()
                if (schema, table) in as_is and same_columns(con, catalog, schemas[schema], schema, table):
                    kept.append(table)
                    continue
                recipe = known.get((schema, table))
                why = why_not(con, catalog, schemas[schema], schema, table, recipe, invocation) if recipe else "-"
                if not why:
                    rows = apply_changes(con, catalog, schemas[schema], schema, table, recipe, invocation)
                    changed.append(f"{table} ({rows:,} rows)")
                    took.append((time.monotonic() - step, f"{table} (changes)"))
                    continue
                if recipe:
                    whole.append(f"{table} ({why})")
                con.execute(f'create or replace table "{catalog}".{schemas[schema]}."{table}" as '
                            f'select * from build.{schema}."{table}"')
                took.append((time.monotonic() - step, table))
            con.execute("detach build")
            step = time.monotonic()
            con.execute("checkpoint")
            took.append((time.monotonic() - step, f"the checkpoint of {out.name}"))
            if reused:
                said = (f"the previous BI file with the changes of {', '.join(changed) or 'no mart'}"
                        + (f"; whole: {', '.join(whole)}" if whole else "")
                        + (f"; kept as they were (not built in this run): {', '.join(kept)}" if kept else "")
                        + "; every other table written whole")
    return said


def _gate_failed(gate, target: Path, work_file: Path, when: str) -> QualityGateFailed:
    lines = "\n".join(gate.describe(r) for r in gate.critical_failures)
    return QualityGateFailed(
        f"quality gate failed ({len(gate.critical_failures)} critical expectation(s)"
        f"{'; ' + when if when else ''}); the published warehouse {target} was left unchanged.\n{lines}\n"
        f"Results: audit.dq_results in {work_file}; Data Docs: {gate.docs_index}")


def publish(work_file: Path, target: Path, owner_only: bool = False) -> list[str]:
    """Replace the published file by the gated one, leaving exactly that file: refuse while a
    program holds the published file open read-write, remove a write-ahead log a crashed
    read-write client left behind, and make the new file read-only (owner_only: mode 0600, its
    owner alone may open it, for the restricted file)."""
    notes: list[str] = []
    if work_file.with_name(work_file.name + ".wal").exists():
        with duckdb.connect(str(work_file)) as con:  # fold a left-over log into the gated file
            con.execute("checkpoint")
    if target.exists():
        try:
            duckdb.connect(str(target), read_only=True).close()
        except duckdb.Error as exc:
            raise BuildFailed(
                f"the published warehouse {target} is open read-write by another program "
                f"({str(exc).splitlines()[0]}): publishing now would let it write into the new file. Close it "
                f"(BI tools and notebooks must open the file read-only) and build again; the gated build "
                f"is kept in {work_file.parent}.") from None
    wal = target.with_name(target.name + ".wal")
    if wal.exists():
        # no program holds the file (checked above): the log is left over from a crashed read-write
        # client, and DuckDB would replay it into the new file on every open
        wal.unlink()
        notes.append(f"removed {wal}: a write-ahead log left by a read-write client that crashed "
                     f"(it held changes to the previous warehouse, never published)")
    work_file.chmod(stat.S_IRUSR | stat.S_IWUSR if owner_only else stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(work_file, target)
    return notes


__all__ = ["BuildFailed", "BuildLocked", "BuildResult", "DeliveryError", "QualityGateFailed", "build", "dbt_env",
           "published_path", "publish", "run_dbt"]
