{#- Every line of the web and app analytics export, typed and validated (see stage_raw_rows):
    epoch microseconds to UTC, repeated events (overlapping exports) are duplicates. The campaign
    parameters, click ids, referrer host and path are parsed out of the URLs here, once per line
    when it is staged, so that a day parses its new lines alone: parsed in stg_web__events, a view,
    every reader parsed all 17.4M events of 1M people again, whatever it kept of them (about 3 s a
    read of every part, four reads a day). -#}

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
    derived={
        'utm_source': 'lower(' ~ url_parameter('page_location', 'utm_source') ~ ')',
        'utm_medium': 'lower(' ~ url_parameter('page_location', 'utm_medium') ~ ')',
        'utm_campaign': 'lower(' ~ url_parameter('page_location', 'utm_campaign') ~ ')',
        'gclid': url_parameter('page_location', 'gclid'),
        'fbclid': url_parameter('page_location', 'fbclid'),
        'li_fat_id': url_parameter('page_location', 'li_fat_id'),
        'referrer_host': url_host('page_referrer'),
        'page_path': url_path('page_location'),
    },
) }}
