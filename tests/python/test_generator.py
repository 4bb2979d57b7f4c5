"""The demo-world generator: deterministic, complete truth, and every kind of mess the contract lists."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from cjw.generator import generate, person_rng
from cjw.generator.defects import DEFECTS, FAR_TIMES, HUGE_NUMBERS
from cjw.generator.simulate import Simulation
from cjw.registry import RAW_FILES, RECORD_ID


def digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.csv"))}


def test_same_seed_same_world_other_seed_other_world(tmp_path):
    generate(150, 11, tmp_path / "a", tmp_path / "ta")
    generate(150, 11, tmp_path / "b", tmp_path / "tb")
    generate(150, 12, tmp_path / "c", tmp_path / "tc")
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert digests(tmp_path / "a") != digests(tmp_path / "c")
    assert digests(tmp_path / "ta") == digests(tmp_path / "tb")


def test_headers_follow_the_contract(built_world):
    for name, columns in RAW_FILES.items():
        with open(built_world.raw_dir / f"{name}.csv", encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == columns


def test_truth_accounts_for_every_line(built_world):
    per_file = Counter(r["source_file"] for r in built_world.truth_rows())
    for name in RAW_FILES:
        with open(built_world.raw_dir / f"{name}.csv", encoding="utf-8", newline="") as fh:
            assert sum(1 for _ in csv.reader(fh)) - 1 == per_file[name], name


def test_bad_rows_are_about_half_a_percent(built_world):
    rows = built_world.truth_rows()
    share = sum(r["status"] == "quarantined" for r in rows) / len(rows)
    assert 0.003 < share < 0.008, share


def test_every_defect_kind_is_planted(tmp_path):
    generate(600, 5, tmp_path / "w", tmp_path / "t", bad_rate=0.3)
    rows = list(csv.DictReader(open(tmp_path / "t" / "rows.csv", encoding="utf-8")))
    planted = {(r["source_file"], r["defect"]) for r in rows if r["status"] == "quarantined"}
    for file, kinds in DEFECTS.items():
        for kind, col in kinds:
            if kind == "bad_epoch":
                continue  # one of its values is an empty field, planted as missing_value
            assert (file, f"{kind}:{col}") in planted, (file, kind, col)
    # the defects of the fault-testing round: times after the delivery or before 1990, numbers too
    # large for their type, NUL bytes in ids, non-ISO currencies and rates without their decimal
    # point, conflicting copies of a record (same id, other content)
    for file, (col, _future, _ancient) in FAR_TIMES.items():
        assert (file, f"future_time:{col}") in planted and (file, f"ancient_time:{col}") in planted, file
        if file != "raw_fx_rates":
            assert (file, f"nul_in_id:{RECORD_ID[file]}") in planted, file
    for file, cases in HUGE_NUMBERS.items():
        for col, _value in cases:
            assert (file, f"huge_number:{col}") in planted, (file, col)
    assert ("raw_fx_rates", "not_iso_currency:currency") in planted
    assert ("raw_fx_rates", "lost_decimal_point:usd_per_unit") in planted
    conflicted = {file for file, defect in planted if defect.startswith("conflicting_duplicate:")}
    assert conflicted == set(RAW_FILES) - {"raw_fx_rates"}, set(RAW_FILES) - conflicted
    # a free-text value with a line break makes a record span two lines; truth counts lines
    lines = {name: sum(1 for _ in open(tmp_path / "w" / f"{name}.csv", encoding="utf-8")) for name in RAW_FILES}
    records = Counter(r["source_file"] for r in rows)
    assert lines["raw_survey_responses"] > records["raw_survey_responses"] + 1
    assert lines["raw_social_interactions"] > records["raw_social_interactions"] + 1
    last = {}
    for r in rows:
        last[r["source_file"]] = max(last.get(r["source_file"], 0), int(r["line_number"]))
    assert last["raw_survey_responses"] > records["raw_survey_responses"] + 1


def test_the_contracts_messes_are_present(built_world):
    raw = built_world.raw_dir
    rows = {name: list(csv.DictReader(open(raw / f"{name}.csv", encoding="utf-8"))) for name in RAW_FILES}
    emails = [r["email"] for r in rows["raw_crm_contacts"] if r["email"]]
    assert any(e != e.strip() for e in emails), "stray spaces"
    assert any(e != e.lower() for e in emails), "mixed case"
    assert any("+" in e.split("@")[0] for e in emails), "+tag sub-addresses"
    phones = [r["phone"] for r in rows["raw_crm_contacts"] if r["phone"]]
    assert any(p.startswith("(") for p in phones) and any(p.startswith("+44") for p in phones)
    assert any(r["is_test"] == "true" for r in rows["raw_crm_contacts"])
    truth = built_world.truth_rows()
    statuses = Counter((r["source_file"], r["status"]) for r in truth)
    assert statuses[("raw_web_events", "duplicate")] > 0
    assert statuses[("raw_orders", "superseded")] > 0
    people = Counter(r["person_id"] for r in truth if r["source_file"] == "raw_crm_contacts")
    assert max(people.values()) >= 2, "duplicate CRM records of one person"
    idents = list(csv.DictReader(open(built_world.truth_dir / "identifiers.csv", encoding="utf-8")))
    shared = Counter(i["identifier_value"] for i in idents if i["shared_with_others"] == "True")
    assert any(v.startswith("info@") for v in shared), "shared mailboxes"
    assert any(v.startswith("+") for v in shared), "household phones"
    assert any(v in ("test@test.com", "noreply@assoc-demo.org") for v in shared), "generic addresses"
    assert {r["currency"] for r in rows["raw_orders"]} >= {"USD", "EUR", "GBP", "CAD"}
    assert any(r["requester_email"] == "" and r["requester_phone"] for r in rows["raw_support_tickets"])
    assert any(r["respondent_email"] == "" for r in rows["raw_survey_responses"])
    assert any(r["discount_code"] for r in rows["raw_orders"])
    # late events: some event lines appear after a later event of the file
    stamps = [int(r["event_timestamp"]) for r in rows["raw_web_events"] if r["event_timestamp"].isdigit()]
    assert sum(1 for a, b in zip(stamps, stamps[1:], strict=False) if b < a - 3_600_000_000) > 0


@pytest.mark.parametrize("name", list(RAW_FILES))
def test_committed_demo_seed_is_the_generated_demo_world(name):
    """seeds/raw holds `make demo-data` output; its header follows the contract."""
    path = Path(__file__).resolve().parents[2] / "seeds" / "raw" / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == RAW_FILES[name]


def test_a_social_handle_names_one_person_even_among_namesakes():
    """Handles are built from the name plus a number from 1 to 99, so namesakes in a big world
    draw the same one. An account belongs to one person (the truth marks handles as not shared):
    the generator must give the second namesake another handle, or the scores blame the warehouse
    for merging two people the data cannot tell apart. 60,000 people hold dozens of such draws."""
    seed = 194501237
    world = Simulation(60_000, seed)
    owners: dict[str, int] = {}
    for i in range(60_000):
        p = world.make_person(i, person_rng(seed, i))
        if p.handle:
            assert p.handle not in owners, (p.handle, owners.get(p.handle), i)
            owners[p.handle] = i
    assert len(owners) > 15_000
