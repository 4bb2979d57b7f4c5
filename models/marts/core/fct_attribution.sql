{#- One row per (journey, touchpoint, model) with the touchpoint's credit (int_attribution_credits
    holds the logic). Public and contracted. -#}

select
    journey_id,
    touchpoint_id,
    channel,
    model,
    credit,
    revenue_credit_usd
from {{ ref('int_attribution_credits') }}
