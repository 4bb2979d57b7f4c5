{#- Each finished journey (converted, or closed without converting) as its sequence of channel
    steps with consecutive repeats collapsed: email > email > direct becomes email > direct, and
    whether the journey converted.
    Feeds the collapsed paths of mart_journey_paths and the Sankey of mart_path_transitions.
    Its two windows per journey hold every touchpoint at once, so a large delivery is stepped in
    batches of customers (in_batch, as int_journeys; about var('window_batch_rows') touchpoints
    each, or var('journey_batches')), one after the other on one thread (the one_thread hooks,
    dbt_project.yml): at 1M people (16.9M touchpoints) all at once ran out of a 2.0 GB DuckDB
    limit. -#}

{%- set batches = batch_count(
    ref('int_journey_touchpoints'), var('window_batch_rows'), var('journey_batches', none)
) %}

with

journeys as (

    select
        journey_id,
        is_converted
    from {{ ref('int_journeys') }}
    where not is_open

),

{% for batch in range(batches) %}
    ordered_{{ batch }} as (

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
        where {{ in_batch('journey_touchpoints.customer_id', batch, batches) }}

    ),

    steps_{{ batch }} as (

        select
            journey_id,
            row_number() over (partition by journey_id order by seq) as step_number,
            channel,
            is_converted
        from ordered_{{ batch }}
        -- a new step when the channel changes (the first touchpoint always starts one)
        where
            previous_channel is null and seq = 1
            or coalesce(channel, '') <> coalesce(previous_channel, '')

    ),

{% endfor %}
final as (

    {%- for batch in range(batches) %}
        {%- if not loop.first %}
    union all
    {%- endif %}
        select
            journey_id,
            step_number,
            channel,
            is_converted
        from steps_{{ batch }}
    {%- endfor %}

)

select * from final
