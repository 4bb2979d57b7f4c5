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

converted as (

    select
        parsed.*,
        fx_rates.usd_per_unit,
        {{ to_usd('cast(parsed.quantity as decimal(20, 0)) * parsed.unit_price', 'fx_rates.usd_per_unit') }}
            as amount_usd
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
            ["not " ~ is_in('status', ['completed', 'refunded', 'cancelled']), "status: unknown value"],
        ] + number_checks('quantity', 'quantity', 'integer')
          + number_checks('unit_price', 'unit_price', 'decimal', var('max_plausible_amount'))
          + time_checks('ordered_at', 'ordered_at') + time_checks('updated_at', 'updated_at')
          + currency_checks('fx_rates', 'currencies', 'ordered_at', 'order')
          + usd_checks(['quantity', 'unit_price'], 'amount_usd', 'unit_price')
          + nul_checks(columns)) }} as check_reason,
        {{ dq_reasons([
            ["customer_email_raw is not null and customer_email is null", "customer_email: not an email address"],
        ]) }} as dq_note
    from converted

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
        case when dq_reason is null then amount_usd end as amount_usd,
        dq_reason,
        dq_status,
        case when dq_reason is not null then {{ raw_row_json(columns, 'raw__') }} end as raw_row,
        dq_note,
        raw__order_id as source_record_id
    from deduplicated

)

select * from final
