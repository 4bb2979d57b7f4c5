{#- Published as is from int_touchpoint_next_conversion (which holds the logic; its run marker
    stays there). Public and contracted. -#}

select
    touchpoint_id,
    customer_id,
    occurred_at,
    touchpoint_type,
    channel,
    next_conversion_at,
    is_followed_by_conversion
from {{ ref('int_touchpoint_next_conversion') }}
