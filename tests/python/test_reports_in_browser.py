"""The Evidence reports, built offline from the test world's warehouse and read in Debian's
Chromium: every page renders its charts, shows no error, fetches nothing from outside, and its key
numbers equal the marts. Screenshots of every page land in test-artifacts/screenshots/."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from cjw.build import PROJECT_DIR
from cjw.reports import build_reports

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = PROJECT_DIR / "test-artifacts" / "screenshots"
# page -> charts it must render (an empty chart renders a placeholder instead, and fails this)
PAGES = {"/": 4, "/journeys": 2, "/funnels": 2, "/attribution": 1, "/touchpoints": 3, "/customers": 4,
         "/data-quality": 1}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def site(built_world, tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    root = build_reports(built_world.warehouse, tmp_path_factory.mktemp("reports") / "project")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, url: str, charts: int):
    """Load a page, wait until its charts are drawn; return the page and what went wrong on the way."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"outside request: {r.url}")
            if not r.url.startswith(url.split("/", 3)[0] + "//" + url.split("/", 3)[2]) and
            not r.url.startswith(("data:", "blob:")) else None)
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(f"document.querySelectorAll('[_echarts_instance_] canvas').length >= {charts}",
                           timeout=60_000)
    page.wait_for_timeout(500)
    return page, problems


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_without_errors(site, browser, path):
    page, problems = open_page(browser, site + path, PAGES[path])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path.strip('/') or 'index'}.png"), full_page=True)
    assert problems == []
    # charts: as many as the page declares, each with a drawn canvas
    sizes = page.eval_on_selector_all("[_echarts_instance_] canvas", "cs => cs.map(c => c.width * c.height)")
    assert len(sizes) >= PAGES[path] and all(s > 0 for s in sizes)
    text = page.inner_text("body")
    for broken in ("Dataset is empty", "No Records", "Error in", "is not defined", "Query error"):
        assert broken not in text, broken
    assert page.locator("[class*='bg-negative']").count() == 0, "an error banner is shown"
    page.close()


def test_overview_numbers_equal_the_marts(site, browser, built_world):
    con = built_world.connect()
    kpi = dict(con.execute("select kpi, value from reporting.mart_headline_kpis").fetchall())
    page, problems = open_page(browser, site + "/", PAGES["/"])
    text = page.inner_text("body")
    assert f"{int(kpi['customers']):,}" in text
    assert f"{int(kpi['active_members']):,}" in text
    assert f"{int(kpi['conversions']):,}" in text
    assert f"${round(kpi['revenue_usd']):,}" in text
    assert f"{kpi['nps']:.1f}" in text
    assert f"{kpi['multichannel_journey_pct']:.1f}%" in text
    assert problems == []


def test_funnel_and_quality_numbers_equal_the_marts(site, browser, built_world):
    con = built_world.connect()
    steps = con.execute("select step_name, persons from reporting.mart_funnel_steps "
                        "where funnel = 'event' and entry_channel = 'all' order by step_number").fetchall()
    page, _ = open_page(browser, site + "/funnels", PAGES["/funnels"])
    rows = page.inner_text("body")
    for number, (name, persons) in enumerate(steps, start=1):
        assert f"{number}. {name}\t{persons:,}" in rows, (name, persons)
    expectations, failed = con.execute("""
        select count(*), count(*) filter (where not success) from audit.dq_results
        where run_id = (select max(run_id) from audit.dq_results)""").fetchone()
    page, _ = open_page(browser, site + "/data-quality", PAGES["/data-quality"])
    text = page.inner_text("body")
    assert re.search(rf"Expectations checked\s+{expectations:,}\s", text)
    assert re.search(r"Critical failures\s+0\s", text)
    assert failed == 0 or "Every expectation of the latest run passed" not in text
    quarantined = con.execute("select count(*) from audit.quarantine").fetchone()[0]
    per_file = con.execute("select rows_quarantined from audit.raw_reconciliation "
                           "order by source_file").fetchall()
    assert sum(r[0] for r in per_file) == quarantined
    markov = con.execute("select channel, conversions from reporting.mart_channel_attribution "
                         "where model = 'markov' order by conversions desc limit 1").fetchone()
    page, _ = open_page(browser, site + "/attribution", PAGES["/attribution"])
    assert f"{markov[0]}\t{markov[1]:,.1f}" in page.inner_text("body")


def teardown_module() -> None:
    shutil.rmtree(PROJECT_DIR / "test-artifacts" / "tmp", ignore_errors=True)
