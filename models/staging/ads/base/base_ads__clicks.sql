{%- set columns = source_columns('ads', 'raw_ad_clicks') -%}

with

source as (

    select * from {{ number_lines(source('ads', 'raw_ad_clicks')) }}

),

currencies as (

    select * from {{ ref('currencies') }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(click_id), '') as click_id,
        lower(trim(platform)) as platform,
        nullif(trim(campaign_name), '') as campaign_name,
        nullif(trim(ad_group), '') as ad_group,
        {{ parse_naive_utc('click_time') }} as click_time_local,
        trim(account_timezone) as account_timezone,
        {{ is_known_timezone('trim(account_timezone)') }} as is_timezone_known,
        {{ parse_number('cost_micros', 'bigint') }} as cost_micros,
        upper(trim(currency)) as currency
    from source

),

localized as (

    select
        *,
        case when is_timezone_known then {{ local_to_utc('click_time_local', 'account_timezone') }} end
            as clicked_at
    from parsed

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('ads', 'raw_ad_clicks') + [
            ["click_time_local is null", "click_time: missing or not YYYY-MM-DD HH:MM:SS"],
            ["not is_timezone_known", "account_timezone: not an IANA time zone"],
        ] + number_checks('cost_micros', 'cost_micros', 'bigint', var('max_plausible_amount') * 1000000)
          + time_checks('clicked_at', 'click_time')
          + currency_checks('currencies')
         ) }} as check_reason,
        cast(null as varchar) as dq_note
    from localized

),

deduplicated as (

    {{ deduplicate('checked', ['click_id'], columns) }}

),

final as (

    select
        _line_number,
        click_id,
        platform,
        campaign_name,
        ad_group,
        click_time_local,
        account_timezone,
        clicked_at,
        cost_micros,
        currency,
        -- a foreign-currency row may still be quarantined by the conversion (int_currency_rejects)
        {{ dq_columns('ads', 'raw_ad_clicks', "dq_reason is not null or currency != 'USD'") }}
    from deduplicated

)

select * from final
