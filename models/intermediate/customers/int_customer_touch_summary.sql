{#- One row per customer with a touchpoint: what int_customer_profiles counts of their
    touchpoints (first and last seen, counts by kind, conversions, lifetime revenue, the latest NPS
    answer). A table of its own so that a day's build sums only the customers whose touchpoints
    changed: summing all 15.5M touchpoints of 1M people took 10.6 s of the profiles' 23.7 s.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the customer,
    found from the touchpoints (touchpoint_changed_customers: the customers
    int_journey_touchpoints placed again, those with a touchpoint int_touchpoints_identified wrote
    in the run, those with none left); every other customer keeps its row. -#}
-- depends_on: {{ ref('int_journey_touchpoints') }}

{%- set incremental = incremental_run() %}
{#- in an incremental run, only the changed customers -#}
{%- set changed_only = 'customer_id in (select changed_customers.customer_id from changed_customers)'
    if incremental else 'true' %}

with

{% if incremental -%}
changed_customers as {{ held_cte() }} (

    {{ touchpoint_changed_customers(ref('int_journey_touchpoints'), ref('int_touchpoints_identified')) }}

),

{% endif -%}
summed as (

    select
        customer_id,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        count(*) as touchpoint_count,
        count(distinct channel) as channel_count,
        count(*) filter (where is_conversion) as conversion_count,
        min(occurred_at) filter (where is_conversion) as first_conversion_at,
        max(occurred_at) filter (where is_conversion) as last_conversion_at,
        coalesce(sum(revenue_usd), 0) as lifetime_revenue_usd,
        count(*) filter (where touchpoint_type = 'donation_completed') as donation_count,
        count(*) filter (where touchpoint_type = 'order_completed') as order_count,
        count(*) filter (where touchpoint_type = 'event_attended') as events_attended,
        count(*) filter (where is_negative) as negative_touchpoint_count,
        arg_max(touchpoint_type, (occurred_at, touchpoint_id)) filter (where touchpoint_type like 'nps_%')
            as latest_nps_type,
        count(*) filter (where lifecycle_stage in ('consideration', 'conversion', 'retention', 'advocacy'))
            as engaged_touchpoint_count,
        '{{ invocation_id }}' as _built_by
    from {{ ref('int_touchpoints_identified') }}
    where customer_id is not null and {{ changed_only }}
    group by customer_id

)

select * from summed
{%- if incremental %}
union all
-- a changed customer with no touchpoint left: a row without a count removes theirs (replace_units)
{{ unit_removal_rows('changed_customers', 'summed') }}
{%- endif %}
