{{ config(materialized='table') }}

{%- set columns = ['click_id', 'platform', 'campaign_name', 'ad_group', 'click_time', 'account_timezone',
                   'cost_micros', 'currency'] -%}

with

source as (

    select * from {{ raw_rows('raw_ad_clicks') }}

),

fx_rates as (

    select * from {{ ref('stg_fx__rates_daily') }}

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

converted as (

    select
        localized.*,
        fx_rates.usd_per_unit,
        {{ to_usd('localized.cost_micros / 1000000.0', 'fx_rates.usd_per_unit') }} as cost_usd
    from localized
    left join fx_rates
        on
            localized.currency = fx_rates.currency
            and cast(localized.clicked_at as date) = fx_rates.rate_date

),

checked as (

    select
        *,
        {{ dq_reasons([
            ["click_id is null", "click_id: missing"],
            ["not " ~ is_in('platform', ['google_ads', 'meta_ads', 'linkedin_ads']), "platform: unknown value"],
            ["click_time_local is null", "click_time: missing or not YYYY-MM-DD HH:MM:SS"],
            ["not is_timezone_known", "account_timezone: not an IANA time zone"],
        ] + number_checks('cost_micros', 'cost_micros', 'bigint', var('max_plausible_amount') * 1000000)
          + time_checks('clicked_at', 'click_time')
          + currency_checks('fx_rates', 'currencies', 'clicked_at', 'click')
          + usd_checks(['cost_micros'], 'cost_usd', 'cost_micros')
          + nul_checks(columns)) }} as check_reason,
        cast(null as varchar) as dq_note
    from converted

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
        case when dq_reason is null then cost_usd end as cost_usd,
        dq_reason,
        dq_status,
        case when dq_reason is not null then {{ raw_row_json(columns, 'raw__') }} end as raw_row,
        dq_note,
        raw__click_id as source_record_id
    from deduplicated

)

select * from final
