{#- One row per (currency, calendar day): the rate of that day, or of the latest earlier day
    with a published rate (the contract's fx rule). USD is always 1. Joining on (currency, date)
    then converts any amount with a plain equi-join. -#}

with

bounds as (

    select
        currency,
        min(rate_date) as first_date,
        greatest(max(rate_date), current_date) + 366 as last_date
    from {{ ref('stg_fx__rates') }}
    group by currency

),

calendar as (

    select
        currency,
        cast(unnest(generate_series(
            cast(first_date as timestamp), cast(last_date as timestamp), interval 1 day
        )) as date) as rate_date
    from bounds

),

filled as (

    select
        calendar.currency,
        calendar.rate_date,
        last_value(rates.usd_per_unit ignore nulls) over (
            partition by calendar.currency
            order by calendar.rate_date
            rows between unbounded preceding and current row
        ) as usd_per_unit
    from calendar
    left join {{ ref('stg_fx__rates') }} as rates
        on calendar.currency = rates.currency and calendar.rate_date = rates.rate_date

),

usd as (

    select
        'USD' as currency,
        cast(unnest(generate_series(
            timestamp '1990-01-01', cast(current_date + 366 as timestamp), interval 1 day
        )) as date) as rate_date,
        cast(1 as decimal(18, 8)) as usd_per_unit

),

unioned as (

    select
        currency,
        rate_date,
        usd_per_unit
    from filled
    union all
    select
        currency,
        rate_date,
        usd_per_unit
    from usd

)

select * from unioned
