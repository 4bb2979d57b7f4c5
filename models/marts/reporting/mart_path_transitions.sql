{#- From-step -> to-step counts of finished journeys, ready for a Sankey chart: nodes are
    "<step>. <channel>" (consecutive repeats collapsed), the last node of a journey flows into
    "conversion" or "no conversion". Journeys longer than sankey_max_steps steps are cut there and
    flow through a "<n>. more steps" node. -#}

with

step_nodes as (

    select
        channel_steps.journey_id,
        channel_steps.step_number,
        channel_steps.channel,
        channel_steps.is_converted,
        max(channel_steps.step_number) over (partition by channel_steps.journey_id) as step_count
    from {{ ref('fct_journey_channel_steps') }} as channel_steps
    where channel_steps.step_number <= {{ var('sankey_max_steps') }}

),

edges as (

    select
        journey_id,
        is_converted,
        step_number as from_step,
        channel as from_channel,
        lead(channel) over (partition by journey_id order by step_number) as next_channel,
        step_count
    from step_nodes

),

labelled as (

    select
        journey_id,
        is_converted,
        from_step,
        from_channel,
        from_step || '. ' || from_channel as from_node,
        case
            when next_channel is not null then next_channel
            when step_count > {{ var('sankey_max_steps') }} then 'more steps'
        end as to_channel,
        case
            when next_channel is not null then (from_step + 1) || '. ' || next_channel
            when step_count > {{ var('sankey_max_steps') }} then (from_step + 1) || '. more steps'
            when is_converted then 'conversion'
            else 'no conversion'
        end as to_node
    from edges

),

overflow as (

    -- the cut-off journeys' last edge: "<n+1>. more steps" -> outcome
    select
        journey_id,
        is_converted,
        {{ var('sankey_max_steps') }} + 1 as from_step,
        'more steps' as from_channel,
        ({{ var('sankey_max_steps') }} + 1) || '. more steps' as from_node,
        null as to_channel,
        case when is_converted then 'conversion' else 'no conversion' end as to_node
    from step_nodes
    where step_count > {{ var('sankey_max_steps') }} and step_number = {{ var('sankey_max_steps') }}

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
