{#- From-step -> to-step counts of finished journeys, ready for a Sankey chart: nodes are
    "<step>. <channel>" (consecutive repeats collapsed), the last node of a journey flows into
    "conversion" or "no conversion". Journeys longer than sankey_max_steps steps are cut there and
    flow through a "<n>. more steps" node.
    The steps are read up to one past the cut: a journey holds that step exactly when it is longer
    than the cut, so one window (the next step's channel) places every edge. Until 2026-12 the
    journeys' length was counted after the steps past the cut were left out, so no journey ever
    reached the "more steps" node: the longer journeys flowed from their last kept step into their
    outcome (1M people: 42k journeys of more than 6 steps). -#}

{%- set max_steps = var('sankey_max_steps') %}

with

step_nodes as (

    select
        journey_id,
        step_number,
        channel,
        is_converted
    from {{ ref('fct_journey_channel_steps') }}
    where step_number <= {{ max_steps }} + 1

),

edges as (

    select
        journey_id,
        is_converted,
        step_number as from_step,
        channel as from_channel,
        lead(channel) over (partition by journey_id order by step_number) as next_channel
    from step_nodes

),

labelled as (

    -- the edges out of the kept steps: into the next step, the "more steps" node after the cut, or
    -- the outcome
    select
        journey_id,
        is_converted,
        from_step,
        from_channel,
        from_step || '. ' || from_channel as from_node,
        case
            when next_channel is null then null
            when from_step < {{ max_steps }} then next_channel
            else 'more steps'
        end as to_channel,
        case
            when next_channel is null and is_converted then 'conversion'
            when next_channel is null then 'no conversion'
            when from_step < {{ max_steps }} then (from_step + 1) || '. ' || next_channel
            else ({{ max_steps }} + 1) || '. more steps'
        end as to_node
    from edges
    where from_step <= {{ max_steps }}

),

overflow as (

    -- the cut-off journeys' last edge: "<n+1>. more steps" -> outcome
    select
        journey_id,
        is_converted,
        {{ max_steps }} + 1 as from_step,
        'more steps' as from_channel,
        ({{ max_steps }} + 1) || '. more steps' as from_node,
        null as to_channel,
        case when is_converted then 'conversion' else 'no conversion' end as to_node
    from step_nodes
    where step_number = {{ max_steps }} + 1

),

all_edges as (

    select * from labelled
    union all
    select * from overflow

)

select
    from_step,
    from_channel,
    to_channel,
    from_node,
    to_node,
    count(*) as journeys,
    count(*) filter (where is_converted) as converted_journeys
from all_edges
group by from_step, from_channel, to_channel, from_node, to_node
