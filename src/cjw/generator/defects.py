"""Planted bad rows: each defect makes a row one that the contract says must be quarantined.

A defect changes one field so that the row is unambiguously invalid (unparseable timestamp,
negative or non-numeric amount, unknown currency or enum value, missing key). It returns a
short code naming the defect and the column, e.g. `bad_timestamp:created_at`.
"""

from __future__ import annotations

import random

BAD_TIMESTAMPS = ["2025-02-30T10:00:00Z", "not a date", "31/12/2025 10:00", "2025-13-01T00:00:00Z", "N/A",
                  "2025-06-01T25:61:00Z"]
BAD_DATES = ["2025-02-30", "2025/13/01", "tomorrow", "00-00-0000", "20250631"]
BAD_NUMBERS = ["twelve", "12,50", "1.2.3", "$15", "n/a"]
BAD_CURRENCIES = ["XYZ", "US$", "EURO", "BTC"]

# file -> list of (defect kind, column, allowed bad values or None for the kind's default)
DEFECTS: dict[str, list[tuple[str, str]]] = {
    "raw_crm_contacts": [("bad_timestamp", "created_at"), ("missing_id", "contact_id"),
                         ("unknown_enum", "is_test"), ("bad_timestamp", "last_modified_at")],
    "raw_web_events": [("bad_epoch", "event_timestamp"), ("missing_id", "event_id"),
                       ("unknown_enum", "event_name"), ("unknown_enum", "platform"),
                       ("missing_id", "client_id")],
    "raw_email_activity": [("bad_naive_ts", "timestamp"), ("missing_id", "activity_id"),
                           ("unknown_enum", "action")],
    "raw_ad_clicks": [("bad_naive_ts", "click_time"), ("negative", "cost_micros"), ("non_numeric", "cost_micros"),
                      ("unknown_currency", "currency"), ("unknown_enum", "platform"),
                      ("unknown_enum", "account_timezone")],
    "raw_social_interactions": [("bad_timestamp", "occurred_at"), ("unknown_enum", "sentiment"),
                                ("unknown_enum", "network"), ("missing_id", "interaction_id")],
    "raw_support_tickets": [("bad_timestamp", "created_at"), ("unknown_enum", "category"),
                            ("unknown_enum", "status"), ("unknown_enum", "satisfaction_rating"),
                            ("missing_id", "ticket_id")],
    "raw_event_registrations": [("bad_timestamp", "registered_at"), ("negative", "ticket_price"),
                                ("unknown_currency", "currency"), ("unknown_enum", "checked_in"),
                                ("unknown_enum", "ticket_type"), ("non_numeric", "ticket_price")],
    "raw_orders": [("negative", "unit_price"), ("non_numeric", "quantity"), ("unknown_currency", "currency"),
                   ("bad_timestamp", "ordered_at"), ("unknown_enum", "status"), ("missing_id", "order_id"),
                   ("non_numeric", "unit_price")],
    "raw_memberships": [("bad_date", "action_date"), ("negative", "amount"), ("unknown_enum", "action"),
                        ("unknown_enum", "plan"), ("unknown_currency", "currency")],
    "raw_survey_responses": [("bad_us_ts", "submitted_at"), ("out_of_range", "score"),
                             ("non_numeric", "score"), ("unknown_enum", "survey_type")],
    "raw_direct_mail": [("bad_date", "mailed_on"), ("missing_id", "contact_id"), ("missing_id", "mail_piece_id")],
    "raw_fx_rates": [("negative", "usd_per_unit"), ("bad_date", "rate_date")],
}

