{#- One row per order in its current state (the re-export with the latest updated_at). -#}

with

orders as (

    select * from {{ ref('base_commerce__orders') }}

),

staged as (

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
        _line_number as source_line_number
    from orders
    where dq_status = 'staged'

)

select * from staged
