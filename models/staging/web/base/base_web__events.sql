{#- Every line of the web and app analytics export, typed and validated (see stage_raw_rows):
    epoch microseconds to UTC, repeated events (overlapping exports) are duplicates. -#}

{{ stage_raw_rows(
    source('web', 'raw_web_events'), 'web', 'raw_web_events',
    trimmed=['event_id', 'client_id', 'user_id', 'page_location', 'page_referrer'],
    lowered=['event_name', 'platform', 'device_category'],
    parsed={
        'event_at': parse_epoch_micros('event_timestamp'),
        'geo_country': "case when regexp_full_match(upper(trim(geo_country)), '[A-Z]{2}') then upper(trim(geo_country)) end",
    },
    checks=[
        ["raw__event_timestamp is null", "event_timestamp: missing"],
        ["raw__event_timestamp is not null and event_at is null",
         "event_timestamp: not epoch microseconds between 2000 and 2100"],
    ] + time_checks('event_at', 'event_timestamp'),
    notes=[
        ["nullif(trim(raw__geo_country), '') is not null and geo_country is null",
         "geo_country: not an ISO 3166 alpha-2 code"],
    ],
) }}
