{#- The exposures of the touchpoint impact: each person's first touch of each touch (a touchpoint
    type, an event type, a campaign), or for a campaign send the person's piece of each campaign,
    with its index moment (index_at).
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the customer.
    A customer's exposures follow from their own touchpoints alone (int_impact_touches, a table
    rebuilt whole: merged by customer, its merge and commit cost what writing it anew did): the
    customers touchpoint_changed_customers names get theirs again, every other customer keeps
    its rows. -#}
-- depends_on: {{ ref('int_journey_touchpoints') }}
-- depends_on: {{ ref('int_touchpoints_identified') }}

{%- set incremental = incremental_run() %}

{% if incremental -%}
with

changed_customers as {{ held_cte() }} (

    {{ touchpoint_changed_customers(ref('int_journey_touchpoints'), ref('int_touchpoints_identified'), this) }}

)

{% endif -%}
select
    customer_id,
    touchpoint_type,
    touch_segment,
    is_outbound,
    case when is_outbound then campaign end as campaign,
    arg_min(touchpoint_id, (occurred_at, touchpoint_id)) as touchpoint_id,
    min(occurred_at) as index_at,
    '{{ invocation_id }}' as _built_by
from {{ ref('int_impact_touches') }}
{%- if incremental %}
where customer_id in (select changed_customers.customer_id from changed_customers)
{%- endif %}
group by customer_id, touchpoint_type, touch_segment, is_outbound, case when is_outbound then campaign end
{%- if incremental %}
union all
-- every changed customer: a row without a touch removes the exposures of one with none left
-- (replace_units)
select
    customer_id,
    null as touchpoint_type,
    null as touch_segment,
    null as is_outbound,
    null as campaign,
    null as touchpoint_id,
    null as index_at,
    '{{ invocation_id }}' as _built_by
from changed_customers
{%- endif %}
