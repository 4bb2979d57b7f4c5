{#- The report pages' period selector: the figures of Overview, Journeys, Attribution and
    Touchpoints for the last 30, 90 and 365 days and for all the data, each beside the same figure
    for the period just before (the previous 30 / 90 / 365 days). Periods end at the data's end
    (int_data_bounds). Long format: one row per (period, comparison, topic, item, breakdown,
    measure). -#}

{#- The periods, and the windows they make: every period's current window, and the previous one of
    every period but 'All data'. The people counts read each customer's windows from flags, one
    column per window, in one pass over the touchpoints (not a join of every customer day with the
    windows it falls in and a distinct count per window); the attributed credits are summed per
    day first and the days per window (their sums may differ from a sum of the rows in the last
    bits). The per-window column lists end in a count nothing reads (windows, touchpoints,
    people, touchpoint_types): a loop ending in a templated comma breaks the linter's layout. -#}
{%- set periods = [(30, 'Last 30 days'), (90, 'Last 90 days'), (365, 'Last 365 days'), (0, 'All data')] -%}
{%- set window_keys = [] -%}
{%- for days, label in periods -%}
    {%- do window_keys.append(('current', days)) -%}
    {%- if days > 0 %}{% do window_keys.append(('previous', days)) %}{% endif -%}
{%- endfor %}

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

    {%- for days, label in periods %}
        {%- if not loop.first %}
            union all
        {%- endif %}
        select
            {{ days }} as period_days,
            '{{ label }}' as period_label,
            {{ loop.index }} as period_order
    {%- endfor %}

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

window_bounds as (

    -- the windows in one row, a start and an end column per window
    select
        {%- for comparison, days in window_keys %}
            max(case when period_days = {{ days }} and comparison = '{{ comparison }}' then window_start end)
                as start_{{ comparison }}_{{ days }},
            max(case when period_days = {{ days }} and comparison = '{{ comparison }}' then window_end end)
                as end_{{ comparison }}_{{ days }},
        {%- endfor %}
        count(*) as windows
    from windows

),

customer_type_windows as (

    -- per customer and touchpoint type, 1 for every window they touched in
    select
        touches.customer_id,
        touches.touchpoint_type,
        {%- for comparison, days in window_keys %}
            max(case
                when touches.activity_date between bounds.start_{{ comparison }}_{{ days }}
                    and bounds.end_{{ comparison }}_{{ days }} then 1
                else 0
            end) as in_{{ comparison }}_{{ days }},
        {%- endfor %}
        count(*) as touchpoints
    from (
        select
            customer_id,
            touchpoint_type,
            cast(occurred_at as date) as activity_date
        from {{ ref('fct_touchpoints') }}
        where customer_id is not null
    ) as touches
    cross join window_bounds as bounds
    group by touches.customer_id, touches.touchpoint_type

),

type_people as (

    select
        touchpoint_type,
        {%- for comparison, days in window_keys %}
            sum(in_{{ comparison }}_{{ days }}) as people_{{ comparison }}_{{ days }},
        {%- endfor %}
        count(*) as people
    from customer_type_windows
    group by touchpoint_type

),

window_people as (

    -- customers who touched anything in each window
    select
        {%- for comparison, days in window_keys %}
            sum(in_{{ comparison }}_{{ days }}) as people_{{ comparison }}_{{ days }},
        {%- endfor %}
        count(*) as people
    from (
        select
            customer_id,
            {%- for comparison, days in window_keys %}
                max(in_{{ comparison }}_{{ days }}) as in_{{ comparison }}_{{ days }},
            {%- endfor %}
            count(*) as touchpoint_types
        from customer_type_windows
        group by customer_id
    ) as customers

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

credit_days as (

    -- attributed conversions and revenue per day the journey converted, channel and model
    select
        converted_journeys.activity_date,
        attribution.channel,
        attribution.model,
        {{ exact_sum('attribution.credit') }} as credit,
        sum(attribution.revenue_credit_usd) as revenue_credit_usd
    from converted_journeys
    inner join {{ ref('fct_attribution') }} as attribution on converted_journeys.journey_id = attribution.journey_id
    group by converted_journeys.activity_date, attribution.channel, attribution.model

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
        coalesce(case
            {%- for comparison, days in window_keys %}
                when windows.period_days = {{ days }} and windows.comparison = '{{ comparison }}'
                    then window_people.people_{{ comparison }}_{{ days }}
            {%- endfor %}
        end, 0) as value
    from windows
    cross join window_people

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
        credit_days.channel as item,
        credit_days.model as breakdown,
        measures.measure,
        case measures.measure
            when 'conversions' then {{ exact_sum('credit_days.credit') }}
            when 'revenue_usd' then sum(credit_days.revenue_credit_usd)
        end as value
    from windows
    inner join credit_days on credit_days.activity_date between windows.window_start and windows.window_end
    cross join credit_measures as measures
    group by windows.period_days, windows.comparison, credit_days.channel, credit_days.model, measures.measure

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

    -- a type nobody touched in a window has no row
    select
        windows.period_days,
        windows.comparison,
        'touchpoints' as topic,
        type_people.touchpoint_type as item,
        'all' as breakdown,
        'people' as measure,
        case
            {%- for comparison, days in window_keys %}
                when windows.period_days = {{ days }} and windows.comparison = '{{ comparison }}'
                    then type_people.people_{{ comparison }}_{{ days }}
            {%- endfor %}
        end as value
    from windows
    cross join type_people

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
    where value > 0

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
