{#- Every touchpoint of a known customer under each touch it counts as, for the touchpoint impact
    (mart_touchpoint_impact): its type (touch_segment 'all'), and also its event type for event
    touches (conference, webinar, workshop) and its campaign for campaign sends; with whether it
    is outbound (a campaign send) and a bad experience. A table, so that the impact models read it
    from disk instead of keeping it in memory (at 1M people it is the largest relation of the
    impact), written in one pass over the touchpoints.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the customer.
    A customer's rows depend on their own touchpoints alone: the customers int_journey_touchpoints
    placed again in this run (a touchpoint added, gone, moved or retimed), those with a touchpoint
    int_touchpoints_identified wrote in this run (its source, detail or campaign may have changed)
    and those with no touchpoint any more are written again, whole (touchpoint_changed_customers);
    every other customer keeps its rows. -#}
-- depends_on: {{ ref('int_journey_touchpoints') }}

{%- set incremental = incremental_run() %}
{#- in an incremental run, only the changed customers -#}
{%- set changed_only = 'customer_id in (select changed_customers.customer_id from changed_customers)'
    if incremental else 'true' %}

with

{% if incremental -%}
changed_customers as {{ held_cte() }} (

    {{ touchpoint_changed_customers(ref('int_journey_touchpoints'), ref('int_touchpoints_identified'), this) }}

),

{% endif -%}
touchpoints as (

    select
        customer_id,
        touchpoint_id,
        touchpoint_type,
        source_system,
        detail,
        campaign,
        occurred_at
    from {{ ref('int_touchpoints_identified') }}
    where customer_id is not null and {{ changed_only }}

),

touchpoint_catalog as (

    select * from {{ ref('touchpoint_catalog') }}

),

segment_kinds as (

    select 'all' as segment_kind
    union all
    select 'event_type' as segment_kind
    union all
    select 'campaign' as segment_kind

),

typed_touchpoints as (

    select
        touchpoints.customer_id,
        touchpoints.touchpoint_id,
        touchpoints.touchpoint_type,
        touchpoints.source_system,
        touchpoints.detail,
        touchpoints.campaign,
        touchpoints.occurred_at,
        coalesce(touchpoint_catalog.is_outbound, false) as is_outbound,
        -- a bad experience, not an opinion of one: a survey answer often reacts to the very touch
        -- being measured (a post-event survey), so it is never adjusted for
        coalesce(touchpoint_catalog.is_negative, false) and touchpoints.source_system <> 'surveys' as is_bad_experience
    from touchpoints
    left join touchpoint_catalog on touchpoints.touchpoint_type = touchpoint_catalog.touchpoint_type

)

select
    typed_touchpoints.customer_id,
    typed_touchpoints.touchpoint_id,
    typed_touchpoints.touchpoint_type,
    case segment_kinds.segment_kind
        when 'all' then 'all'
        when 'event_type' then typed_touchpoints.detail
        else typed_touchpoints.campaign
    end as touch_segment,
    typed_touchpoints.campaign,
    typed_touchpoints.occurred_at,
    typed_touchpoints.is_outbound,
    typed_touchpoints.is_bad_experience,
    '{{ invocation_id }}' as _built_by
from typed_touchpoints
inner join segment_kinds
    on
        segment_kinds.segment_kind = 'all'
        or (
            segment_kinds.segment_kind = 'event_type'
            and typed_touchpoints.source_system = 'events'
            and typed_touchpoints.detail is not null
        )
        or (
            segment_kinds.segment_kind = 'campaign'
            and typed_touchpoints.is_outbound
            and typed_touchpoints.campaign is not null
        )
{%- if incremental %}
union all
-- every changed customer: a row without a touchpoint removes the rows of one with none left
-- (replace_units)
select
    customer_id,
    null as touchpoint_id,
    null as touchpoint_type,
    null as touch_segment,
    null as campaign,
    null as occurred_at,
    null as is_outbound,
    null as is_bad_experience,
    '{{ invocation_id }}' as _built_by
from changed_customers
{%- endif %}
