{#- Every line of the event platform's registration export, typed and validated (see
    stage_raw_rows): times with the venue's offset to UTC, ticket prices in their currency (the USD
    price is int_registrations_converted). -#}

{{ stage_raw_rows(
    source('events', 'raw_event_registrations'), 'events', 'raw_event_registrations',
    lookups={'currencies': ref('currencies')},
    trimmed=['registration_id', 'event_id', 'event_name', 'attendee_first_name', 'attendee_last_name'],
    lowered=['event_type', 'ticket_type'],
    uppered=['currency'],
    parsed={
        'event_start_at': parse_iso_utc('event_start'),
        'attendee_email_raw': "nullif(trim(attendee_email), '')",
        'attendee_email': normalize_email('attendee_email'),
        'registered_at': parse_iso_utc('registered_at'),
        'ticket_price': parse_number('ticket_price', 'decimal(18, 2)'),
        'is_checked_in': "case lower(trim(checked_in)) when 'yes' then true when 'no' then false end",
        'cancelled_at': parse_iso_utc('cancelled_at'),
        'how_did_you_hear': "nullif(lower(trim(how_did_you_hear)), '')",
    },
    checks=[
        ["event_start_at is null", "event_start: missing or not an ISO 8601 timestamp"],
        ["registered_at is null", "registered_at: missing or not an ISO 8601 timestamp"],
        ["raw__cancelled_at is not null and cancelled_at is null", "cancelled_at: not an ISO 8601 timestamp"],
    ] + number_checks('ticket_price', 'ticket_price', 'decimal', var('max_plausible_amount'))
      + time_checks('registered_at', 'registered_at') + time_checks('cancelled_at', 'cancelled_at')
      + currency_checks('currencies'),
    notes=[
        ["attendee_email_raw is not null and attendee_email is null", "attendee_email: not an email address"],
    ],
    raw_row_when="dq_reason is not null or currency != 'USD'",
) }}
