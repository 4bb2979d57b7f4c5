"""Every report page is a dbt exposure that depends on exactly the marts its queries read, and
`dbt docs generate` works on a built warehouse."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from cjw.build import PROJECT_DIR

REPORTS = PROJECT_DIR / "reports"
PAGE_EXPOSURE = {"index": "report_overview", "journeys": "report_journeys", "funnels": "report_funnels",
                 "attribution": "report_attribution", "touchpoints": "report_touchpoints",
                 "customers": "report_customers", "data-quality": "report_data_quality",
                 "timing": "report_timing", "voice": "report_voice"}


def models_read_by(page: Path) -> set[str]:
    sources = set(re.findall(r"\bwarehouse\.(\w+)", page.read_text(encoding="utf-8")))
    models = set()
    for source in sources:
        sql = (REPORTS / "sources" / "warehouse" / f"{source}.sql").read_text(encoding="utf-8")
        models |= set(re.findall(r"\b(?:marts|reporting|audit)\.(\w+)", sql))
    return models


def test_every_page_is_an_exposure_on_the_marts_it_reads():
    path = PROJECT_DIR / "models" / "marts" / "reporting" / "_exposures.yml"
    exposures = {e["name"]: e for e in yaml.safe_load(path.read_text())["exposures"]}
    pages = sorted(p for p in (REPORTS / "pages").glob("*.md"))
    assert {p.stem for p in pages} == set(PAGE_EXPOSURE)
    for page in pages:
        declared = {re.match(r"ref\('(\w+)'\)", d).group(1) for d in exposures[PAGE_EXPOSURE[page.stem]]["depends_on"]}
        # written by the quality gate, not dbt models
        read = models_read_by(page) - {"dq_results", "delivery_history"}
        assert declared == read, (page.name, declared, read)


def test_dbt_docs_generate(built_world):
    cli = Path(sys.executable).parent / "cjw"
    subprocess.run([str(cli), "docs", "--warehouse", str(built_world.warehouse)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    catalog = json.loads((PROJECT_DIR / "target" / "docs" / "catalog.json").read_text())
    manifest = json.loads((PROJECT_DIR / "target" / "docs" / "manifest.json").read_text())
    assert "model.customer_journey.mart_touchpoint_impact" in catalog["nodes"]
    assert len(manifest["exposures"]) == len(PAGE_EXPOSURE)
    assert (PROJECT_DIR / "target" / "docs" / "index.html").exists()
