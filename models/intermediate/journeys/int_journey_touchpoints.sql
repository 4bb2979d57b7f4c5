{#- Every touchpoint of a known customer, placed in its journey.
    - A converted journey ends with a conversion and holds the customer's touchpoints after the
      previous conversion and no more than var('journey_lookback_days') before this one; its id is
      derived from the conversion touchpoint.
    - Touchpoints in no converted journey (after the last conversion, or older than the lookback
      before the next one) form non-converted journeys; a gap of more than the lookback between two
      of them starts a new one. Such a journey is open while its last touchpoint is less than the
      lookback before the data's end (the latest touchpoint in the warehouse), closed after.
    Order is (occurred_at, touchpoint_id): the id breaks ties, so reruns agree.
    Two window passes over that one ordering per customer, no self-join: the first gives each
    touchpoint its number, the next conversion at or after it, and whether it would start a group
    of non-converted touchpoints (it is the customer's first, follows a conversion, or comes more
    than the lookback after the previous touchpoint); the second names each such group by its first
    touchpoint. The non-converted touchpoints before a conversion are the oldest ones before it, so
    their groups never hold a touchpoint of the converted journey. A window holds all its rows, so a
    large delivery is placed in batches of customers (in_batch; about var('window_batch_rows')
    touchpoints each, or var('journey_batches')): the 16.9M touchpoints of 1M people did not fit a
    2.4 GB DuckDB limit in one.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the customer.
    A customer's journeys depend on their touchpoints alone, so the customers whose touchpoints
    differ from those this table placed in the previous build (a new, late or changed touchpoint,
    one that moved to or from another customer when identity changed) are placed again, whole,
    and the customers with no touchpoint any more lose theirs; every other customer keeps its rows.
    The touchpoints are compared by a fingerprint per customer (set_fingerprint, with the count). -#}

{%- set lookback = var('journey_lookback_days') %}
{%- set incremental = incremental_run() %}
{#- in an incremental run, only the changed customers -#}
{%- set changed_only = 'customer_id in (select changed_customers.customer_id from changed_customers)'
    if incremental else 'true' %}
{#- an incremental run places again about the customers of the touchpoints
    int_touchpoints_identified wrote in it (and those a touchpoint moved from) -#}
{%- set batches = batch_count(
    ref('int_touchpoints_identified'), var('window_batch_rows'), var('journey_batches', none),
    where="customer_id in (select customer_id from " ~ ref('int_touchpoints_identified')
        ~ " where _built_by = '" ~ invocation_id ~ "')" if incremental else none
) %}
{#- what places a touchpoint: its time, id and type; a conversion's type and revenue -#}
{%- set placed_by = ['touchpoint_id', 'occurred_at', 'channel', 'touchpoint_type', 'is_conversion',
                     'case when is_conversion then conversion_type end'] %}

{% if incremental -%}
with

changed_customers as (

    select
        coalesce(current_touchpoints.customer_id, previous_touchpoints.customer_id) as customer_id,
        current_touchpoints.customer_id is null as is_gone
    from (
        select
            customer_id,
            count(*) as touchpoints,
            {{ set_fingerprint(placed_by + ['case when is_conversion then revenue_usd end']) }} as fingerprint
        from {{ ref('int_touchpoints_identified') }}
        where customer_id is not null
        group by customer_id
    ) as current_touchpoints
    full outer join (
        select
            customer_id,
            count(*) as touchpoints,
            {{ set_fingerprint(placed_by + ['case when is_conversion then journey_revenue_usd end']) }} as fingerprint
        from {{ this }}
        group by customer_id
    ) as previous_touchpoints
        on current_touchpoints.customer_id = previous_touchpoints.customer_id
    where
        current_touchpoints.touchpoints is distinct from previous_touchpoints.touchpoints
        or current_touchpoints.fingerprint is distinct from previous_touchpoints.fingerprint

)

{% endif -%}
{% for batch in range(batches) %}
    {% if not loop.first %}
    union all
    {% endif %}
    select
        placed.customer_id,
        placed.touchpoint_id,
        case
            when placed.is_in_converted_journey
                then 'jrn_' || substr(md5('converted|' || placed.conversion_touchpoint_id), 1, 24)
            else 'jrn_' || substr(md5('open|' || placed.group_touchpoint_id), 1, 24)
        end as journey_id,
        placed.is_in_converted_journey as is_converted,
        placed.occurred_at,
        placed.channel,
        placed.touchpoint_type,
        placed.is_conversion,
        placed.seq,
        case when placed.is_in_converted_journey then placed.conversion_touchpoint_id end as conversion_touchpoint_id,
        case when placed.is_in_converted_journey then placed.journey_conversion_type end as conversion_type,
        case when placed.is_in_converted_journey then placed.conversion_revenue_usd end as journey_revenue_usd,
        case
            when placed.is_in_converted_journey
                then {{ dbt.datediff('placed.occurred_at', 'placed.converted_at', 'second') }} / 86400.0  -- noqa: LT05
        end as days_before_conversion,
        '{{ invocation_id }}' as _built_by
    from (

        with

        -- read twice (every touchpoint, the conversions): scanned twice, never held whole
        touchpoints as {{ inline_cte() }} (

            select
                customer_id,
                touchpoint_id,
                occurred_at,
                channel,
                touchpoint_type,
                is_conversion,
                conversion_type,
                revenue_usd
            from {{ ref('int_touchpoints_identified') }}
            where customer_id is not null and {{ in_batch('customer_id', batch, batches) }} and {{ changed_only }}

        ),

        sequenced as (

            select
                customer_id,
                touchpoint_id,
                occurred_at,
                channel,
                touchpoint_type,
                is_conversion,
                row_number() over customer_order as seq,
                -- the first conversion at or after the touchpoint: the one whose journey it may be in
                first_value(case when is_conversion then touchpoint_id end ignore nulls) over (
                    customer_order rows between current row and unbounded following
                ) as conversion_touchpoint_id,
                -- a touchpoint outside a converted journey starts a new group unless the one before it
                -- is no conversion and at most the lookback earlier
                coalesce(
                    not (
                        lag(is_conversion) over customer_order = false
                        and lag(occurred_at) over customer_order >= occurred_at - interval '{{ lookback }} days'
                    ),
                    true
                ) as starts_group
            from touchpoints
            window customer_order as (partition by customer_id order by occurred_at, touchpoint_id)

        ),

        conversions as (

            select
                touchpoint_id,
                occurred_at,
                conversion_type,
                revenue_usd
            from touchpoints
            where is_conversion

        )

        select
            sequenced.customer_id,
            sequenced.touchpoint_id,
            sequenced.occurred_at,
            sequenced.channel,
            sequenced.touchpoint_type,
            sequenced.is_conversion,
            sequenced.seq,
            sequenced.conversion_touchpoint_id,
            conversions.occurred_at as converted_at,
            conversions.conversion_type as journey_conversion_type,
            conversions.revenue_usd as conversion_revenue_usd,
            sequenced.conversion_touchpoint_id is not null
            and sequenced.occurred_at >= conversions.occurred_at - interval '{{ lookback }} days'
                as is_in_converted_journey,
            -- the first touchpoint of its group of non-converted touchpoints (used only outside a converted journey)
            last_value(case when sequenced.starts_group then sequenced.touchpoint_id end ignore nulls) over (
                partition by sequenced.customer_id
                order by sequenced.occurred_at, sequenced.touchpoint_id
                rows unbounded preceding
            ) as group_touchpoint_id
        from sequenced
        left join conversions on sequenced.conversion_touchpoint_id = conversions.touchpoint_id

    ) as placed
{%- endfor %}
{%- if incremental %}
union all
-- a customer with no touchpoint any more: a row without a touchpoint removes their rows (replace_units)
select
    customer_id,
    null as touchpoint_id,
    null as journey_id,
    null as is_converted,
    null as occurred_at,
    null as channel,
    null as touchpoint_type,
    null as is_conversion,
    null as seq,
    null as conversion_touchpoint_id,
    null as conversion_type,
    null as journey_revenue_usd,
    null as days_before_conversion,
    '{{ invocation_id }}' as _built_by
from changed_customers
where is_gone
{%- endif %}
