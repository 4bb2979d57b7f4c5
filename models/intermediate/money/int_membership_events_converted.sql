{#- One row per membership event (stg_membership__events) that can be converted to USD, with
    amount_usd at the rate of the action date (or the latest earlier day). Rows that cannot be
    converted are quarantined: int_currency_rejects. -#}

with

membership_events as (

    select * from {{ ref('stg_membership__events') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_daily') }}

),

converted as (

    {{ usd_conversion('membership_events', 'membership_events.amount',
                      'membership_events.action_date', 'fx_rates', 'action', 'amount') }}

),

convertible as (

    select
        membership_event_id,
        member_number,
        contact_email,
        contact_email_raw,
        plan,
        action,
        action_date,
        term_start,
        term_end,
        amount,
        currency,
        amount_usd,
        source_line_number
    from converted
    where conversion_reason is null

)

select * from convertible
