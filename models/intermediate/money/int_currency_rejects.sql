{#- The staged money rows that cannot be converted to USD (no rates delivered for the currency, none
    on or before the row's date, an amount whose USD value does not fit): they are quarantined with
    the reason (audit.quarantine), and the int_*_converted models leave them out. -#}

with

orders as (

    select * from {{ ref('stg_commerce__orders') }}

),

membership_events as (

    select * from {{ ref('stg_membership__events') }}

),

registrations as (

    select * from {{ ref('stg_events__registrations') }}

),

clicks as (

    select * from {{ ref('stg_ads__clicks') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_daily') }}

),

order_conversions as (

    {{ usd_conversion('orders', 'cast(orders.quantity as decimal(20, 0)) * orders.unit_price', 'orders.ordered_at',
                      'fx_rates', 'order', 'unit_price') }}

),

membership_conversions as (

    {{ usd_conversion('membership_events', 'membership_events.amount', 'membership_events.action_date', 'fx_rates',
                      'action', 'amount') }}

),

registration_conversions as (

    {{ usd_conversion('registrations', 'registrations.ticket_price', 'registrations.registered_at', 'fx_rates',
                      'registration', 'ticket_price') }}

),

click_conversions as (

    {{ usd_conversion('clicks', 'clicks.cost_micros / 1000000.0', 'clicks.clicked_at', 'fx_rates', 'click',
                      'cost_micros') }}

),

rejects as (

    select
        'raw_orders' as source_file,
        source_line_number,
        order_id as source_record_id,
        conversion_reason as reason
    from order_conversions
    where conversion_reason is not null
    union all
    select
        'raw_memberships' as source_file,
        source_line_number,
        membership_event_id as source_record_id,
        conversion_reason as reason
    from membership_conversions
    where conversion_reason is not null
    union all
    select
        'raw_event_registrations' as source_file,
        source_line_number,
        registration_id as source_record_id,
        conversion_reason as reason
    from registration_conversions
    where conversion_reason is not null
    union all
    select
        'raw_ad_clicks' as source_file,
        source_line_number,
        click_id as source_record_id,
        conversion_reason as reason
    from click_conversions
    where conversion_reason is not null

)

select * from rejects
