"""Nothing wrong gets published: a delivery full of faults, published over a warehouse that a
crashed read-write client left a write-ahead log beside, through the `cjw` command as a user runs it.

The delivery is the session's generated world plus planted faults whose right outcome is known:
a web event dated after the delivery, pound rates x10 for nine months, a non-ISO currency, a rate
that lost its decimal point, survey answers given with an address only a test record carries, a
phone with letters, and a column named `[/]` (terminal markup). Everything else is the world the
rest of the tests built, so the published numbers must equal theirs.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

CLI = Path(sys.executable).parent / "cjw"
DELIVERED_ON = "2026-06-30"  # the generated worlds end on this day
QA_ADDRESS = "qa.bot@example.com"  # generic (placeholder domain) and on a test record only
# the converted money models: (model, its id, the date its rate is taken on, its USD column)
MONEY = [("int_orders_converted", "order_id", "ordered_at", "amount_usd"),
         ("int_registrations_converted", "registration_id", "registered_at", "ticket_price_usd"),
         ("int_membership_events_converted", "membership_event_id", "action_date", "amount_usd")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rewrite_csv(path: Path, edit) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    header, body = edit(header, body)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)


def plant_faults(delivery: Path, truth_rows: list[dict[str, str]]) -> dict[str, object]:
    planted: dict[str, object] = {}

    def future_event(header, body):
        row = dict(zip(header, body[0], strict=True))
        late = datetime(2026, 8, 1, 12, tzinfo=UTC)
        row.update(event_id="EV-AFTER-DELIVERY", event_timestamp=str(int(late.timestamp() * 1_000_000)))
        return header, [*body, [row[c] for c in header]]

    def implausible_rates(header, body):
        i_date, i_cur, i_rate = (header.index(c) for c in ("rate_date", "currency", "usd_per_unit"))
        times_ten, lost = [], None
        for row in body:
            try:
                day = date.fromisoformat(row[i_date])
                rate = Decimal(row[i_rate])
            except ValueError:
                continue  # a planted bad line of the world
            if row[i_cur] == "GBP" and date(2025, 7, 1) <= day <= date(2026, 3, 31):
                row[i_rate] = f"{rate * 10:.6f}"
                times_ten.append(day)
            elif row[i_cur] == "EUR" and day == date(2025, 5, 6) and lost is None:
                row[i_rate] = row[i_rate].replace(".", "")
                lost = row[i_rate]
        planted["gbp_times_ten"], planted["eur_lost_decimal"] = times_ten, lost
        return header, [*body, ["2025-03-03", "ZZZ", "1.000000"]]

    def digits(text: str) -> str:
        return re.sub(r"\D", "", text)

    # the phone broken must be the only trace of its number in the delivery: a ticket or a
    # duplicate record known only by that number would rightly become a customer of its own
    numbers = "\n".join(digits(line) for raw in sorted(delivery.glob("*.csv"))
                        for line in raw.read_text(encoding="utf-8").splitlines())

    # ... and its record must be the contact's only line, one the world stages: a line the world
    # quarantines (a planted defect such as a creation in 2099, or a conflicting copy of its id) or
    # supersedes is rightly not staged, so its value is not a dropped value of a staged row
    contact_lines: dict[str, list[str]] = {}
    for row in truth_rows:
        if row["source_file"] == "raw_crm_contacts":
            contact_lines.setdefault(row["record_id"], []).append(row["status"])
    staged_once = {contact for contact, statuses in contact_lines.items() if statuses == ["staged"]}

    def qa_record_and_bad_phone(header, body):
        qa = dict.fromkeys(header, "")
        qa.update(contact_id="003AQATEST00001", email=QA_ADDRESS, first_name="QA", last_name="Bot", country="US",
                  created_at="2025-02-01T10:00:00Z", last_modified_at="2025-02-01T10:00:00Z", is_test="true")
        i_phone, i_test, i_id = header.index("phone"), header.index("is_test"), header.index("contact_id")
        victim = next(r for r in body if r[i_test] == "false" and r[i_phone] and r[i_id] in staged_once
                      and numbers.count(digits(r[i_phone])[-9:]) == 1)
        victim[i_phone] = "call me maybe"
        planted["bad_phone_contact"] = victim[i_id]
        return header, [*body, [qa[c] for c in header]]

    def qa_answers(header, body):
        extra = []
        for k in range(3):
            row = dict.fromkeys(header, "")
            row.update(response_id=f"R_QA_{k}", survey_name="Member NPS Mar 2026", survey_type="nps",
                       respondent_email=QA_ADDRESS, submitted_at="03/25/2026 10:00:00 AM", score="0")
            extra.append([row[c] for c in header])
        return header, [*body, *extra]

    def markup_column(header, body):
        return [*header, "[/]"], [[*row, ""] for row in body]

    rewrite_csv(delivery / "raw_web_events.csv", future_event)
    rewrite_csv(delivery / "raw_fx_rates.csv", implausible_rates)
    rewrite_csv(delivery / "raw_crm_contacts.csv", qa_record_and_bad_phone)
    rewrite_csv(delivery / "raw_survey_responses.csv", qa_answers)
    rewrite_csv(delivery / "raw_orders.csv", markup_column)
    return planted


HOLD_READ_WRITE = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
con.execute("delete from marts.dim_customers where customer_id > 'cus_8'")
con.execute("update reporting.mart_headline_kpis set value = -1")
print("ready", flush=True)
time.sleep(600)
"""


