"""The identity rules end to end, on a hand-made delivery of a few people.

- Jane Doe has two CRM records ("Jane" and "J.", emails differing in case and +tag): one customer.
- Ann Lee and Bob Stone share info@acme.org on their CRM records: two customers, the mailbox
  quarantined; Bob's event registration through the mailbox is resolved to Bob by name.
- Mark Fox's cookie browses anonymously, then logs in as his CRM contact; his email activity
  uses the CRM email: cookie -> login -> email is one customer, and the earlier anonymous session
  is re-stitched to him.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from cjw.build import build
from cjw.registry import RAW_FILES

T0 = 1_746_090_000  # 2025-05-01 09:00:00 UTC


def micros(seconds_after: int) -> str:
    return str((T0 + seconds_after) * 1_000_000)


ROWS = {
    "raw_crm_contacts": [
        dict(contact_id="C1", email="jane.doe@gmail.com", phone="(415) 867-5309", first_name="Jane", last_name="Doe",
             country="US", created_at="2025-01-02T10:00:00Z", is_test="false"),
        dict(contact_id="C2", email=" JANE.DOE+news@Gmail.com", first_name="J.", last_name="Doe", country="US",
             created_at="2025-02-02T10:00:00Z", is_test="false"),
        dict(contact_id="C3", email="info@acme.org", phone="+1 212 736 1100", first_name="Ann", last_name="Lee",
             country="US", created_at="2025-01-03T10:00:00Z", is_test="false"),
        dict(contact_id="C4", email="info@acme.org", phone="+1 312 744 2400", first_name="Bob", last_name="Stone",
             country="US", created_at="2025-01-04T10:00:00Z", is_test="false"),
        dict(contact_id="C5", email="mark.fox@outlook.com", first_name="Mark", last_name="Fox", country="GB",
             created_at="2025-01-05T10:00:00Z", is_test="false"),
    ],
    "raw_web_events": [
        dict(event_id="E1", event_timestamp=micros(0), client_id="K1", event_name="page_view",
             page_location="https://www.assoc-demo.org/?utm_source=google&utm_medium=cpc&gclid=G1",
             platform="web", device_category="desktop", geo_country="GB"),
        dict(event_id="E2", event_timestamp=micros(7200), client_id="K1", event_name="page_view",
             page_location="https://www.assoc-demo.org/login", platform="web", device_category="desktop",
             geo_country="GB"),
        dict(event_id="E3", event_timestamp=micros(7260), client_id="K1", user_id="C5", event_name="login",
             page_location="https://www.assoc-demo.org/login", platform="web", device_category="desktop",
             geo_country="GB"),
    ],
    "raw_email_activity": [
        dict(activity_id="A1", campaign_id="EM1", campaign_name="News", email_address="Mark.Fox@outlook.com",
             action="open", timestamp="2025-05-02 10:00:00"),
    ],
    "raw_ad_clicks": [
        dict(click_id="G1", platform="google_ads", campaign_name="Brand", ad_group="b",
             click_time="2025-05-01 05:00:00", account_timezone="America/New_York", cost_micros="1000000",
             currency="USD"),
    ],
    "raw_social_interactions": [
        dict(interaction_id="S1", network="x", handle="@someone", interaction_type="mention",
             occurred_at="2025-05-01T10:00:00+01:00", sentiment="neutral", message="hi"),
    ],
    "raw_support_tickets": [
        dict(ticket_id="T1", requester_phone="212-736-1100", channel="phone", category="billing", status="solved",
             created_at="2025-05-03T10:00:00Z", first_response_at="2025-05-03T11:00:00Z",
             solved_at="2025-05-03T12:00:00Z", satisfaction_rating="good"),
    ],
    "raw_event_registrations": [
        dict(registration_id="R1", event_id="EV1", event_name="Webinar", event_type="webinar",
             event_start="2025-06-01T12:00:00-04:00", attendee_email="info@acme.org", attendee_first_name="Bob",
             attendee_last_name="Stone", registered_at="2025-05-04T10:00:00-04:00", ticket_type="free",
             ticket_price="0.00", currency="USD", checked_in="Yes"),
    ],
    "raw_orders": [
        dict(order_id="O1", customer_email="jane.doe+shop@gmail.com", ordered_at="2025-05-05T10:00:00Z",
             updated_at="2025-05-05T10:05:00Z", sales_channel="online", order_type="purchase", product_sku="MUG",
             product_category="merchandise", quantity="2", unit_price="10.00", currency="EUR", status="completed"),
    ],
    "raw_memberships": [
        dict(membership_event_id="M1", member_number="M-000001", contact_email="mark.fox@outlook.com",
             plan="individual", action="join", action_date="2025-05-06", term_start="2025-05-06",
             term_end="2026-05-05", amount="150.00", currency="GBP"),
    ],
    "raw_survey_responses": [
        dict(response_id="Q1", survey_name="NPS", survey_type="nps", respondent_email="jane.doe@gmail.com",
             submitted_at="05/07/2025 03:00:00 PM", score="10"),
    ],
    "raw_direct_mail": [
        dict(mail_piece_id="P1", contact_id="C2", campaign_code="DM", mailed_on="2025-04-20", offer_code="DM-1"),
    ],
    "raw_fx_rates": [
        dict(rate_date="2025-05-02", currency="EUR", usd_per_unit="1.10"),
        dict(rate_date="2025-05-02", currency="GBP", usd_per_unit="1.30"),
    ],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    raw = root / "raw"
    raw.mkdir()
    for name, cols in RAW_FILES.items():
        with open(raw / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            for row in ROWS[name]:
                w.writerow(row)
    warehouse = root / "wh" / "warehouse.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("DUCKDB_PATH", str(warehouse))
    try:
        result = build(raw_dir=raw, keep_full_build=True)
    finally:
        mp.undo()
    return result.full_build


def customer_of(con, identifier_type: str, value: str) -> str | None:
    row = con.execute("select customer_id from restricted.customer_identifiers_unmasked where identifier_type = ? "
                      "and identifier_value = ?", [identifier_type, value]).fetchone()
    return row[0] if row else None


def test_duplicate_crm_records_of_one_person_are_one_customer(tiny):
    con = duckdb.connect(str(tiny), read_only=True)
    jane = customer_of(con, "crm_contact_id", "C1")
    assert jane is not None and jane == customer_of(con, "crm_contact_id", "C2")
    assert customer_of(con, "email", "jane.doe@gmail.com") == jane
    order = con.execute("select customer_id, revenue_usd from marts.fct_touchpoints where source_record_id = 'O1'")
    assert order.fetchone() == (jane, pytest.approx(22.0))


def test_shared_mailbox_keeps_two_people_apart(tiny):
    con = duckdb.connect(str(tiny), read_only=True)
    ann, bob = customer_of(con, "crm_contact_id", "C3"), customer_of(con, "crm_contact_id", "C4")
    assert ann and bob and ann != bob
    assert customer_of(con, "email", "info@acme.org") is None
    reason = con.execute("select quarantine_reason from restricted.identity_quarantine_unmasked "
                         "where identifier_value = 'info@acme.org'")
    assert reason.fetchone()[0]
    registration = con.execute("select distinct customer_id from marts.fct_touchpoints where source_record_id = 'R1'")
    assert registration.fetchall() == [(bob,)]
    ticket = con.execute("select customer_id from marts.fct_touchpoints where source_record_id = 'T1'").fetchone()
    assert ticket == (ann,)


def test_cookie_login_email_chain_is_one_customer(tiny):
    con = duckdb.connect(str(tiny), read_only=True)
    mark = customer_of(con, "crm_contact_id", "C5")
    assert mark is not None
    assert customer_of(con, "client_id", "K1") == mark
    assert customer_of(con, "email", "mark.fox@outlook.com") == mark
    assert customer_of(con, "member_number", "M-000001") == mark
    sessions = con.execute("select source_record_id, customer_id, channel from marts.fct_touchpoints "
                           "where source_system = 'web' order by occurred_at").fetchall()
    # the first session (an ad landing, anonymous at the time) is re-stitched after the login
    assert sessions == [("E1", mark, "paid_search"), ("E2", mark, "direct")]
    click = con.execute("select customer_id from marts.fct_touchpoints where source_record_id = 'G1'").fetchone()
    assert click == (mark,)
    assert con.execute("select count(*) from marts.dim_customers").fetchone()[0] == 4
