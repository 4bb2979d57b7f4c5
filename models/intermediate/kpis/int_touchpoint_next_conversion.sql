{#- Every touchpoint of a known customer with the customer's next conversion after it (the touch
    itself excluded) and whether that conversion came within journey_lookback_days: the
    "conversions within the lookback after the touch" of mart_touchpoint_kpis. One window pass
    over each customer's timeline, ties broken by touchpoint_id. It reads the touchpoints as
    int_journey_touchpoints placed them (every touchpoint of a known customer, with its time and
    whether it converts), and keeps each one's time, type and channel, so that the KPIs count the
    converted touchpoints of a month, type and channel from here, without joining every
    touchpoint to its row (that join took 8.9 s of mart_touchpoint_kpis' 18.5 s at 1M people).
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the customer.
    A customer's rows depend on the time, id and conversion flag of their own touchpoints alone,
    which int_journey_touchpoints fingerprints per customer: the customers it placed again in this
    run get all their rows again, those with no touchpoint any more lose theirs, every other
    customer keeps its rows.
    The window holds every row it reads (with each touchpoint's type and channel), so a large
    delivery is computed in batches of customers (in_batch; about var('window_batch_rows')
    touchpoints each, or var('journey_batches')), as int_journeys: at 1M people (15.5M
    touchpoints) the history's window ran out of a 2.0 GB DuckDB limit in 3 s, on one thread too;
    in 4 batches it passed under 1.5 GB (11 s on two threads). -#}

{%- set incremental = incremental_run() %}
{#- in an incremental run, only the changed customers -#}
{%- set changed_only = 'customer_id in (select changed_customers.customer_id from changed_customers)'
    if incremental else 'true' %}
{#- an incremental run reads again the touchpoints int_journey_touchpoints placed in it -#}
{%- set batches = batch_count(
    ref('int_journey_touchpoints'), var('window_batch_rows'), var('journey_batches', none),
    where="_built_by = '" ~ invocation_id ~ "'" if incremental else none
) %}

with

{% if incremental -%}
changed_customers as {{ held_cte() }} (

    {{ named_units_of(ref('int_journey_touchpoints')) }}

),

{% endif -%}
{% for batch in range(batches) %}
    ordered_{{ batch }} as (

        select
            touchpoint_id,
            customer_id,
            occurred_at,
            touchpoint_type,
            channel,
            min(case when is_conversion then occurred_at end) over (
                partition by customer_id order by occurred_at, touchpoint_id
                rows between 1 following and unbounded following
            ) as next_conversion_at
        from {{ ref('int_journey_touchpoints') }}
        where {{ in_batch('customer_id', batch, batches) }} and {{ changed_only }}

    ),

{% endfor %}
ordered as (

    {%- for batch in range(batches) %}
        {%- if not loop.first %}
    union all
    {%- endif %}
        select * from ordered_{{ batch }}
    {%- endfor %}

)

select
    touchpoint_id,
    customer_id,
    occurred_at,
    touchpoint_type,
    channel,
    next_conversion_at,
    coalesce(
        next_conversion_at <= occurred_at + to_days({{ var('journey_lookback_days') }}), false
    ) as is_followed_by_conversion,
    '{{ invocation_id }}' as _built_by
from ordered
{%- if incremental %}
union all
-- every changed customer: a row without a touchpoint removes the rows of one with none left
-- (replace_units)
select
    null as touchpoint_id,
    customer_id,
    null as occurred_at,
    null as touchpoint_type,
    null as channel,
    null as next_conversion_at,
    null as is_followed_by_conversion,
    '{{ invocation_id }}' as _built_by
from changed_customers
{%- endif %}
