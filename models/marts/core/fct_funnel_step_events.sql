{#- Published from int_funnel_step_events (which holds the logic), without its run columns.
    Public and contracted. -#}

select
    funnel,
    step_number,
    person_key,
    is_anonymous,
    occurred_at,
    channel,
    moment_id,
    is_date_only
from {{ ref('int_funnel_step_events') }}
