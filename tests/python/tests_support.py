"""Shared constants and helpers of the tests."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import functools
import http.server
import os
import pickle
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from cjw.build import PROJECT_DIR

# what the BI file publishes (schema.table): core facts and dimensions, then report aggregates
PUBLISHED_MARTS = ["marts.dim_customers", "marts.customer_identifiers", "marts.fct_touchpoints", "marts.fct_journeys",
                   "marts.fct_attribution", "reporting.mart_channel_attribution", "reporting.mart_headline_kpis",
                   "reporting.mart_period_kpis", "reporting.mart_touchpoint_kpis", "reporting.mart_touchpoint_impact",
                   "reporting.mart_funnel_steps",
                   "reporting.mart_journey_paths", "reporting.mart_path_transitions",
                   "reporting.mart_retention_cohorts", "reporting.mart_model_evaluation", "marts.fct_ad_spend",
                   "reporting.mart_ad_spend_return", "reporting.mart_audiences", "reporting.mart_silent_churn",
                   "marts.fct_email_sends", "marts.fct_event_registrations", "reporting.mart_engagement_timing",
                   "reporting.mart_email_send_windows", "reporting.mart_event_registration_timing",
                   "marts.fct_texts", "marts.fct_text_themes", "marts.fct_text_uncovered_phrases",
                   "reporting.mart_text_themes", "reporting.mart_text_context", "reporting.mart_themes_before_lapse"]


# ---- session fixtures shared by the test processes ---------------------------------------------------
T = TypeVar("T")


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[], T]) -> T:
    """`make()` once per test session, also when pytest-xdist runs the tests in several processes:
    the first process to need it makes it (under a lock) and leaves it pickled beside the processes'
    temporary folders; the others wait for the lock and read it. What it returns must be picklable
    and name only files (a world's folders), never open connections. When making it fails, the
    others fail at once with the first one's error instead of making it again."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make()
    root = base.parent  # the session's folder, above each worker's own
    done, failed = root / f"{name}.pickle", root / f"{name}.failed"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            return pickle.loads(done.read_bytes())
        if failed.exists():
            pytest.fail(f"{name} failed in another test process:\n{failed.read_text(encoding='utf-8')}")
        try:
            value = make()
        except BaseException as exc:
            failed.write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
            raise
        done.write_bytes(pickle.dumps(value))
        return value


# ---- the reports in Debian's Chromium -------------------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = PROJECT_DIR / "test-artifacts" / "screenshots"
# page -> charts it must render (an empty chart renders a placeholder instead, and fails this)
PAGES = {"/": 4, "/journeys": 2, "/funnels": 2, "/attribution": 2, "/touchpoints": 3, "/customers": 4,
         "/data-quality": 1, "/timing": 3, "/voice": 1}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path):
    """Serve a built Evidence site on a free local port; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


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


BROKEN_PAGE_TEXTS = ("Dataset is empty", "No Records", "Error in", "is not defined", "Query error")


def open_clean_page(browser, url: str, charts: int, screenshot: str):
    """open_page, save a full-page screenshot under SCREENSHOTS, and assert that nothing went wrong:
    no console or page error, no outside request, no broken-query text, no error banner. Returns
    the page and its text."""
    page, problems = open_page(browser, url, charts)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=True)
    assert problems == []
    text = page.inner_text("body")
    for broken in BROKEN_PAGE_TEXTS:
        assert broken not in text, broken
    assert page.locator("[class*='bg-negative']").count() == 0, "an error banner is shown"
    return page, text


@contextlib.contextmanager
def reports_site(warehouse: Path, workdir: Path):
    """The Evidence reports built offline from a published warehouse and served locally; yields
    the site's URL."""
    from cjw.reports import build_reports

    with serve(build_reports(warehouse, workdir / "project")) as url:
        yield url


def unknowable_test_records(world) -> set[tuple[str, str]]:
    """(source_file, record_id) of test people's staged records that nothing in the delivery ties
    to their test CRM record: no identifier of the record is on it, nor on another of their records
    that is tied to it (a ticket with only a phone the CRM record lacks). The warehouse cannot tell
    such a record from a real person's, so a truth test expects it where a real person's would be.
    Identifiers as the build extracted them (intermediate.int_identity_observations). An identifier
    ties nothing when the generator shared it between people and the build quarantined it
    (a ticket with only a phone the test person shares with a stranger): a quarantine of an
    identifier the truth does not share still counts as a tie, so a wrong quarantine fails."""
    with open(world.truth_dir / "people.csv", encoding="utf-8", newline="") as fh:
        test_people = {p["person_id"] for p in csv.DictReader(fh) if p["is_test"] == "True"}
    with open(world.truth_dir / "identifiers.csv", encoding="utf-8", newline="") as fh:
        shared = {(r["identifier_type"], r["identifier_value"]) for r in csv.DictReader(fh)
                  if r["shared_with_others"] == "True"}
    records: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in world.truth_rows():
        if row["person_id"] in test_people and row["status"] == "staged":
            records[row["person_id"]].add((row["source_file"], row["record_id"]))
    identifiers: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    with world.connect() as con:
        for source_file, record_id, kind, value in con.execute(
                "select source_file, record_id, identifier_type, identifier_value "
                "from intermediate.int_identity_observations").fetchall():
            identifiers[(source_file, record_id)].add((kind, value))
        quarantined = set(con.execute("select identifier_type, identifier_value "
                                      "from intermediate.int_identifiers_screened where not is_usable").fetchall())
    ties_nothing = shared & quarantined
    for found in identifiers.values():
        found -= ties_nothing
    unknowable = set()
    for own in records.values():
        reached = {r for r in own if r[0] == "raw_crm_contacts"}
        known = set().union(*(identifiers[r] for r in reached))
        grew = True
        while grew:
            grew = False
            for record in own - reached:
                if identifiers[record] & known:
                    reached.add(record)
                    known |= identifiers[record]
                    grew = True
        unknowable |= own - reached
    return unknowable
