{{ config(materialized='table') }}

{%- set columns = ['order_id', 'customer_email', 'ordered_at', 'updated_at', 'sales_channel', 'order_type',
                   'product_sku', 'product_category', 'quantity', 'unit_price', 'discount_code', 'currency',
                   'status'] -%}

with

source as (

    select * from {{ raw_rows('raw_orders') }}

),

fx_rates as (

    select * from {{ ref('stg_fx__rates_daily') }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(order_id), '') as order_id,
        nullif(trim(customer_email), '') as customer_email_raw,
        {{ normalize_email('customer_email') }} as customer_email,
        {{ parse_iso_utc('ordered_at') }} as ordered_at,
        {{ parse_iso_utc('updated_at') }} as updated_at,
        lower(trim(sales_channel)) as sales_channel,
        lower(trim(order_type)) as order_type,
        nullif(upper(trim(product_sku)), '') as product_sku,
        nullif(lower(trim(product_category)), '') as product_category,
        case when regexp_full_match(trim(quantity), '[+-]?\d+') then try_cast(trim(quantity) as integer) end
            as quantity,
        case when {{ is_amount('unit_price') }} then cast(trim(unit_price) as decimal(18, 2)) end as unit_price,
        nullif(upper(trim(discount_code)), '') as discount_code,
        upper(trim(currency)) as currency,
        lower(trim(status)) as status
    from source

),

converted as (

    select
        parsed.*,
        fx_rates.usd_per_unit
    from parsed
    left join fx_rates
        on
            parsed.currency = fx_rates.currency
            and cast(parsed.ordered_at as date) = fx_rates.rate_date

),

checked as (

    select
        *,
        {{ dq_reasons([
            ["order_id is null", "order_id: missing"],
            ["ordered_at is null", "ordered_at: missing or not an ISO 8601 timestamp"],
            ["updated_at is null", "updated_at: missing or not an ISO 8601 timestamp"],
            ["not " ~ is_in('sales_channel', ['online', 'in_person', 'phone', 'mail']), "sales_channel: unknown value"],
            ["not " ~ is_in('order_type', ['purchase', 'donation']), "order_type: unknown value"],
            ["quantity is null", "quantity: missing or not an integer"],
            ["quantity < 0", "quantity: negative"],
            ["unit_price is null", "unit_price: missing or not a number"],
            ["unit_price < 0", "unit_price: negative"],
            ["not " ~ is_in('status', ['completed', 'refunded', 'cancelled']), "status: unknown value"],
        ] + currency_checks('fx_rates', 'ordered_at', 'order')) }} as dq_reason
    from converted

),

versioned as (

    select
        *,
        {{ dq_status(['order_id'], 'updated_at desc, _line_number desc') }} as first_status,
        max(updated_at) over (partition by dq_reason is null, order_id) as current_updated_at
    from checked

),

final as (

    select
        _line_number,
        order_id,
        customer_email_raw,
        customer_email,
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
        {{ to_usd('quantity * unit_price', 'usd_per_unit') }} as amount_usd,
        dq_reason,
        -- an older version of a re-exported order is superseded; an identical re-export is a duplicate
        case
            when first_status = 'duplicate' and updated_at < current_updated_at then 'superseded'
            else first_status
        end as dq_status,
        case when dq_reason is not null then {{ raw_row_json(columns, 'raw__') }} end as raw_row,
        raw__order_id as source_record_id
    from versioned

)

select * from final
