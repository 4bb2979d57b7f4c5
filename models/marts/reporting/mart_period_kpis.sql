{#- The report pages' period selector: the figures of Overview, Journeys, Attribution and
    Touchpoints for the last 30, 90 and 365 days and for all the data, each beside the same figure
    for the period just before (the previous 30 / 90 / 365 days). Periods end at the data's end
    (int_data_bounds). Long format: one row per (period, comparison, topic, item, breakdown,
    measure). -#}

with

coverage as (

    -- the first day every system had delivered something: before it a window holds fewer systems
    -- (older memberships, say, but no web analytics yet), and a change against it is not growth
    select max(first_day) as every_system_from
    from (
        select cast(min(occurred_at) as date) as first_day
        from {{ ref('fct_touchpoints') }}
        group by source_system
    ) as systems

),

periods as (

    select
        30 as period_days,
        'Last 30 days' as period_label,
        1 as period_order
    union all
    select
        90 as period_days,
        'Last 90 days' as period_label,
        2 as period_order
    union all
    select
        365 as period_days,
        'Last 365 days' as period_label,
        3 as period_order
    union all
    select
        0 as period_days,
        'All data' as period_label,
        4 as period_order

),

windows as (

    -- current: the period that ends on the data's last day; previous: as long, just before it
    select
        periods.period_days,
        periods.period_label,
        periods.period_order,
        'current' as comparison,
        case
            when periods.period_days = 0 then cast(bounds.data_start_at as date)
            else cast({{ dbt.dateadd('day', '1 - periods.period_days', 'bounds.data_end_date') }} as date)
        end as window_start,
        bounds.data_end_date as window_end
    from periods
    cross join {{ ref('int_data_bounds') }} as bounds
    union all
    select
        periods.period_days,
        periods.period_label,
        periods.period_order,
        'previous' as comparison,
        cast({{ dbt.dateadd('day', '1 - 2 * periods.period_days', 'bounds.data_end_date') }} as date)
            as window_start,
        cast({{ dbt.dateadd('day', '-periods.period_days', 'bounds.data_end_date') }} as date) as window_end
    from periods
    cross join {{ ref('int_data_bounds') }} as bounds
    where periods.period_days > 0

),

-- daily building blocks --------------------------------------------------------------------------

touch_days as (

    select
        cast(occurred_at as date) as activity_date,
        touchpoint_type,
        count(*) as touchpoints,
        count(case when is_conversion then 1 end) as conversions,
        coalesce(sum(revenue_usd), 0) as revenue_usd
    from {{ ref('fct_touchpoints') }}
    group by cast(occurred_at as date), touchpoint_type

),

customer_touch_days as (

    select distinct
        customer_id,
        touchpoint_type,
        cast(occurred_at as date) as activity_date
    from {{ ref('fct_touchpoints') }}
    where customer_id is not null

),

converted_journeys as (

    -- a journey belongs to the day it converted
    select
        journey_id,
        cast(ended_at as date) as activity_date,
        distinct_channel_count,
        days_to_convert
    from {{ ref('fct_journeys') }}
    where is_converted

),

-- the measures -----------------------------------------------------------------------------------

overview_measures as (

    select 'touchpoints' as measure
    union all
    select 'conversions' as measure
    union all
    select 'revenue_usd' as measure

),

journey_measure_names as (

    select 'converted_journeys' as measure
    union all
    select 'multichannel_journey_pct' as measure
    union all
    select 'median_days_to_convert' as measure

),

credit_measures as (

    select 'conversions' as measure
    union all
    select 'revenue_usd' as measure

),

overview as (

    select
        windows.period_days,
        windows.comparison,
        'overview' as topic,
        'all' as item,
        'all' as breakdown,
        measures.measure,
        case measures.measure
            when 'touchpoints' then sum(touch_days.touchpoints)
            when 'conversions' then sum(touch_days.conversions)
            when 'revenue_usd' then sum(touch_days.revenue_usd)
        end as value
    from windows
    cross join overview_measures as measures
    left join touch_days on touch_days.activity_date between windows.window_start and windows.window_end
    group by windows.period_days, windows.comparison, measures.measure

),

active_customers as (

    select
        windows.period_days,
        windows.comparison,
        'overview' as topic,
        'all' as item,
        'all' as breakdown,
        'active_customers' as measure,
        count(distinct customer_touch_days.customer_id) as value
    from windows
    left join customer_touch_days
        on customer_touch_days.activity_date between windows.window_start and windows.window_end
    group by windows.period_days, windows.comparison

),

new_customers as (

    select
        windows.period_days,
        windows.comparison,
        'overview' as topic,
        'all' as item,
        'all' as breakdown,
        'new_customers' as measure,
        count(customers.customer_id) as value
    from windows
    left join {{ ref('dim_customers') }} as customers
        on cast(customers.first_seen_at as date) between windows.window_start and windows.window_end
    group by windows.period_days, windows.comparison

),

journey_measures as (

    select
        windows.period_days,
        windows.comparison,
        'journeys' as topic,
        'all' as item,
        'all' as breakdown,
        measures.measure,
        case measures.measure
            when 'converted_journeys' then count(converted_journeys.journey_id)
            when 'multichannel_journey_pct'
                then
                    100.0 * count(case when converted_journeys.distinct_channel_count > 1 then 1 end)
                    / nullif(count(converted_journeys.journey_id), 0)
            when 'median_days_to_convert' then median(converted_journeys.days_to_convert)
        end as value
    from windows
    cross join journey_measure_names as measures
    left join converted_journeys
        on converted_journeys.activity_date between windows.window_start and windows.window_end
    group by windows.period_days, windows.comparison, measures.measure

),

channel_credit as (

    -- attributed conversions and revenue by channel and model, for the journeys converted in
    -- the window
    select
        windows.period_days,
        windows.comparison,
        'attribution' as topic,
        attribution.channel as item,
        attribution.model as breakdown,
        measures.measure,
        case measures.measure
            when 'conversions' then sum(attribution.credit)
            when 'revenue_usd' then sum(attribution.revenue_credit_usd)
        end as value
    from windows
    inner join converted_journeys
        on converted_journeys.activity_date between windows.window_start and windows.window_end
    inner join {{ ref('fct_attribution') }} as attribution on converted_journeys.journey_id = attribution.journey_id
    cross join credit_measures as measures
    group by windows.period_days, windows.comparison, attribution.channel, attribution.model, measures.measure

),

touchpoint_volume as (

    select
        windows.period_days,
        windows.comparison,
        'touchpoints' as topic,
        touch_days.touchpoint_type as item,
        'all' as breakdown,
        'touchpoints' as measure,
        sum(touch_days.touchpoints) as value
    from windows
    inner join touch_days on touch_days.activity_date between windows.window_start and windows.window_end
    group by windows.period_days, windows.comparison, touch_days.touchpoint_type

),

touchpoint_people as (

    select
        windows.period_days,
        windows.comparison,
        'touchpoints' as topic,
        customer_touch_days.touchpoint_type as item,
        'all' as breakdown,
        'people' as measure,
        count(distinct customer_touch_days.customer_id) as value
    from windows
    inner join customer_touch_days
        on customer_touch_days.activity_date between windows.window_start and windows.window_end
    group by windows.period_days, windows.comparison, customer_touch_days.touchpoint_type

),

all_measures as (

    select * from overview
    union all
    select * from active_customers
    union all
    select * from new_customers
    union all
    select * from journey_measures
    union all
    select * from channel_credit
    union all
    select * from touchpoint_volume
    union all
    select * from touchpoint_people

)

select
    windows.period_days,
    windows.period_label,
    windows.period_order,
    windows.comparison,
    windows.window_start,
    windows.window_end,
    all_measures.topic,
    all_measures.item,
    all_measures.breakdown,
    all_measures.measure,
    cast(all_measures.value as double) as value,
    windows.window_start >= coverage.every_system_from as covers_every_system
from all_measures
inner join windows on {{ join_on('all_measures', 'windows', ['period_days', 'comparison']) }}
cross join coverage
