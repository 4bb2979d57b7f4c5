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