@dataclass
class Adversarial:
    delivery: Path
    target: Path
    planted: dict
    refused: subprocess.CompletedProcess
    refused_digest_kept: bool
    stale_wal: bool
    published: subprocess.CompletedProcess

    def connect(self) -> duckdb.DuckDBPyConnection:
        """The published BI file."""
        return duckdb.connect(str(self.target), read_only=True)

    def connect_full(self) -> duckdb.DuckDBPyConnection:
        """The build with every schema (kept by --keep-full-build)."""
        return duckdb.connect(str(self.target.parent / "full-build" / "build.duckdb"), read_only=True)


def cjw_build(delivery: Path, target: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DUCKDB_PATH=str(target), COLUMNS="80")
    return subprocess.run([str(CLI), "build", "--raw-dir", str(delivery), "--delivered-on", DELIVERED_ON,
                           "--keep-full-build"], env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def adversarial(built_world, tmp_path_factory) -> Adversarial:
    root = tmp_path_factory.mktemp("adversarial")
    delivery = root / "delivery"
    shutil.copytree(built_world.raw_dir, delivery, ignore=shutil.ignore_patterns("_truth"))
    planted = plant_faults(delivery, built_world.truth_rows())
    target = root / "published" / built_world.warehouse.name
    target.parent.mkdir()
    shutil.copy(built_world.warehouse, target)
    before = digest(target)
    # a BI user opens the published file read-write, changes it and keeps it open ...
    client = subprocess.Popen([sys.executable, "-c", HOLD_READ_WRITE, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert client.stdout.readline().strip() == "ready"
        # ... so a build must refuse (it can read neither the history nor publish safely)
        refused = cjw_build(delivery, target)
        kept = digest(target) == before and not list(target.parent.glob(".build-*"))
    finally:
        # ... then the client crashes, leaving its write-ahead log beside the published file
        client.send_signal(signal.SIGKILL)
        client.wait()
    stale_wal = target.with_name(target.name + ".wal").exists()
    published = cjw_build(delivery, target)
    return Adversarial(delivery, target, planted, refused, kept, stale_wal, published)


def test_a_read_write_session_on_the_published_file_stops_the_build(adversarial):
    refused = adversarial.refused
    assert refused.returncode == 1, refused.stderr
    assert "cannot read the published warehouse" in refused.stderr and "read-write" in refused.stderr
    assert "Traceback" not in refused.stderr + refused.stdout
    assert adversarial.refused_digest_kept, "the published file unchanged, refused before anything was built"


def test_a_crashed_clients_log_is_removed_and_never_replayed(adversarial, built_world):
    assert adversarial.stale_wal, "the killed client should have left a write-ahead log"
    result = adversarial.published
    assert result.returncode == 0, result.stderr[-3000:]
    assert "write-ahead log left by a read-write client" in result.stderr
    target = adversarial.target
    assert sorted(p.name for p in target.parent.iterdir()) == ["data_docs", "full-build", "restricted.duckdb",
                                                               target.name], "exactly the gated files"
    assert not stat.S_IMODE(target.stat().st_mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), "read-only"
    with adversarial.connect() as con, built_world.connect() as clean:
        for table in ("marts.dim_customers", "marts.fct_journeys"):
            assert con.execute(f"select count(*) from {table}").fetchone() == \
                clean.execute(f"select count(*) from {table}").fetchone(), table
        # the killed client set every KPI to -1: not replayed (NPS may be negative, so compare with the
        # clean build on KPIs the planted rows leave alone)
        kpis = "select kpi, value from reporting.mart_headline_kpis where kpi in " \
               "('customers', 'active_members', 'conversions', 'nps', 'csat')"
        assert dict(con.execute(kpis).fetchall()) == dict(clean.execute(kpis).fetchall())
        # the quality and delivery histories travel on: the earlier run and this one
        assert con.execute("select count(distinct run_id) from audit.dq_results").fetchone()[0] == 2
        assert con.execute("select count(distinct run_id) from audit.delivery_history").fetchone()[0] == 2


def test_an_event_after_the_delivery_is_quarantined_and_the_data_end_holds(adversarial, built_world):
    with adversarial.connect() as con, built_world.connect() as clean:
        reason = con.execute("select reason from audit.quarantine where source_record_id = 'EV-AFTER-DELIVERY'"
                             ).fetchone()[0]
        assert f"after the delivery date {DELIVERED_ON}" in reason
        end = con.execute("select max(occurred_at) from marts.fct_touchpoints").fetchone()[0]
        assert end <= datetime(2026, 6, 30, 23, 59, 59)
        kpis = "select kpi, value from reporting.mart_headline_kpis where kpi in " \
               "('active_members', 'membership_renewal_rate_pct', 'customers', 'nps', 'conversions')"
        assert dict(con.execute(kpis).fetchall()) == dict(clean.execute(kpis).fetchall())


def test_implausible_exchange_rates_are_quarantined(adversarial, built_world):
    times_ten = adversarial.planted["gbp_times_ten"]
    assert len(times_ten) > 150 and adversarial.planted["eur_lost_decimal"]
    with adversarial.connect() as con, built_world.connect() as clean:
        rows = con.execute("""
            select json_extract_string(raw_row, '$.currency'), json_extract_string(raw_row, '$.rate_date'),
                   json_extract_string(raw_row, '$.usd_per_unit'), reason
            from audit.quarantine where source_file = 'raw_fx_rates.csv'""").fetchall()
        reasons = {(cur, rate): reason for cur, _day, rate, reason in rows}
        with adversarial.connect_full() as full:
            staged_gbp = {d for (d,) in full.execute(
                "select rate_date from staging.stg_fx__rates where currency = 'GBP'").fetchall()}
        assert not staged_gbp & set(times_ten), "no pound rate x10 is staged"
        # every planted day, by its date (two days can carry the same rate: keyed by rate, they were one)
        banded = {day.strip() for cur, day, _rate, reason in rows if cur == "GBP" and "plausible band" in reason}
        assert {d.isoformat() for d in times_ten} <= banded
        assert "plausible band" in reasons[("EUR", adversarial.planted["eur_lost_decimal"])]
        assert "not an ISO 4217 code" in reasons[("ZZZ", "1.000000")]
        # the pound's amounts in the planted months use the latest plausible rate (the one before
        # them), not ten times the true one; revenue moves by no more than that substitution can move it
        carried = clean.execute("select usd_per_unit from intermediate.int_fx_rates_daily "
                                "where currency = 'GBP' and rate_date = date '2025-06-30'").fetchone()[0]
        drift = 0
        with adversarial.connect_full() as full:
            full.execute(f"attach '{built_world.full}' as clean (read_only)")
            for model, key, day, usd in MONEY:
                window = f"cast(a.{day} as date) between date '2025-07-01' and date '2026-03-31'"
                rates = full.execute(f"select distinct a.usd_per_unit from intermediate.{model} as a "
                                     f"where a.currency = 'GBP' and {window}").fetchall()
                assert rates in ([], [(carried,)]), (model, rates, carried)
                drift += full.execute(
                    f"select coalesce(sum(abs(a.{usd} - c.{usd})), 0) from intermediate.{model} as a "
                    f"join clean.intermediate.{model} as c using ({key}) where a.currency = 'GBP' and {window}"
                ).fetchone()[0]
        revenue = "select value from reporting.mart_headline_kpis where kpi = 'revenue_usd'"
        got, clean_revenue = con.execute(revenue).fetchone()[0], clean.execute(revenue).fetchone()[0]
        assert 0 < abs(got - clean_revenue) <= float(drift) + 0.01, (got, clean_revenue, drift)


def test_answers_given_with_a_test_records_address_stay_out(adversarial, built_world):
    with adversarial.connect() as con:
        leaked = con.execute("select count(*) from marts.fct_touchpoints where source_record_id like 'R_QA_%'"
                             ).fetchone()[0]
        assert leaked == 0


def test_a_value_left_out_is_recorded_with_its_reason(adversarial):
    with adversarial.connect() as con:
        notes = con.execute("select note from audit.dropped_values where source_record_id = ?",
                            [adversarial.planted["bad_phone_contact"]]).fetchall()
    assert notes == [("phone: not a phone number",)]


def test_delivery_text_is_printed_not_interpreted(adversarial):
    out = adversarial.published.stderr
    # the ignored column is named as delivered, not swallowed (or crashed on) as terminal markup
    assert "column(s) not in the contract, ignored: [/]" in out
    assert "Traceback" not in out + adversarial.published.stdout


def test_a_delivery_date_that_is_no_date_is_a_usage_error():
    """`cjw build --delivered-on` with a day that does not exist: a usage error that names the value
    (exit 2), before anything is read or built, not an internal error asking to be reported
    (typer's BadParameter is not click's, which the command's last line of defence caught alone)."""
    result = subprocess.run([str(CLI), "build", "--delivered-on", "2026-13-45"],
                            capture_output=True, text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "not a YYYY-MM-DD date: '2026-13-45'" in out
    assert "internal error" not in out and "Traceback" not in out
