{%- set columns = source_columns('commerce', 'raw_orders') -%}

with

source as (

    select * from {{ number_lines(source('commerce', 'raw_orders')) }}

),

currencies as (

    select * from {{ ref('currencies') }}

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
        {{ parse_number('quantity', 'integer') }} as quantity,
        {{ parse_number('unit_price', 'decimal(18, 2)') }} as unit_price,
        nullif(upper(trim(discount_code)), '') as discount_code,
        upper(trim(currency)) as currency,
        lower(trim(status)) as status
    from source

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('commerce', 'raw_orders') + [
            ["ordered_at is null", "ordered_at: missing or not an ISO 8601 timestamp"],
            ["updated_at is null", "updated_at: missing or not an ISO 8601 timestamp"],
        ] + number_checks('quantity', 'quantity', 'integer')
          + number_checks('unit_price', 'unit_price', 'decimal', var('max_plausible_amount'))
          + time_checks('ordered_at', 'ordered_at') + time_checks('updated_at', 'updated_at')
          + currency_checks('currencies')
         ) }} as check_reason,
        {{ dq_reasons([
            ["customer_email_raw is not null and customer_email is null", "customer_email: not an email address"],
        ]) }} as dq_note
    from parsed

),

deduplicated as (

    -- the current state of an order is its version with the latest updated_at
    {{ deduplicate('checked', ['order_id'], columns, 'updated_at') }}

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
        -- a foreign-currency row may still be quarantined by the conversion (int_currency_rejects)
        {{ dq_columns('commerce', 'raw_orders', "dq_reason is not null or currency != 'USD'") }}
    from deduplicated

)

select * from final
