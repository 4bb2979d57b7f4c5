"""When a build may start from the previous one (cjw.state): only when nothing but new
deliveries separates them. The day-by-day builds themselves are tested against a full build in
test_deliveries.py; here every reason for a full build is checked on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cjw.build import PROJECT_DIR, BuildFailed, plan_fits, refit_every_days
from cjw.delivery import DeliveredFile
from cjw.state import code_print, delivered_files, start, state_file

SETTINGS = {"raw_format": "csv", "without": [], "delivered_on": None}


def files(*specs: tuple[int, str, str, str]) -> list[DeliveredFile]:
    return [DeliveredFile(index, delivery, table, Path(f"/raw/{delivery}/{table}.csv"), 10, sha, 1)
            for index, delivery, table, sha in specs]


HISTORY = files((0, "2026-06-23-history", "raw_orders", "a"), (0, "2026-06-23-history", "raw_web_events", "b"),
                (1, "2026-06-24", "raw_web_events", "c"))


@pytest.fixture
def published(tmp_path) -> Path:
    target = tmp_path / "warehouse.duckdb"
    kept = state_file(target)
    kept.parent.mkdir()
    kept.write_bytes(b"a build")
    (kept.parent / "state.json").write_text(json.dumps(
        {"code": "code-1", "settings": SETTINGS, "files": delivered_files(HISTORY)}), encoding="utf-8")
    return target


def test_new_deliveries_start_from_the_previous_build(published):
    later = HISTORY + files((2, "2026-06-25", "raw_web_events", "d"), (2, "2026-06-25", "raw_orders", "e"))
    begin = start(published, "code-1", SETTINGS, later)
    assert begin.path == state_file(published)
    assert begin.why == "incremental: started from the previous build, 2 new file(s) to stage"
    assert start(published, "code-1", SETTINGS, HISTORY).why.endswith(", 0 new file(s) to stage")


@pytest.mark.parametrize("code, settings, delivered, why", [
    ("code-2", SETTINGS, HISTORY, "the project's code changed"),
    ("code-1", {**SETTINGS, "without": ["social"]}, HISTORY, "the build settings changed"),
    # the day's file was re-delivered with other bytes
    ("code-1", SETTINGS, HISTORY[:2] + files((1, "2026-06-24", "raw_web_events", "x")),
     "a delivery the previous build read changed or is gone (2026-06-24/raw_web_events)"),
    # a file removed from the history
    ("code-1", SETTINGS, HISTORY[1:], "(2026-06-23-history/raw_orders)"),
    # a file added to a delivery already loaded
    ("code-1", SETTINGS, HISTORY + files((1, "2026-06-24", "raw_orders", "f")), "(2026-06-24/raw_orders)"),
    # a delivery that sorts before the last one loaded: the later ones' indexes move
    ("code-1", SETTINGS, HISTORY[:2] + files((1, "2026-06-23-late", "raw_orders", "g"),
                                             (2, "2026-06-24", "raw_web_events", "c")),
     "a delivery the previous build read changed or is gone"),
])
def test_anything_else_is_a_full_build(published, code, settings, delivered, why):
    begin = start(published, code, settings, delivered)
    assert begin.path is None and begin.why.startswith("full build: ") and why in begin.why, begin.why


def test_the_kept_build_says_when_its_fits_were_made(published):
    later = HISTORY + files((2, "2026-06-25", "raw_web_events", "d"))
    assert start(published, "code-1", SETTINGS, later).fitted_on is None  # a state written before the schedule
    kept = state_file(published).parent / "state.json"
    kept.write_text(json.dumps({**json.loads(kept.read_text(encoding="utf-8")), "fitted_on": "2026-06-24"}),
                    encoding="utf-8")
    assert start(published, "code-1", SETTINGS, later).fitted_on == "2026-06-24"
    assert start(published, "code-2", SETTINGS, later).fitted_on is None  # a full build


@pytest.mark.parametrize("incremental, fitted_on, day, refit, runs, why", [
    (False, "2026-06-24", "2026-06-25", False, True, "refit: a full build fits everything"),
    (True, "2026-06-24", "2026-06-25", True, True, "refit: asked for (--refit)"),
    (True, None, "2026-06-25", False, True, "refit: the previous build does not say when"),
    (True, "2026-06-24", "2026-06-30", False, True, "6 days before this one (refit every 6 days"),
    (True, "2026-06-24", "2026-07-14", False, True, "20 days before this one"),
    (True, "2026-06-24", "2026-06-29", False, False, "kept: the fits of the delivery of 2026-06-24 (audit.model_fits); "
                                                    "the next refit comes with the delivery of 2026-06-30"),
    (True, "2026-06-24", "2026-06-24", False, False, "kept: "),
])
def test_the_fits_are_refit_on_their_schedule(incremental, fitted_on, day, refit, runs, why):
    from datetime import date
    fitting, said = plan_fits(incremental, fitted_on, date.fromisoformat(day), refit, 6)
    assert fitting is runs and why in said, said


@pytest.mark.parametrize("value, days", [(None, 7), ("1", 1), (" 30 ", 30), ("0", None), ("weekly", None),
                                         ("-3", None)])
def test_the_refit_interval_is_a_whole_number_of_days(monkeypatch, value, days):
    if value is None:
        monkeypatch.delenv("CJW_REFIT_EVERY_DAYS", raising=False)
    else:
        monkeypatch.setenv("CJW_REFIT_EVERY_DAYS", value)
    if days is None:
        with pytest.raises(BuildFailed, match="CJW_REFIT_EVERY_DAYS"):
            refit_every_days()
    else:
        assert refit_every_days() == days


def test_no_kept_build_is_a_full_build(tmp_path, published):
    assert start(tmp_path / "elsewhere" / "warehouse.duckdb", "code-1", SETTINGS, HISTORY).why == \
        "full build: no previous build is kept"
    state_file(published).unlink()
    assert start(published, "code-1", SETTINGS, HISTORY).path is None


def test_the_code_print_follows_the_code_not_the_checkout(tmp_path):
    """The same files give the same print wherever the project is; any change gives another."""
    for root in (tmp_path / "a", tmp_path / "b"):
        (root / "models").mkdir(parents=True)
        (root / "models" / "m.sql").write_text("select 1", encoding="utf-8")
    assert code_print(tmp_path / "a") == code_print(tmp_path / "b")
    (tmp_path / "b" / "models" / "m.sql").write_text("select 2", encoding="utf-8")
    assert code_print(tmp_path / "a") != code_print(tmp_path / "b")
    assert len(code_print(PROJECT_DIR)) == 64


def test_the_delivery_gate_samples_what_the_build_reads_for_the_first_time(published):
    """From the previous build: each export's new files; an export without one, its newest file.
    From nothing: every loaded file (None)."""
    from cjw.build import first_reads
    from cjw.state import Start

    later = HISTORY + files((2, "2026-06-25", "raw_web_events", "d"), (3, "2026-06-26", "raw_web_events", "e"))
    begin = start(published, "code-1", SETTINGS, later)
    assert [f[1:3] for f in begin.new_files] == [["2026-06-25", "raw_web_events"], ["2026-06-26", "raw_web_events"]]
    assert first_reads(later, begin) == {
        "raw_web_events": [Path("/raw/2026-06-25/raw_web_events.csv"), Path("/raw/2026-06-26/raw_web_events.csv")],
        "raw_orders": [Path("/raw/2026-06-23-history/raw_orders.csv")],
    }
    assert first_reads(later, Start(None, "full build")) is None


def test_pre_flight_reads_again_only_what_changed_since_the_kept_build(tmp_path, monkeypatch):
    """A file the kept build's pre-flight passed is not read again while its size and modification
    time are unchanged (its rows, checksum and warnings are taken from the kept state); a file
    rewritten in place, even to the same size, is checked again, and a broken one is caught."""
    import os
    import shutil

    import cjw.delivery as delivery_module
    from cjw.delivery import check_deliveries, list_deliveries
    from cjw.registry import raw_files
    from cjw.state import file_facts

    fx = {"raw_fx_rates": raw_files()["raw_fx_rates"]}
    day = tmp_path / "raw" / "2026-06-01"
    day.mkdir(parents=True)
    shutil.copy(PROJECT_DIR / "seeds" / "raw" / "raw_fx_rates.csv", day / "raw_fx_rates.csv")
    first = list_deliveries(tmp_path / "raw", check_deliveries(tmp_path / "raw", "csv", fx))
    known = file_facts(first)
    assert list(known) == [(day / "raw_fx_rates.csv").resolve().as_posix()]

    read = []
    real = delivery_module.check_file
    monkeypatch.setattr(delivery_module, "check_file", lambda name, path: read.append(path) or real(name, path))
    again = list_deliveries(tmp_path / "raw", check_deliveries(tmp_path / "raw", "csv", fx, known))
    assert read == [] and again == first

    # rewritten in place to the same size: one character of a rate changed, and the time moves on
    path = day / "raw_fx_rates.csv"
    text = path.read_text(encoding="utf-8")
    header, line, rest = text.split("\n", 2)
    fields = line.split(",")
    fields[-1] = fields[-1][:-1] + ("1" if fields[-1][-1] != "1" else "2")
    path.write_text("\n".join([header, ",".join(fields), rest]), encoding="utf-8")
    os.utime(path, ns=(first[0].mtime_ns + 10**9, first[0].mtime_ns + 10**9))
    changed = list_deliveries(tmp_path / "raw", check_deliveries(tmp_path / "raw", "csv", fx, known))
    assert read == [path] and changed[0].sha256 != first[0].sha256 and changed[0].rows == first[0].rows

    # cut short (a truncated copy): checked again and refused
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    reports = check_deliveries(tmp_path / "raw", "csv", fx, known)
    assert reports[0].errors