UNKNOWN_ENUMS = {
    "is_test": ["maybe", "yes please", "2"],
    "event_name": ["pageview_v2", "scroll_depth", "video_start"],
    "platform": ["smart_tv", "tiktok_ads", "bing_ads"],
    "action": ["opened?", "forwarded", "reinstate", "pause"],
    "account_timezone": ["Mars/Olympus_Mons", "EST5EDT+", "Eastern"],
    "sentiment": ["very negative", "mixed", "???"],
    "network": ["tiktok", "myspace"],
    "category": ["complaint", "misc."],
    "status": ["in_review", "refund_pending", "archived"],
    "satisfaction_rating": ["great", "5 stars"],
    "checked_in": ["Maybe", "Y?"],
    "ticket_type": ["vip", "press"],
    "plan": ["platinum", "family"],
    "survey_type": ["ces", "pulse"],
}


def corrupt(file: str, values: dict[str, str | None], rng: random.Random) -> str:
    kind, col = rng.choice(DEFECTS[file])
    if kind == "unknown_enum" and col == "platform" and file == "raw_web_events":
        values[col] = "smart_tv"
    elif kind == "unknown_enum" and col == "platform":
        values[col] = rng.choice(["tiktok_ads", "bing_ads"])
    elif kind == "unknown_enum" and col == "action" and file == "raw_memberships":
        values[col] = rng.choice(["reinstate", "pause"])
    elif kind == "unknown_enum" and col == "action":
        values[col] = rng.choice(["opened?", "forwarded"])
    elif kind == "unknown_enum" and col == "status" and file == "raw_support_tickets":
        values[col] = rng.choice(["in_review", "archived"])
    elif kind == "unknown_enum" and col == "status":
        values[col] = "refund_pending"
    elif kind == "unknown_enum":
        values[col] = rng.choice(UNKNOWN_ENUMS[col])
    elif kind == "bad_timestamp":
        values[col] = rng.choice(BAD_TIMESTAMPS)
    elif kind == "bad_epoch":
        values[col] = rng.choice(["17356x8000000000", "", "yesterday", "-1"])
        if values[col] == "":
            kind = "missing_value"
    elif kind == "bad_naive_ts":
        values[col] = rng.choice(["2025-02-30 10:00:00", "10/11/2025 3pm", "2025-06-01 25:00:00", "N/A"])
    elif kind == "bad_us_ts":
        values[col] = rng.choice(["13/45/2025 10:00:00 AM", "2025-06-01 10:00:00", "06/31/2025 11:00:00 PM"])
    elif kind == "bad_date":
        values[col] = rng.choice(BAD_DATES)
    elif kind == "missing_id":
        values[col] = None
    elif kind == "negative":
        v = values[col] or "1"
        values[col] = "-" + (v if v not in ("0", "0.00", "0.0") else "5.00")
    elif kind == "non_numeric":
        values[col] = rng.choice(BAD_NUMBERS)
    elif kind == "unknown_currency":
        values[col] = rng.choice(BAD_CURRENCIES)
    elif kind == "out_of_range":
        values[col] = rng.choice(["11", "-3", "42"])
    else:  # pragma: no cover - the table above is closed
        raise ValueError(kind)
    return f"{kind}:{col}"


