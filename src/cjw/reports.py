"""Build the Evidence reports (reports/) from a published warehouse, with no network at all.

Evidence reads the warehouse read-only through its DuckDB source (`npm run sources` writes each
source query's result as Parquet) and renders static pages (`npm run build`). Both steps work
offline thanks to the small patch in reports/patches/ (see reports/README.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from cjw.build import PROJECT_DIR

REPORTS_DIR = PROJECT_DIR / "reports"
# what an Evidence project is made of; node_modules is shared by a symlink when building elsewhere
PROJECT_FILES = ["pages", "sources", "evidence.config.yaml", "evidence.settings.json", "package.json"]


class ReportsFailed(Exception):
    pass


def npm_install(reports_dir: Path = REPORTS_DIR) -> None:
    """Install the locked packages (and apply the patch) unless node_modules is already installed."""
    marker = reports_dir / "node_modules" / ".cjw-installed"
    lock = reports_dir / "package-lock.json"
    patches = sorted((reports_dir / "patches").glob("*.patch"))
    newest = max(p.stat().st_mtime for p in [lock, reports_dir / "package.json", *patches])
    if marker.exists() and marker.stat().st_mtime >= newest:
        return
    print("installing the report app's npm packages (first time only, about a minute)", file=sys.stderr, flush=True)
    # npm ci rejects this lock file (npm leaves other platforms' optional binaries out of it); npm install
    # with the lock file present installs exactly the locked versions
    run(["npm", "install", "--no-audit", "--no-fund"], reports_dir)
    marker.touch()


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReportsFailed(f"{' '.join(cmd)} failed in {cwd} (exit {result.returncode}):\n"
                            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def build_reports(warehouse: Path, project_dir: Path = REPORTS_DIR) -> Path:
    """Build the site for `warehouse` in `project_dir` (reports/ itself, or a copy of its files
    elsewhere, e.g. for tests); returns the folder of static pages."""
    warehouse = warehouse.resolve()
    if not warehouse.exists():
        raise ReportsFailed(f"no warehouse at {warehouse}: run the build first")
    npm_install()
    if project_dir.resolve() != REPORTS_DIR.resolve():
        project_dir.mkdir(parents=True, exist_ok=True)
        for name in PROJECT_FILES:
            source, target = REPORTS_DIR / name, project_dir / name
            if target.exists():
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
        link = project_dir / "node_modules"
        if not link.exists():
            link.symlink_to(REPORTS_DIR / "node_modules", target_is_directory=True)
    env = dict(os.environ)
    # Evidence joins the source folder and the file name: the path must be relative to the folder
    env["EVIDENCE_SOURCE__warehouse__filename"] = os.path.relpath(warehouse, project_dir / "sources" / "warehouse")
    env["NO_UPDATE_NOTIFIER"] = "1"
    print("reports: reading the warehouse (npm run sources)", file=sys.stderr, flush=True)
    run(["npm", "run", "sources"], project_dir, env)
    print("reports: building and prerendering the pages (npm run build, about 2 minutes)", file=sys.stderr, flush=True)
    run(["npm", "run", "build"], project_dir, env)
    return project_dir / "build"
