{#- Every line of the help-desk ticket export, typed and validated (see stage_raw_rows): emails
    normalized, phones to E.164 (US national formats by default). -#}

{{ stage_raw_rows(
    source('support', 'raw_support_tickets'), 'support', 'raw_support_tickets',
    trimmed=['ticket_id'],
    lowered=['channel', 'category', 'status', 'satisfaction_rating'],
    parsed={
        'requester_email_raw': "nullif(trim(requester_email), '')",
        'requester_email': normalize_email('requester_email'),
        'requester_phone_raw': "nullif(trim(requester_phone), '')",
        'created_at': parse_iso_utc('created_at'),
        'first_response_at': parse_iso_utc('first_response_at'),
        'solved_at': parse_iso_utc('solved_at'),
    },
    derived={
        'requester_phone': normalize_phone('requester_phone_raw'),
    },
    checks=[
        ["created_at is null", "created_at: missing or not an ISO 8601 timestamp"],
        ["raw__first_response_at is not null and first_response_at is null",
         "first_response_at: not an ISO 8601 timestamp"],
        ["raw__solved_at is not null and solved_at is null", "solved_at: not an ISO 8601 timestamp"],
    ] + time_checks('created_at', 'created_at') + time_checks('first_response_at', 'first_response_at')
      + time_checks('solved_at', 'solved_at'),
    notes=[
        ["requester_email_raw is not null and requester_email is null", "requester_email: not an email address"],
        ["requester_phone_raw is not null and requester_phone is null", "requester_phone: not a phone number"],
    ],
) }}
