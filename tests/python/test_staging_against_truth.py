"""Staging scored against the generator's truth, on a world generated with an unseen seed.

For every line of every raw file the generator knows what the warehouse must do with it
(staged, duplicate, superseded, quarantined), the true UTC time of its main timestamp, and
its USD amount computed independently in Python (Decimal, fx rule of the day or the latest
earlier day).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from cjw.registry import RAW_FILES

BASE = {
    "raw_crm_contacts": "base_crm__contacts",
    "raw_web_events": "base_web__events",
    "raw_email_activity": "base_email__activities",
    "raw_ad_clicks": "base_ads__clicks",
    "raw_social_interactions": "base_social__interactions",
    "raw_support_tickets": "base_support__tickets",
    "raw_event_registrations": "base_events__registrations",
    "raw_orders": "base_commerce__orders",
    "raw_memberships": "base_membership__events",
    "raw_survey_responses": "base_surveys__responses",
    "raw_direct_mail": "base_direct_mail__mail_pieces",
    "raw_fx_rates": "base_fx__rates",
}
# (staging model, id column, main timestamp column or None, USD column or None)
STAGING = {
    "raw_crm_contacts": ("stg_crm__contacts", "contact_id", "created_at", None),
    "raw_web_events": ("stg_web__events", "event_id", "event_at", None),
    "raw_email_activity": ("stg_email__activities", "activity_id", "occurred_at", None),
    "raw_ad_clicks": ("stg_ads__clicks", "click_id", "clicked_at", "cost_usd"),  # USD: int_ad_clicks_converted
    "raw_social_interactions": ("stg_social__interactions", "interaction_id", "occurred_at", None),
    "raw_support_tickets": ("stg_support__tickets", "ticket_id", "created_at", None),
    "raw_event_registrations": ("stg_events__registrations", "registration_id", "registered_at", "ticket_price_usd"),
    "raw_orders": ("stg_commerce__orders", "order_id", "ordered_at", "amount_usd"),
    "raw_memberships": ("stg_membership__events", "membership_event_id", "action_date", "amount_usd"),
    "raw_survey_responses": ("stg_surveys__responses", "response_id", "submitted_at", None),
    "raw_direct_mail": ("stg_direct_mail__mail_pieces", "mail_piece_id", "mailed_on", None),
    "raw_fx_rates": ("stg_fx__rates", "rate_date", "rate_date", None),
}


@pytest.fixture(scope="module")
def truth_by_file(built_world):
    out: dict[str, dict[int, dict[str, str]]] = defaultdict(dict)
    for row in built_world.truth_rows():
        out[row["source_file"]][int(row["line_number"])] = row
    return out


def test_every_file_loaded(built_world, truth_by_file):
    con = built_world.connect()
    assert set(truth_by_file) == set(RAW_FILES)
    for file in RAW_FILES:
        n = con.execute(f"select count(*) from staging.{BASE[file]}").fetchone()[0]
        assert n == len(truth_by_file[file]), file


@pytest.mark.parametrize("file", list(RAW_FILES))
def test_line_status_matches_truth(built_world, truth_by_file, file):
    """Each line is staged / duplicate / superseded / quarantined exactly as planted."""
    con = built_world.connect()
    got = dict(con.execute(f"select _line_number, dq_status from staging.{BASE[file]}").fetchall())
    want = {line: row["status"] for line, row in truth_by_file[file].items()}
    wrong = {line: (got.get(line), want[line]) for line in want if got.get(line) != want[line]}
    assert not wrong, f"{file}: {len(wrong)} lines differ (line: (warehouse, truth)), e.g. {list(wrong.items())[:5]}"
    assert Counter(got.values())["quarantined"] == Counter(want.values())["quarantined"]


def test_every_planted_bad_row_is_quarantined_with_a_reason(built_world, truth_by_file):
    con = built_world.connect()
    rows = con.execute("select source_file, row_number, reason, raw_row from audit.quarantine").fetchall()
    quarantined = {(f.removesuffix(".csv"), n): (reason, raw) for f, n, reason, raw in rows}
    planted = {(file, line): row["defect"] for file, lines in truth_by_file.items() for line, row in lines.items()
               if row["status"] == "quarantined"}
    assert planted, "the world should contain planted bad rows"
    assert set(quarantined) == set(planted)
    for key, defect in planted.items():
        reason, raw = quarantined[key]
        kind, column = defect.split(":")
        # the reason names the column the defect was planted in, and says what is wrong with it
        assert column in reason, (key, defect, reason)
        assert any(words in reason for words in REASON_WORDS.get(kind, [""])), (key, defect, reason)
        assert raw.startswith("{"), raw


# what a reason must say for the defects a misleading reason was once given for
REASON_WORDS = {
    "future_time": ["after the delivery date"],
    "ancient_time": ["before 1990-01-01", "between 2000 and 2100"],
    "huge_number": ["out of range", "plausible maximum"],
    "nul_in_id": ["NUL byte"],
    "conflicting_duplicate": ["differ in content"],
    "not_iso_currency": ["not an ISO 4217 code"],
    "lost_decimal_point": ["plausible band"],
}


def test_quarantined_rows_never_reach_staging(built_world, truth_by_file):
    con = built_world.connect()
    for file, (model, _id, _ts, _usd) in STAGING.items():
        lines = {r[0] for r in con.execute(f"select source_line_number from staging.{model}").fetchall()}
        bad = {line for line, row in truth_by_file[file].items() if row["status"] != "staged"}
        assert not lines & bad, file


def test_no_duplicate_ids_in_staging(built_world):
    con = built_world.connect()
    for file, (model, id_col, _ts, _usd) in STAGING.items():
        key = "currency, rate_date" if file == "raw_fx_rates" else id_col
        dupes = con.execute(f"select count(*) from (select {key} from staging.{model} group by {key} "
                            f"having count(*) > 1)").fetchone()[0]
        assert dupes == 0, model


@pytest.mark.parametrize("file", [f for f in RAW_FILES if f != "raw_fx_rates"])
def test_timestamps_are_utc_to_the_second(built_world, truth_by_file, file):
    model, _id, ts_col, _usd = STAGING[file]
    con = built_world.connect()
    got = con.execute(f"select source_line_number, strftime(cast({ts_col} as timestamp), '%Y-%m-%d %H:%M:%S') "
                      f"from staging.{model}").fetchall()
    wrong = []
    for line, ts in got:
        want = truth_by_file[file][line]["ts_utc"]
        if file in ("raw_memberships", "raw_direct_mail"):
            want = want[:10] + " 00:00:00"  # date-only columns
        if ts != want:
            wrong.append((line, ts, want))
    assert not wrong, f"{file}: {len(wrong)} timestamps differ, e.g. {wrong[:5]}"


CONVERTED = {"raw_ad_clicks": "int_ad_clicks_converted", "raw_event_registrations": "int_registrations_converted",
             "raw_orders": "int_orders_converted", "raw_memberships": "int_membership_events_converted"}


@pytest.mark.parametrize("file", list(CONVERTED))
def test_usd_amounts_to_the_cent(built_world, truth_by_file, file):
    """Money is converted in intermediate (the rate of the row's UTC date or the latest earlier day)."""
    _model, _id, _ts, usd_col = STAGING[file]
    con = built_world.connect()
    got = con.execute(f"select source_line_number, {usd_col} from intermediate.{CONVERTED[file]}").fetchall()
    assert got
    wrong = [(line, usd, truth_by_file[file][line]["usd"]) for line, usd in got
             if Decimal(str(usd)) != Decimal(truth_by_file[file][line]["usd"])]
    assert not wrong, f"{file}: {len(wrong)} amounts differ, e.g. {wrong[:5]}"


def test_reconciliation_accounts_for_every_row(built_world, truth_by_file):
    con = built_world.connect()
    rows = con.execute("select source_file, rows_in, rows_staged + rows_duplicate + rows_superseded + "
                       "rows_quarantined, is_reconciled from audit.raw_reconciliation").fetchall()
    assert len(rows) == 12
    for source_file, rows_in, accounted, ok in rows:
        assert ok and rows_in == accounted == len(truth_by_file[source_file.removesuffix(".csv")])
