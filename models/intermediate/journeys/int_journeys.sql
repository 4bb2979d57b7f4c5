{#- One row per journey: conversion-bounded sequences of a customer's touchpoints (see
    int_journey_touchpoints for the rules), with the channel path, counts, time to convert and
    revenue. Its two aggregates per journey hold every journey at once, so a large delivery is
    summed in batches of customers (in_batch; about half var('window_batch_rows') touchpoints
    each, or var('journey_batches')): at 1M people (16.9M touchpoints) all at once ran out of a
    2.4 GB DuckDB limit, on one thread too. Batches of half that size on two threads need no more
    memory than the whole size on one (at 1M people both passed a 1,750 MB limit, and on two
    threads 4M-touchpoint batches did not), and take 32 s against 70 s under 2,000 MB.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the customer,
    as in int_journey_touchpoints. The customers it placed again in this run, those with no
    touchpoint any more, and those with a journey that the data's new end opens or closes get all
    their journeys summed again; every other customer keeps its rows. -#}

{%- set lookback = var('journey_lookback_days') -%}
{%- set incremental = incremental_run() %}
{#- in an incremental run, only the changed customers -#}
{%- set changed_only = 'customer_id in (select changed_customers.customer_id from changed_customers)'
    if incremental else 'true' %}
{#- an incremental run reads again the touchpoints int_journey_touchpoints placed in it -#}
{%- set batches = batch_count(
    ref('int_journey_touchpoints'), var('window_batch_rows') // 2, var('journey_batches', none),
    where="_built_by = '" ~ invocation_id ~ "'" if incremental else none
) %}

with

data_end as (

    select bounds.data_end_at
    from {{ ref('int_data_bounds') }} as bounds

),

{% if incremental -%}
placed_customers as {{ held_cte() }} (

    -- the customers int_journey_touchpoints placed again or emptied in this run
    {{ named_units_of(ref('int_journey_touchpoints')) }}

),

gone_customers as {{ held_cte() }} (

    select placed_customers.customer_id
    from placed_customers
    where not exists (
        select 1
        from {{ ref('int_journey_touchpoints') }} as journey_touchpoints
        where journey_touchpoints.customer_id = placed_customers.customer_id
    )

),

changed_customers as {{ held_cte() }} (

    select customer_id from placed_customers
    union
    select previous_journeys.customer_id
    from {{ this }} as previous_journeys
    cross join data_end
    where previous_journeys.is_open <> (
        not previous_journeys.is_converted
        and previous_journeys.ended_at > data_end.data_end_at - interval '{{ lookback }} days'
    )

),

{% endif -%}

{% for batch in range(batches) %}
    journeys_{{ batch }} as (

        select
            journey_id,
            min(customer_id) as customer_id,
            min(occurred_at) as started_at,
            max(occurred_at) as ended_at,
            bool_or(is_converted) as is_converted,
            min(conversion_type) as conversion_type,
            min(conversion_touchpoint_id) as conversion_touchpoint_id,
            count(*) as touchpoint_count,
            count(distinct channel) as distinct_channel_count,
            min(journey_revenue_usd) as revenue_usd
        from {{ ref('int_journey_touchpoints') }}
        where {{ in_batch('customer_id', batch, batches) }} and {{ changed_only }}
        group by journey_id

    ),

    paths_{{ batch }} as (

    -- apart from the distinct count: one aggregate holding both an ordered and a distinct
    -- aggregate cannot spill, and ran out of memory at 1M people under a 4 GB limit
        select
            journey_id,
            string_agg(channel, ' > ' order by seq) as channel_path
        from {{ ref('int_journey_touchpoints') }}
        where {{ in_batch('customer_id', batch, batches) }} and {{ changed_only }}
        group by journey_id

    ),

{% endfor %}
final as (

    {%- for batch in range(batches) %}
        {%- if not loop.first %}
    union all
    {%- endif %}
        select
            journeys.journey_id,
            journeys.customer_id,
            journeys.started_at,
            journeys.ended_at,
            journeys.is_converted,
            not journeys.is_converted
            and journeys.ended_at > data_end.data_end_at - interval '{{ lookback }} days' as is_open,
            journeys.conversion_type,
            journeys.conversion_touchpoint_id,
            journeys.touchpoint_count,
            journeys.distinct_channel_count,
            paths.channel_path,
            case
                when journeys.is_converted
                    then round({{ dbt.datediff('journeys.started_at', 'journeys.ended_at', 'second') }} / 86400.0, 2)  -- noqa: LT05
            end as days_to_convert,
            cast(journeys.revenue_usd as decimal(18, 2)) as revenue_usd,
            '{{ invocation_id }}' as _built_by
        from journeys_{{ batch }} as journeys
        inner join paths_{{ batch }} as paths on journeys.journey_id = paths.journey_id
        cross join data_end
    {%- endfor %}
    {%- if incremental %}
    union all
    -- a customer with no touchpoint any more: a row without a journey removes their rows (replace_units)
    select
        null as journey_id,
        customer_id,
        null as started_at,
        null as ended_at,
        null as is_converted,
        null as is_open,
        null as conversion_type,
        null as conversion_touchpoint_id,
        null as touchpoint_count,
        null as distinct_channel_count,
        null as channel_path,
        null as days_to_convert,
        null as revenue_usd,
        '{{ invocation_id }}' as _built_by
    from gone_customers
    {%- endif %}

)

select * from final
