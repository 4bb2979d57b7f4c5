{#- Every line of the email service provider's activity export, typed and validated (see
    stage_raw_rows): emails normalized, naive UTC timestamps. -#}

{{ stage_raw_rows(
    source('email', 'raw_email_activity'), 'email', 'raw_email_activity',
    trimmed=['activity_id', 'campaign_id', 'campaign_name', 'url'],
    lowered=['action'],
    parsed={
        'email_address_raw': "nullif(trim(email_address), '')",
        'email': normalize_email('email_address'),
        'occurred_at': parse_naive_utc('"timestamp"'),
    },
    checks=[
        ["email_address_raw is null", "email_address: missing"],
        ["occurred_at is null", "timestamp: missing or not YYYY-MM-DD HH:MM:SS"],
    ] + time_checks('occurred_at', 'timestamp'),
    notes=[
        ["email_address_raw is not null and email is null", "email_address: not an email address"],
    ],
) }}
