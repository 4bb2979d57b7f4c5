{#- One row per event registration (stg_events__registrations) that can be converted to USD, with
    ticket_price_usd at the rate of the registration's UTC date (or the latest earlier day). Rows
    that cannot be converted are quarantined: int_currency_rejects. -#}

with

registrations as (

    select * from {{ ref('stg_events__registrations') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_daily') }}

),

converted as (

    {{ usd_conversion('registrations', 'registrations.ticket_price',
                      'registrations.registered_at', 'fx_rates', 'registration', 'ticket_price') }}

),

convertible as (

    select
        registration_id,
        event_id,
        event_name,
        event_type,
        event_start_at,
        attendee_email,
        attendee_email_raw,
        attendee_first_name,
        attendee_last_name,
        registered_at,
        ticket_type,
        ticket_price,
        currency,
        is_checked_in,
        cancelled_at,
        is_cancelled,
        how_did_you_hear,
        amount_usd as ticket_price_usd,
        source_line_number
    from converted
    where conversion_reason is null

)

select * from convertible
