{#- Every line of the membership system's export, typed and validated (see stage_raw_rows): dates,
    amounts in their currency (USD: int_membership_events_converted). -#}

{{ stage_raw_rows(
    source('membership', 'raw_memberships'), 'membership', 'raw_memberships',
    lookups={'currencies': ref('currencies')},
    trimmed=['membership_event_id'],
    lowered=['plan', 'action'],
    uppered=['member_number', 'currency'],
    parsed={
        'contact_email_raw': "nullif(trim(contact_email), '')",
        'contact_email': normalize_email('contact_email'),
        'action_date': parse_date('action_date'),
        'term_start': parse_date('term_start'),
        'term_end': parse_date('term_end'),
        'amount': parse_number('amount', 'decimal(18, 2)'),
    },
    checks=[
        ["action_date is null", "action_date: missing or not a YYYY-MM-DD date"],
        ["raw__term_start is not null and term_start is null", "term_start: not a YYYY-MM-DD date"],
        ["raw__term_end is not null and term_end is null", "term_end: not a YYYY-MM-DD date"],
        ["term_end < term_start", "term_end: before term_start"],
    ] + number_checks('amount', 'amount', 'decimal', var('max_plausible_amount'))
      + time_checks('cast(action_date as timestamp)', 'action_date') + currency_checks('currencies'),
    notes=[
        ["contact_email_raw is not null and contact_email is null", "contact_email: not an email address"],
    ],
    raw_row_when="dq_reason is not null or currency != 'USD'",
) }}
