{#- One row per journey (int_journeys holds the logic). Public and contracted. -#}

select
    journey_id,
    customer_id,
    started_at,
    ended_at,
    is_converted,
    is_open,
    conversion_type,
    conversion_touchpoint_id,
    touchpoint_count,
    distinct_channel_count,
    channel_path,
    days_to_convert,
    revenue_usd
from {{ ref('int_journeys') }}
