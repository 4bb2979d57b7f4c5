-- The forward-filled daily rates must equal, for every day, the published rate of the latest
-- business day on or before it (an independent formulation with a correlated subquery).
with

published as (

    select * from {{ ref('stg_fx__rates') }}

),

checked_days as (

    select
        daily.currency,
        daily.rate_date,
        daily.usd_per_unit,
        (
            select published.usd_per_unit
            from published
            where
                published.currency = daily.currency
                and published.rate_date = (
                    select max(earlier.rate_date)
                    from published as earlier
                    where earlier.currency = daily.currency and earlier.rate_date <= daily.rate_date
                )
        ) as expected_usd_per_unit
    from {{ ref('int_fx_rates_daily') }} as daily
    where
        daily.currency != 'USD'
        and daily.rate_date <= (select max(published.rate_date) + 10 from published)

)

select * from checked_days
where usd_per_unit is distinct from expected_usd_per_unit
