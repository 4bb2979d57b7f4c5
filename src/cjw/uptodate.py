"""Skip what is up to date: a second `make build` with nothing changed rebuilds nothing.

Each step (warehouse, dbt docs, reports) records a fingerprint of its inputs beside its output
after it succeeds; the next run compares and skips when they are equal and the output is still
the one it wrote. `--force` on the command always rebuilds."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from cjw.build import PROJECT_DIR

# what a warehouse build reads besides the delivery (code, models, tests, seeds, the gate)
BUILD_INPUTS = ["models", "macros", "seeds", "tests/dbt", "snapshots", "analyses", "gx", "src/cjw",
                "dbt_project.yml", "profiles.yml", "requirements.lock", "pyproject.toml"]
# what the reports read besides the warehouse
REPORT_INPUTS = ["reports/pages", "reports/sources", "reports/components", "reports/evidence.config.yaml",
                 "reports/package.json", "reports/package-lock.json", "reports/patches", "src/cjw/reports.py"]
SKIPPED = {"__pycache__", "node_modules", ".evidence", "build"}


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out.extend(p for p in path.rglob("*") if p.is_file() and not SKIPPED & set(p.parts))
    return sorted(out)


def fingerprint(paths: Iterable[Path], **settings: object) -> str:
    """SHA-256 over the files' relative names and contents, and the settings."""
    digest = hashlib.sha256()
    for file in _files(paths):
        digest.update(str(file.resolve()).encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def output_state(output: Path) -> dict[str, object]:
    """What identifies the output a step wrote (a file's size and time, or a folder's index page's)."""
    target = output / "index.html" if output.is_dir() else output
    if not target.exists():
        return {}
    stat = target.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def is_up_to_date(stamp: Path, print_: str, output: Path) -> bool:
    """The step ran with these inputs and its output has not changed since."""
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    state = output_state(output)
    return bool(state) and recorded.get("fingerprint") == print_ and recorded.get("output") == state


def record(stamp: Path, print_: str, output: Path, **details: object) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"fingerprint": print_, "output": output_state(output), **details}, indent=1),
                     encoding="utf-8")


def stamp_for(published: Path) -> Path:
    """Where the build of a published warehouse records its inputs: under .data, not beside the
    warehouse (its folder holds exactly the gated files)."""
    key = hashlib.sha256(str(published.resolve()).encode()).hexdigest()[:16]
    return PROJECT_DIR / ".data" / "stamps" / f"build-{key}.json"


def project_paths(names: list[str]) -> list[Path]:
    return [PROJECT_DIR / name for name in names]
