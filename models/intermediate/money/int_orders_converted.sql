{#- One row per order in its current state (stg_commerce__orders) that can be converted to USD, with
    amount_usd = quantity x unit_price at the rate of the order's UTC date (or the latest earlier
    day). Rows that cannot be converted are quarantined: int_currency_rejects. -#}

with

orders as (

    select * from {{ ref('stg_commerce__orders') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_daily') }}

),

converted as (

    {{ usd_conversion('orders', 'cast(orders.quantity as decimal(20, 0)) * orders.unit_price',
                      'orders.ordered_at', 'fx_rates', 'order', 'unit_price') }}

),

convertible as (

    select
        order_id,
        customer_email,
        customer_email_raw,
        ordered_at,
        updated_at,
        sales_channel,
        order_type,
        product_sku,
        product_category,
        quantity,
        unit_price,
        discount_code,
        currency,
        status,
        amount_usd,
        source_line_number
    from converted
    where conversion_reason is null

)

select * from convertible