# ---- defects of the fault-testing round (issue: nothing wrong gets published) --------------------
# Drawn from a random stream of their own, so the rest of a seed's world is what it always was.
# file -> (main event time column, its value far in the future, its value before 1990)
FAR_TIMES: dict[str, tuple[str, str, str]] = {
    "raw_crm_contacts": ("created_at", "2099-01-15T10:00:00Z", "1900-01-01T00:00:00Z"),
    "raw_web_events": ("event_timestamp", "4084387200000000", "-2208988800000000"),
    "raw_email_activity": ("timestamp", "2099-03-01 10:00:00", "1900-01-01 00:00:00"),
    "raw_ad_clicks": ("click_time", "2099-03-01 10:00:00", "1900-01-01 00:00:00"),
    "raw_social_interactions": ("occurred_at", "2099-03-01T10:00:00+01:00", "1900-01-01T00:00:00+01:00"),
    "raw_support_tickets": ("created_at", "2099-03-01T10:00:00Z", "1900-01-01T00:00:00Z"),
    "raw_event_registrations": ("registered_at", "2099-03-01T10:00:00-05:00", "1900-01-01T00:00:00-05:00"),
    "raw_orders": ("ordered_at", "2099-03-01T10:00:00Z", "1900-01-01T00:00:00Z"),
    "raw_memberships": ("action_date", "2099-03-01", "1900-01-01"),
    "raw_survey_responses": ("submitted_at", "03/01/2099 10:00:00 AM", "01/01/1900 10:00:00 AM"),
    "raw_direct_mail": ("mailed_on", "2099-03-01", "1900-01-01"),
    "raw_fx_rates": ("rate_date", "2099-03-01", "1900-01-01"),
}
# numbers too large for their type (a failed cast must never fail the build) or implausible
HUGE_NUMBERS: dict[str, list[tuple[str, str]]] = {
    "raw_ad_clicks": [("cost_micros", "9" * 25)],
    "raw_event_registrations": [("ticket_price", "1" + "0" * 20)],
    "raw_orders": [("unit_price", "1" + "0" * 20), ("quantity", "99999999999"), ("unit_price", "25000000.00")],
    "raw_memberships": [("amount", "1" + "0" * 20)],
    "raw_survey_responses": [("score", "99999999999")],
}
# a column changed in a conflicting copy of a row (same id, and same version for re-exported
# records, but other content): the value stays valid, so only the conflict makes the row bad. Not
# for exchange rates: a conflict takes the day's rate away, and the truth's USD amounts use it
CONFLICT_EDITS: dict[str, tuple[str, list[str]]] = {
    "raw_crm_contacts": ("postal_code", ["99999", "99998"]),
    "raw_web_events": ("page_referrer", ["https://conflict.example/", "https://other.example/"]),
    "raw_email_activity": ("campaign_name", ["Conflicting copy", "Another copy"]),
    "raw_ad_clicks": ("ad_group", ["Conflicting copy", "Another copy"]),
    "raw_social_interactions": ("message", ["A different message", "Another message"]),
    "raw_support_tickets": ("category", ["other", "billing"]),
    "raw_event_registrations": ("event_name", ["A different event", "Another event"]),
    "raw_orders": ("unit_price", ["9999.00", "8888.00"]),
    "raw_memberships": ("amount", ["1234.00", "4321.00"]),
    "raw_survey_responses": ("comment", ["A different comment", "Another comment"]),
    "raw_direct_mail": ("campaign_code", ["OTHER", "OTHER2"]),
}


def corrupt_hard(file: str, values: dict[str, str | None], id_column: str, rng: random.Random) -> str:
    """One of the newer defects: a time after the delivery or before 1990, a number out of range,
    a NUL byte inside the id, a currency that is not ISO 4217, a rate that lost its decimal point."""
    kinds = ["future_time", "ancient_time"]
    if file in HUGE_NUMBERS:
        kinds.append("huge_number")
    if file != "raw_fx_rates" and values.get(id_column):
        kinds.append("nul_in_id")
    if file == "raw_fx_rates":
        kinds += ["not_iso_currency", "lost_decimal_point"]
    kind = rng.choice(kinds)
    if kind in ("future_time", "ancient_time"):
        col, future, ancient = FAR_TIMES[file]
        values[col] = future if kind == "future_time" else ancient
    elif kind == "huge_number":
        col, value = rng.choice(HUGE_NUMBERS[file])
        values[col] = value
    elif kind == "nul_in_id":
        col, value = id_column, values[id_column] or ""
        values[col] = value[:3] + "\x00" + value[3:]
    elif kind == "not_iso_currency":
        col = "currency"
        values[col] = "ZZZ"
    else:  # lost_decimal_point
        col = "usd_per_unit"
        values[col] = (values[col] or "1").replace(".", "").lstrip("0") or "1"
    return f"{kind}:{col}"
