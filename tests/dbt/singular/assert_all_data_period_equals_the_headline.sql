-- The period selector's "All data" figures are the headline KPIs: the same conversions, revenue and
-- multichannel share, and every customer with a touchpoint. Returns the figures that differ.
with

period as (

    select
        measure,
        value
    from {{ ref('mart_period_kpis') }}
    where period_days = 0 and comparison = 'current' and item = 'all'

),

headline as (

    select
        kpi,
        value
    from {{ ref('mart_headline_kpis') }}

),

pairs as (

    select
        'conversions' as measure,
        'conversions' as kpi
    union all
    select
        'revenue_usd' as measure,
        'revenue_usd' as kpi
    union all
    select
        'multichannel_journey_pct' as measure,
        'multichannel_journey_pct' as kpi
    union all
    select
        'median_days_to_convert' as measure,
        'median_days_to_convert' as kpi

)

select
    pairs.measure,
    period.value as period_value,
    headline.value as headline_value
from pairs
left join period on pairs.measure = period.measure
left join headline on pairs.kpi = headline.kpi
where period.value is null or headline.value is null or abs(period.value - headline.value) > 0.01
