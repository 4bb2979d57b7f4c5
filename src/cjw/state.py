"""The previous build, kept as the start of the next one (incremental builds).

`cjw build` keeps its build file, every schema of it (personal data too: owner only), as
`<warehouse folder>/full-build/build.duckdb`, with `state.json` beside it: the fingerprint of the
code that built it, the settings that change what staging decides, and the delivered files it read.
The next build starts from a copy of it (never from the file itself: a failed build leaves the
state as it was) when nothing but new deliveries separates them:

- the same code (models, macros, seeds, the dbt project, the Python package);
- the same settings (file format, sources left out, and the delivery date when a delivery has
  no dated folder, because its rows are checked against that date);
- every file the state read is delivered again, in the same delivery, with the same bytes, and
  every other file belongs to a later delivery (a folder whose name sorts after the state's last).

Then the incremental models (the base models built by stage_raw_rows) restage only what the new
deliveries bring (CJW_INCREMENTAL=1). Anything else is a full build, and the note says why.

`state.json` also holds what pre-flight learnt of each file (size, modification time, SHA-256,
rows, warnings: `facts`), so that the next build of the same code reads again only the files
whose size or modification time changed (cjw.delivery.Known).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cjw.delivery import DeliveredFile

STATE_DIR = "full-build"
# what decides the content of a build besides the delivery
CODE_INPUTS = ["models", "macros", "seeds", "dbt_project.yml", "profiles.yml", "requirements.lock", "src/cjw"]
SKIPPED = {"__pycache__"}


def state_file(published: Path) -> Path:
    return published.parent / STATE_DIR / "build.duckdb"


def code_print(project_dir: Path) -> str:
    """SHA-256 over the code's files, by their path in the project (the project may move)."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for name in CODE_INPUTS:
        path = project_dir / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and not SKIPPED & set(p.parts))
    for file in sorted(files):
        digest.update(file.relative_to(project_dir).as_posix().encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def delivered_files(delivered: list[DeliveredFile]) -> list[list]:
    return sorted([f.delivery_index, f.delivery, f.table_name, f.sha256, f.status] for f in delivered)


@dataclass
class Start:
    """Where a build starts: from the state (path set) or from nothing, and why."""

    path: Path | None
    why: str
    # the files this build reads that the state did not (delivery_files rows: index, delivery,
    # table, sha256, status); empty when starting from nothing
    new_files: list[list] = field(default_factory=list)
    # the delivery date (YYYY-MM-DD) of the build that last ran the fits the state holds (tag
    # refit, cjw.build.plan_fits); None when starting from nothing or unknown
    fitted_on: str | None = None
    # the published BI file the state's build wrote (cjw.changes.file_identity): a build that
    # finds it unchanged writes only its changes into a copy of it; None when unknown
    published: list[int] | None = None


def start(published: Path, code: str, settings: dict, delivered: list[DeliveredFile]) -> Start:
    """The state to start from, if it is usable for this delivery (see the module's text)."""
    path = state_file(published)
    try:
        kept = json.loads((path.parent / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Start(None, "full build: no previous build is kept")
    if not path.exists():
        return Start(None, "full build: no previous build is kept")
    if kept.get("code") != code:
        return Start(None, "full build: the project's code changed since the previous build")
    if kept.get("settings") != json.loads(json.dumps(settings)):
        return Start(None, "full build: the build settings changed since the previous build "
                           f"({kept.get('settings')} then, {settings} now)")
    before = [list(f) for f in kept.get("files", [])]
    now = delivered_files(delivered)
    last = max((f[0] for f in before), default=-1)
    again = [f for f in now if f[0] <= last]
    if again != before:
        changed = sorted({f"{f[1] or '(the delivery)'}/{f[2]}" for f in [*again, *before]
                          if (f in again) != (f in before)})
        return Start(None, "full build: a delivery the previous build read changed or is gone ("
                           + ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else "") + ")")
    new = [f for f in now if f[0] > last and f[4] == "loaded"]
    return Start(path, f"incremental: started from the previous build, {len(new)} new file(s) to stage", new,
                 kept.get("fitted_on"), kept.get("published"))


def keep(build_file: Path, published: Path, code: str, settings: dict, delivered: list[DeliveredFile],
         run_results: Path | None = None, fitted_on: str | None = None,
         published_file: list[int] | None = None) -> Path:
    """Keep the gated build as the next build's start (owner only: it holds personal data).
    fitted_on: the delivery date of the build that last ran the fits the build holds.
    published_file: the identity of the BI file this build published (cjw.changes.file_identity)."""
    target = state_file(published)
    if build_file.with_name(build_file.name + ".wal").exists():
        with duckdb.connect(str(build_file)) as con:
            con.execute("checkpoint")
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir()
    target.parent.chmod(stat.S_IRWXU)
    os.replace(build_file, target)
    target.chmod(stat.S_IRUSR | stat.S_IWUSR)
    if run_results is not None and run_results.exists():
        shutil.copy(run_results, target.parent / "run_results.json")
    (target.parent / "state.json").write_text(json.dumps(
        {"code": code, "settings": settings, "files": delivered_files(delivered), "facts": file_facts(delivered),
         "fitted_on": fitted_on, "published": published_file}, indent=1), encoding="utf-8")
    return target


def file_facts(delivered: list[DeliveredFile]) -> dict[str, list]:
    """What pre-flight learnt of each delivered file (cjw.delivery.Known), for the next build's."""
    return {f.path.as_posix(): [f.file_bytes, f.mtime_ns, f.sha256, f.rows, list(f.warnings)]
            for f in delivered if f.mtime_ns}


def known_files(published: Path, code: str) -> dict[str, list]:
    """The files the kept build's pre-flight passed (cjw.delivery.Known), when it ran the same code
    (what a file must hold is part of it); else nothing, and every file is checked."""
    try:
        kept = json.loads((state_file(published).parent / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if kept.get("code") != code or not isinstance(kept.get("facts"), dict):
        return {}
    return kept["facts"]


def forget(published: Path) -> None:
    shutil.rmtree(state_file(published).parent, ignore_errors=True)
