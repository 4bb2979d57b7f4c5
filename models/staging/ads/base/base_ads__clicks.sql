{#- Every line of the paid media click export, typed and validated (see stage_raw_rows): the
    click time is wall-clock time in the account's IANA zone, converted to UTC (daylight saving
    applied); costs stay in micros of their currency (the USD cost is int_ad_clicks_converted). -#}

{{ stage_raw_rows(
    source('ads', 'raw_ad_clicks'), 'ads', 'raw_ad_clicks',
    lookups={'currencies': ref('currencies')},
    trimmed=['click_id', 'campaign_name', 'ad_group'],
    lowered=['platform'],
    uppered=['currency'],
    parsed={
        'click_time_local': parse_naive_utc('click_time'),
        'account_timezone': "trim(account_timezone)",
        'is_timezone_known': is_known_timezone('trim(account_timezone)'),
        'cost_micros': parse_number('cost_micros', 'bigint'),
    },
    derived={
        'clicked_at': "case when is_timezone_known then " ~ local_to_utc('click_time_local', 'account_timezone') ~ " end",
    },
    checks=[
        ["click_time_local is null", "click_time: missing or not YYYY-MM-DD HH:MM:SS"],
        ["not is_timezone_known", "account_timezone: not an IANA time zone"],
    ] + number_checks('cost_micros', 'cost_micros', 'bigint', var('max_plausible_amount') * 1000000)
      + time_checks('clicked_at', 'click_time') + currency_checks('currencies'),
    raw_row_when="dq_reason is not null or currency != 'USD'",
) }}
