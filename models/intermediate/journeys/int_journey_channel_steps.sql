{#- Each finished journey (converted, or closed without converting) as its sequence of channel
    steps with consecutive repeats collapsed: email > email > direct becomes email > direct, and
    whether the journey converted.
    Feeds the collapsed paths of mart_journey_paths and the Sankey of mart_path_transitions.
    Its two windows per journey hold every touchpoint at once, so a large delivery is stepped in
    batches of customers (in_batch, as int_journeys; about var('window_batch_rows') touchpoints
    each, or var('journey_batches')): at 1M people (16.9M touchpoints) all at once ran out of a
    2.0 GB DuckDB limit.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the customer,
    as in int_journeys: the customers whose journeys it summed again in this run (also those a
    journey of which the data's new end closed) and those with no journey any more get all their
    steps again; every other customer keeps its rows. -#}

{%- set incremental = incremental_run() %}
{#- in an incremental run, only the changed customers -#}
{%- set changed_only =
    'journey_touchpoints.customer_id in (select changed_customers.customer_id from changed_customers)'
    if incremental else 'true' %}
{#- half var('window_batch_rows') per batch: its two windows over 4M touchpoints (with their
    customer) ran out of a 2.0 GB DuckDB limit at 1M people -#}
{#- an incremental run reads again the touchpoints int_journey_touchpoints placed in it -#}
{%- set batches = batch_count(
    ref('int_journey_touchpoints'), var('window_batch_rows') // 2, var('journey_batches', none),
    where="_built_by = '" ~ invocation_id ~ "'" if incremental else none
) %}

with

{% if incremental -%}
changed_customers as {{ held_cte() }} (

    {{ named_units_of(ref('int_journeys')) }}

),

{% endif -%}
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
            journey_touchpoints.customer_id,
            journey_touchpoints.seq,
            journey_touchpoints.channel,
            journeys.is_converted,
            lag(journey_touchpoints.channel) over (
                partition by journey_touchpoints.journey_id order by journey_touchpoints.seq
            ) as previous_channel
        from {{ ref('int_journey_touchpoints') }} as journey_touchpoints
        inner join journeys on journey_touchpoints.journey_id = journeys.journey_id
        where {{ in_batch('journey_touchpoints.customer_id', batch, batches) }} and {{ changed_only }}

    ),

    steps_{{ batch }} as (

        select
            journey_id,
            customer_id,
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
            customer_id,
            step_number,
            channel,
            is_converted,
            '{{ invocation_id }}' as _built_by
        from steps_{{ batch }}
    {%- endfor %}
    {%- if incremental %}
    union all
    -- every changed customer, also one without a finished journey any more: a row without a
    -- journey removes their steps (replace_units)
    select
        null as journey_id,
        customer_id,
        null as step_number,
        null as channel,
        null as is_converted,
        '{{ invocation_id }}' as _built_by
    from changed_customers
    {%- endif %}

)

select * from final
