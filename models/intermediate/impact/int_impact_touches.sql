{#- Every touchpoint of a known customer under each touch it counts as, for the touchpoint impact
    (mart_touchpoint_impact): its type (touch_segment 'all'), and also its event type for event
    touches (conference, webinar, workshop) and its campaign for campaign sends; with whether it
    is outbound (a campaign send) and a bad experience. A table, so that the impact models read it
    from disk instead of keeping it in memory (at 1M people it is the largest relation of the
    impact), written in one pass over the touchpoints. -#}

with

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
    where customer_id is not null

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
    typed_touchpoints.is_bad_experience
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
