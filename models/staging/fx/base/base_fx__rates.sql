{#- Every line of raw_fx_rates, typed and validated. Besides the format checks, a rate must be
    plausible: its currency an ISO 4217 code (seeds/reference/currencies.csv), the rate inside the
    currency's band when the seed gives one (a lost decimal point, a rate x10), and not an isolated
    jump: a rate more than var('fx_max_daily_change') away from both its neighbouring rates, which
    agree with each other, is a spike. A sustained jump is left to the quality gate (stg_fx__rates
    consecutive changes), because no single row is wrong there. -#}

{%- set columns = source_columns('fx', 'raw_fx_rates') -%}

with

source as (

    select * from {{ number_lines(source('fx', 'raw_fx_rates')) }}

),

currencies as (

    select * from {{ ref('currencies') }}

),

parsed as (

    select
        source._line_number,
        source._delivery_day,
        {{ raw_passthrough(columns) }}
        {{ parse_date('rate_date') }} as rate_date,
        upper(trim(source.currency)) as currency,
        {{ parse_number('usd_per_unit', 'decimal(18, 8)') }} as usd_per_unit
    from source

),

banded as (

    select
        parsed.*,
        currencies.currency is not null as is_iso_currency,
        currencies.usd_per_unit_low,
        currencies.usd_per_unit_high
    from parsed
    left join currencies on parsed.currency = currencies.currency

),

checked_rows as (

    select
        *,
        {{ dq_reasons(registry_checks('fx', 'raw_fx_rates') + [
            ["raw__rate_date is null", "rate_date: missing"],
            ["raw__rate_date is not null and rate_date is null", "rate_date: not a YYYY-MM-DD date"],
            ["not is_iso_currency", "currency: not an ISO 4217 code"],
        ] + number_checks('usd_per_unit', 'usd_per_unit', 'decimal(18, 8)') + [
            ["usd_per_unit = 0", "usd_per_unit: zero"],
            ["usd_per_unit not between usd_per_unit_low and usd_per_unit_high",
             "usd_per_unit: outside the plausible band for the currency (seeds/reference/currencies.csv)"],
        ] + time_checks('cast(rate_date as timestamp)', 'rate_date')) }} as row_reason
    from banded

),

neighbours as (

    -- each valid rate beside the previous and the next valid rate of its currency
    select
        *,
        lag(usd_per_unit) over by_date as previous_rate,
        lead(usd_per_unit) over by_date as next_rate
    from checked_rows
    window by_date as (partition by row_reason is null, currency order by rate_date, _line_number)

),

checked as (

    select
        *,
        case
            when row_reason is not null then row_reason
            when
                abs(previous_rate / next_rate - 1) <= {{ var('fx_max_daily_change') }}
                and abs(usd_per_unit / previous_rate - 1) > {{ var('fx_max_daily_change') }}
                and abs(usd_per_unit / next_rate - 1) > {{ var('fx_max_daily_change') }}
                then 'usd_per_unit: a jump of over {{ var("fx_max_daily_change") * 100 }} % from both neighbours'
        end as check_reason,
        cast(null as varchar) as dq_note
    from neighbours

),

deduplicated as (

    {{ deduplicate('checked', ['rate_date', 'currency'], columns) }}

),

final as (

    select
        _line_number,
        rate_date,
        currency,
        usd_per_unit,
        {{ dq_columns('fx', 'raw_fx_rates') }}
    from deduplicated

)

select * from final
