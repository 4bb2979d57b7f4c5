"""The input contract (shared/contract/raw-exports.md) as data: file names and their columns.

This is the single place Python knows the raw files. The dbt side lists the same columns in
`seeds/raw/_raw__seeds.yml` (all loaded as text) and in the base models; a pytest keeps the
three in agreement.
"""

from __future__ import annotations

RAW_FILES: dict[str, list[str]] = {
    "raw_crm_contacts": [
        "contact_id", "email", "phone", "first_name", "last_name", "postal_code", "country",
        "member_number", "social_handle", "created_at", "last_modified_at", "is_test",
    ],
    "raw_web_events": [
        "event_id", "event_timestamp", "client_id", "user_id", "event_name", "page_location",
        "page_referrer", "platform", "device_category", "geo_country",
    ],
    "raw_email_activity": [
        "activity_id", "campaign_id", "campaign_name", "email_address", "action", "timestamp", "url",
    ],
    "raw_ad_clicks": [
        "click_id", "platform", "campaign_name", "ad_group", "click_time", "account_timezone",
        "cost_micros", "currency",
    ],
    "raw_social_interactions": [
        "interaction_id", "network", "handle", "interaction_type", "occurred_at", "sentiment", "message",
    ],
    "raw_support_tickets": [
        "ticket_id", "requester_email", "requester_phone", "channel", "category", "status",
        "created_at", "first_response_at", "solved_at", "satisfaction_rating",
    ],
    "raw_event_registrations": [
        "registration_id", "event_id", "event_name", "event_type", "event_start", "attendee_email",
        "attendee_first_name", "attendee_last_name", "registered_at", "ticket_type", "ticket_price",
        "currency", "checked_in", "cancelled_at", "how_did_you_hear",
    ],
    "raw_orders": [
        "order_id", "customer_email", "ordered_at", "updated_at", "sales_channel", "order_type",
        "product_sku", "product_category", "quantity", "unit_price", "discount_code", "currency", "status",
    ],
    "raw_memberships": [
        "membership_event_id", "member_number", "contact_email", "plan", "action", "action_date",
        "term_start", "term_end", "amount", "currency",
    ],
    "raw_survey_responses": [
        "response_id", "survey_name", "survey_type", "respondent_email", "submitted_at", "score",
        "touchpoint_ref", "comment",
    ],
    "raw_direct_mail": ["mail_piece_id", "contact_id", "campaign_code", "mailed_on", "offer_code"],
    "raw_fx_rates": ["rate_date", "currency", "usd_per_unit"],
}

# The column that identifies a raw row (what audit.quarantine calls source_record_id).
RECORD_ID: dict[str, str] = {
    "raw_crm_contacts": "contact_id",
    "raw_web_events": "event_id",
    "raw_email_activity": "activity_id",
    "raw_ad_clicks": "click_id",
    "raw_social_interactions": "interaction_id",
    "raw_support_tickets": "ticket_id",
    "raw_event_registrations": "registration_id",
    "raw_orders": "order_id",
    "raw_memberships": "membership_event_id",
    "raw_survey_responses": "response_id",
    "raw_direct_mail": "mail_piece_id",
    "raw_fx_rates": "rate_date",
}
