{#- The exposures of the touchpoint impact: each person's first touch of each touch (a touchpoint
    type, an event type, a campaign), or for a campaign send the person's piece of each campaign,
    with its index moment (index_at). Refit on a schedule with the rest of the impact
    (doc refit_on_schedule): rebuilt whole when it runs. -#}

select
    customer_id,
    touchpoint_type,
    touch_segment,
    is_outbound,
    case when is_outbound then campaign end as campaign,
    arg_min(touchpoint_id, (occurred_at, touchpoint_id)) as touchpoint_id,
    min(occurred_at) as index_at
from {{ ref('int_impact_touches') }}
group by customer_id, touchpoint_type, touch_segment, is_outbound, case when is_outbound then campaign end
