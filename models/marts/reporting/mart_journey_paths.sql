{#- Channel paths of finished journeys (converted, or closed without converting; open journeys are
    still undecided and left out): how many journeys took each path, how many converted, revenue.
    Two kinds of path: `full` (fct_journeys.channel_path, repeats kept) and `collapsed`
    (consecutive repeats merged), ranked by journeys. -#}

with

journeys as {{ inline_cte() }} (

    -- read by both kinds of path: holding its 5.6M rows cost more than reading them twice
    select * from {{ ref('fct_journeys') }}
    where not is_open

),

collapsed as (

    -- each distinct path with consecutive repeats written once: the steps of
    -- fct_journey_channel_steps, from the path itself (an ordered string aggregate of the 10.3M
    -- steps took 18 s at 1M people), worked out once per path (256k), not per journey (5.6M: 2.3 s
    -- of splitting, and a join on the journeys)
    select
        full_path,
        channel_path,
        -- one more step than separators (' > ', 3 characters)
        cast((length(channel_path) - length(replace(channel_path, ' > ', ''))) / 3 + 1 as bigint) as step_count
    from (
        select
            full_path,
            {{ collapse_repeated_steps('full_path', "' > '") }} as channel_path
        from (select distinct channel_path as full_path from journeys) as full_paths
    ) as collapsed_paths

),

paths as (

    select
        'full' as path_kind,
        channel_path,
        touchpoint_count as step_count,
        is_converted,
        revenue_usd,
        days_to_convert,
        touchpoint_count
    from journeys
    union all
    select
        'collapsed' as path_kind,
        collapsed.channel_path,
        collapsed.step_count,
        journeys.is_converted,
        journeys.revenue_usd,
        journeys.days_to_convert,
        journeys.touchpoint_count
    from journeys
    inner join collapsed on journeys.channel_path is not distinct from collapsed.full_path

),

aggregated as (

    select
        path_kind,
        channel_path,
        any_value(step_count) as step_count,
        count(*) as journeys,
        count(*) filter (where is_converted) as conversions,
        cast(coalesce(sum(revenue_usd), 0) as decimal(18, 2)) as revenue_usd,
        avg(touchpoint_count) as avg_touchpoints,
        median(days_to_convert) filter (where is_converted) as median_days_to_convert
    from paths
    group by path_kind, channel_path

)

select
    path_kind,
    channel_path,
    step_count,
    journeys,
    conversions,
    conversions / journeys as conversion_rate,
    revenue_usd,
    avg_touchpoints,
    median_days_to_convert,
    row_number() over (
        partition by path_kind order by journeys desc, conversions desc, channel_path asc
    ) as path_rank
from aggregated
