{#- Each finished journey (converted, or closed without converting) as its sequence of channel
    steps with consecutive repeats collapsed: email > email > direct becomes email > direct, and
    whether the journey converted.
    Feeds the collapsed paths of mart_journey_paths and the Sankey of mart_path_transitions. -#}

with

journeys as (

    select * from {{ ref('int_journeys') }}
    where not is_open

),

ordered as (

    select
        journey_touchpoints.journey_id,
        journey_touchpoints.seq,
        journey_touchpoints.channel,
        journeys.is_converted,
        lag(journey_touchpoints.channel) over (
            partition by journey_touchpoints.journey_id order by journey_touchpoints.seq
        ) as previous_channel
    from {{ ref('int_journey_touchpoints') }} as journey_touchpoints
    inner join journeys on journey_touchpoints.journey_id = journeys.journey_id

),

marked as (

    select
        journey_id,
        seq,
        channel,
        is_converted,
        -- a new step when the channel changes (the first touchpoint always starts one)
        previous_channel is null and seq = 1
        or coalesce(channel, '') <> coalesce(previous_channel, '') as is_new_step
    from ordered

)

select
    journey_id,
    row_number() over (partition by journey_id order by seq) as step_number,
    channel,
    is_converted
from marked
where is_new_step
