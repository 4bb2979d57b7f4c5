{#- One row per interaction across all channels, resolved to the customer
    (int_touchpoints_identified holds the logic). Public and contracted. -#}

select
    touchpoint_id,
    customer_id,
    anonymous_id,
    identity_status,
    source_system,
    source_record_id,
    occurred_at,
    channel,
    touchpoint_type,
    department,
    lifecycle_stage,
    is_conversion,
    conversion_type,
    is_negative,
    revenue_usd,
    campaign,
    detail
from {{ ref('int_touchpoints_identified') }}
