{{ config(materialized='table') }}

with

source as (

    select * from {{ raw_rows('raw_fx_rates') }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(['rate_date', 'currency', 'usd_per_unit']) }}
        {{ parse_date('rate_date') }} as rate_date,
        upper(trim(currency)) as currency,
        try_cast(trim(usd_per_unit) as decimal(18, 8)) as usd_per_unit
    from source

),

checked as (

    select
        *,
        {{ dq_reasons([
            ["raw__rate_date is null", "rate_date: missing"],
            ["raw__rate_date is not null and rate_date is null", "rate_date: not a YYYY-MM-DD date"],
            ["not coalesce(regexp_full_match(currency, '[A-Z]{3}'), false)", "currency: not an ISO-4217 code"],
            ["usd_per_unit is null or not " ~ is_amount('raw__usd_per_unit'), "usd_per_unit: not a number"],
            ["usd_per_unit <= 0", "usd_per_unit: not positive"],
        ]) }} as dq_reason
    from parsed

),

final as (

    select
        _line_number,
        rate_date,
        currency,
        usd_per_unit,
        dq_reason,
        {{ dq_status(['rate_date', 'currency']) }} as dq_status,
        case when dq_reason is not null then {{ raw_row_json(['rate_date', 'currency', 'usd_per_unit'], 'raw__') }} end
            as raw_row,
        raw__rate_date as source_record_id
    from checked

)

select * from final
