{#- Published as is from int_journey_channel_steps (which holds the logic). Public and contracted. -#}

select
    journey_id,
    step_number,
    channel,
    is_converted
from {{ ref('int_journey_channel_steps') }}
