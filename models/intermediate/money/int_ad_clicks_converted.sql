{#- One row per ad click (stg_ads__clicks) that can be converted to USD, with cost_usd at the rate
    of the click's UTC date (or the latest earlier day). Rows that cannot be converted are
    quarantined: int_currency_rejects. -#}

with

clicks as (

    select * from {{ ref('stg_ads__clicks') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_daily') }}

),

converted as (

    {{ usd_conversion('clicks', 'clicks.cost_micros / 1000000.0',
                      'clicks.clicked_at', 'fx_rates', 'click', 'cost_micros') }}

),

convertible as (

    select
        click_id,
        platform,
        campaign_name,
        ad_group,
        clicked_at,
        click_time_local,
        account_timezone,
        cost_micros,
        currency,
        amount_usd as cost_usd,
        source_line_number
    from converted
    where conversion_reason is null

)

select * from convertible
