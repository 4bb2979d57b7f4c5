"""Benchmark: generate (or reuse) a world, build it, and print the figures.

Figures: generation time, pre-flight time, dbt build time, the slowest models (from dbt's
run_results.json), peak memory of the build, row counts of the raw files and the marts, and the
identity step against a bare scipy run on the same edges (the issue's bar: within 1.5x).
Printed, never asserted: speed is measured here, not in timed tests.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

import duckdb
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from cjw.build import PROJECT_DIR, build
from cjw.delivery import check_delivery
from cjw.generator import generate

MARTS = ["dim_customers", "customer_identifiers", "fct_touchpoints", "fct_journeys", "fct_attribution",
         "mart_channel_attribution", "mart_headline_kpis", "mart_touchpoint_kpis", "mart_touchpoint_impact",
         "mart_funnel_steps", "mart_journey_paths", "mart_path_transitions", "mart_retention_cohorts",
         "mart_model_evaluation"]


def _children_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def scipy_on_same_edges(warehouse: Path) -> tuple[float, int, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    n = con.execute("select count(*) from intermediate.int_identifiers_screened where is_usable").fetchone()[0]
    edges = con.execute("select node_idx_a, node_idx_b from intermediate.int_identity_edges where is_kept").fetchnumpy()
    a, b = edges["node_idx_a"].astype(np.int64), edges["node_idx_b"].astype(np.int64)
    started = time.perf_counter()
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    connected_components(graph, directed=False)
    return time.perf_counter() - started, n, len(a)


def run(people: int, seed: int, workdir: Path) -> list[str]:
    lines = [f"benchmark: {people:,} people, seed {seed}, in {workdir}"]
    raw = workdir / f"world-{people}-{seed}"
    started = time.perf_counter()
    if not (raw / "raw_fx_rates.csv").exists():
        generate(people, seed, raw, None)
        lines.append(f"generate: {time.perf_counter() - started:.1f} s")
    else:
        lines.append("generate: reused an existing world")
    size_mb = sum(p.stat().st_size for p in raw.glob("*.csv")) / 1e6
    started = time.perf_counter()
    reports = check_delivery(raw)
    lines.append(f"pre-flight checks: {time.perf_counter() - started:.1f} s")
    for r in reports:
        lines.append(f"  {r.file}.csv: {r.rows:,} rows")
    lines.append(f"  raw delivery: {size_mb:,.0f} MB")
    # one warehouse per world: the quality gate compares a delivery with the previous one
    target = workdir / f"wh-{people}-{seed}" / "warehouse.duckdb"
    os.environ["DUCKDB_PATH"] = str(target)
    started = time.perf_counter()
    build(raw_dir=raw)
    total = time.perf_counter() - started
    lines.append(f"build (pre-flight + dbt build with all tests + quality gate + publish): {total:.1f} s; "
                 f"peak memory of the build: {_children_peak_rss_mb():,.0f} MB")
    results = json.loads((PROJECT_DIR / "target" / "run_results.json").read_text())
    timings = sorted(((r["execution_time"], r["unique_id"].split(".")[-1], r["unique_id"].split(".")[0])
                      for r in results["results"]), reverse=True)
    model_total = sum(t for t, _, kind in timings if kind == "model")
    test_total = sum(t for t, _, kind in timings if kind in ("test", "unit_test"))
    lines.append(f"  models: {model_total:.1f} s, data + unit tests: {test_total:.1f} s")
    for t, name, kind in timings[:12]:
        lines.append(f"  {t:7.2f} s  {kind:5s} {name}")
    raw_load = sum(t for t, name, kind in timings if kind == "model" and name.startswith("base_"))
    identity = {name: t for t, name, kind in timings if name in (
        "int_identity_observations", "int_identity_record_pairs", "int_identifiers_screened", "int_identity_edges",
        "int_identity_components",
        "int_identifiers_resolved")}
    downstream = sum(t for t, name, kind in timings if kind == "model" and name in (
        "int_web_events_sessionized", "int_web_sessions", "int_touchpoints_unioned", "fct_touchpoints",
        "int_journey_touchpoints", "fct_journeys", "int_markov_removal_effects", "fct_attribution",
        "int_attribution_intervals", "mart_channel_attribution"))
    lines.append(f"raw load + validation (base models): {raw_load:.1f} s; sessions, touchpoints, journeys, "
                 f"attribution: {downstream:.1f} s ({downstream / raw_load:.2f}x the raw load)")
    scipy_s, nodes, edges = scipy_on_same_edges(target)
    comp = identity.get("int_identity_components", float("nan"))
    lines.append(f"identity: {nodes:,} usable identifiers, {edges:,} kept edges; connected components in dbt "
                 f"{comp:.2f} s vs bare scipy {scipy_s:.2f} s ({comp / scipy_s if scipy_s else float('nan'):.1f}x); "
                 f"whole identity chain {sum(identity.values()):.1f} s "
                 f"({', '.join(f'{k} {v:.1f}' for k, v in identity.items())})")
    con = duckdb.connect(str(target), read_only=True)
    for mart in MARTS:
        n = con.execute(f"select count(*) from marts.{mart}").fetchone()[0]
        lines.append(f"  marts.{mart}: {n:,} rows")
    return lines
