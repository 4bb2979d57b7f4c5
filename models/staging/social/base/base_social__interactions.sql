{#- Every line of the social listening export, typed and validated (see stage_raw_rows): handles
    normalized, ISO 8601 with offsets to UTC. -#}

{{ stage_raw_rows(
    source('social', 'raw_social_interactions'), 'social', 'raw_social_interactions',
    trimmed=['interaction_id'],
    lowered=['network', 'interaction_type', 'sentiment'],
    parsed={
        'handle_raw': "nullif(trim(handle), '')",
        'handle': normalize_handle('handle'),
        'occurred_at': parse_iso_utc('occurred_at'),
        'message': "message",
    },
    checks=[
        ["occurred_at is null", "occurred_at: missing or not an ISO 8601 timestamp"],
    ] + time_checks('occurred_at', 'occurred_at'),
) }}
