{#- Every touchpoint of a known customer with the customer's next conversion after it (the touch
    itself excluded) and whether that conversion came within journey_lookback_days: the
    "conversions within the lookback after the touch" of mart_touchpoint_kpis. One window pass
    over each customer's timeline, ties broken by touchpoint_id. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_identified') }}
    where customer_id is not null

),

ordered as (

    select
        touchpoint_id,
        customer_id,
        occurred_at,
        min(case when is_conversion then occurred_at end) over (
            partition by customer_id order by occurred_at, touchpoint_id
            rows between 1 following and unbounded following
        ) as next_conversion_at
    from touchpoints

)

select
    touchpoint_id,
    customer_id,
    next_conversion_at,
    coalesce(
        next_conversion_at <= occurred_at + to_days({{ var('journey_lookback_days') }}), false
    ) as is_followed_by_conversion
from ordered
