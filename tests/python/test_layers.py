"""The layers only flow forward, read from dbt's own parse of the project (manifest.json):
sources -> staging -> intermediate -> marts (core, audit, restricted) -> reporting. No model reads a
later layer, staging reads only its own source, and no macro hides a ref()."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cjw.build import PROJECT_DIR

# the layer of a model, by its folder; a model may read its own layer or an earlier one
LAYERS = [("staging/", 1), ("intermediate/", 2), ("marts/core/", 3), ("marts/audit/", 3), ("restricted/", 3),
          ("marts/reporting/", 4)]


def layer(path: str) -> int:
    for prefix, rank in LAYERS:
        if path.startswith(prefix):
            return rank
    raise AssertionError(f"a model outside the layers: {path}")


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    target = tmp_path_factory.mktemp("parse")
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run([str(dbt), "parse", "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
                    "--target-path", str(target), "--quiet"], check=True, cwd=PROJECT_DIR)
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def test_no_model_reads_a_later_layer(manifest):
    models = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}
    assert len(models) > 60
    back_edges = []
    for node in models.values():
        rank = layer(node["original_file_path"].removeprefix("models/"))
        for parent in node["depends_on"]["nodes"]:
            if parent in models:
                parent_rank = layer(models[parent]["original_file_path"].removeprefix("models/"))
                if parent_rank > rank:
                    back_edges.append(f"{node['name']} reads {models[parent]['name']}")
    assert back_edges == []


def test_staging_reads_only_its_source(manifest):
    """A base model reads one raw export (its source) and reference lookups; a staging model its
    base model: no joins across sources in staging. What the previous publication knew (sources
    with meta warehouse_state) is no raw export: its staging model reads its one table."""
    models = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}
    state = {k for k, v in manifest["sources"].items() if v["meta"].get("warehouse_state")}
    assert state, "the warehouse state is a source"
    for node in models.values():
        path = node["original_file_path"]
        if not path.startswith("models/staging/"):
            continue
        parents = node["depends_on"]["nodes"]
        sources = [p for p in parents if p.startswith("source.")]
        others = [p for p in parents if p.startswith("model.")]
        if set(sources) & state:
            assert len(sources) == 1 and not others and node["config"]["materialized"] == "view", node["name"]
        elif "/base/" in path:
            assert len(sources) == 1 and not others, (node["name"], parents)
        else:
            assert not sources and len(others) == 1 and models[others[0]]["name"].startswith("base_"), node["name"]


def test_no_macro_hides_a_ref():
    for macro in (PROJECT_DIR / "macros").glob("*.sql"):
        code = re.sub(r"\{#.*?#\}", "", macro.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\bref\s*\(", code), macro.name


def test_materializations_are_set_per_folder():
    for model in (PROJECT_DIR / "models").rglob("*.sql"):
        assert "materialized" not in model.read_text(encoding="utf-8"), model
    for model in (PROJECT_DIR / "models").rglob("*.py"):
        assert "materialized" not in model.read_text(encoding="utf-8"), model


def test_reporting_reads_only_the_published_core(manifest):
    """Every number of a report page can be rebuilt by a BI user from the published core: a
    reporting model reads core marts, the audit tables, reference seeds and the one-row utilities
    (the data's bounds), never an intermediate building block, restricted data or another report."""
    models = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}
    allowed = ("models/marts/core/", "models/marts/audit/", "models/intermediate/utilities/")
    reporting = [v for v in models.values() if v["original_file_path"].startswith("models/marts/reporting/")]
    assert len(reporting) >= 9
    wrong = [f"{node['name']} reads {models[parent]['name']}"
             for node in reporting for parent in node["depends_on"]["nodes"]
             if parent in models and not models[parent]["original_file_path"].startswith(allowed)]
    assert wrong == []
