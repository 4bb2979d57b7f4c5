{%- set columns = source_columns('web', 'raw_web_events') -%}
{%- set event_names = ['page_view', 'login', 'sign_up', 'form_submit', 'add_to_cart', 'begin_checkout',
                       'purchase', 'donate', 'event_register'] -%}

with

source as (

    select * from {{ number_lines(source('web', 'raw_web_events')) }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(event_id), '') as event_id,
        {{ parse_epoch_micros('event_timestamp') }} as event_at,
        nullif(trim(client_id), '') as client_id,
        nullif(trim(user_id), '') as user_id,
        lower(trim(event_name)) as event_name,
        nullif(trim(page_location), '') as page_location,
        nullif(trim(page_referrer), '') as page_referrer,
        lower(trim(platform)) as platform,
        lower(trim(device_category)) as device_category,
        case when regexp_full_match(upper(trim(geo_country)), '[A-Z]{2}') then upper(trim(geo_country)) end
            as geo_country
    from source

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('web', 'raw_web_events') + [
            ["raw__event_timestamp is null", "event_timestamp: missing"],
            ["raw__event_timestamp is not null and event_at is null",
             "event_timestamp: not epoch microseconds between 2000 and 2100"],
        ] + time_checks('event_at', 'event_timestamp')) }} as check_reason,
        {{ dq_reasons([
            ["nullif(trim(raw__geo_country), '') is not null and geo_country is null",
             "geo_country: not an ISO 3166 alpha-2 code"],
        ]) }} as dq_note
    from parsed

),

deduplicated as (

    {{ deduplicate('checked', ['event_id'], columns) }}

),

final as (

    select
        _line_number,
        event_id,
        event_at,
        client_id,
        user_id,
        event_name,
        page_location,
        page_referrer,
        platform,
        device_category,
        geo_country,
        {{ dq_columns('web', 'raw_web_events') }}
    from deduplicated

)

select * from final
