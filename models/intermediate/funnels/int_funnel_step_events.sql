{#- Every moment a person could reach a funnel step (seeds/reference/funnel_steps.csv): matching
    touchpoints, and web page views whose path starts with a step's prefix. A person is the
    customer, or the anonymous visitor for web sessions nobody has been linked to. -#}

with

sessions as (

    select * from {{ ref('int_web_sessions') }}
    where not is_test

),

by_touchpoint as (

    select
        steps.funnel,
        steps.step_number,
        coalesce(touchpoints.customer_id, touchpoints.anonymous_id) as person_key,
        touchpoints.customer_id is null as is_anonymous,
        touchpoints.occurred_at,
        touchpoints.channel,
        touchpoints.touchpoint_id as moment_id,
        -- membership actions carry a date, not a time: they count from the start of that day
        touchpoints.source_system = 'memberships' as is_date_only
    from {{ ref('int_touchpoints_identified') }} as touchpoints
    inner join {{ ref('funnel_steps') }} as steps
        on steps.match_kind = 'touchpoint_type' and touchpoints.touchpoint_type = steps.match_value
    where coalesce(touchpoints.customer_id, touchpoints.anonymous_id) is not null

),

page_views as (

    -- the page path as the sessionized events keep it (parsing every event's URL again in every
    -- build took about 7 s of a 1M-person day)
    select
        sessionized.event_id,
        sessionized.event_at,
        sessionized.page_path,
        coalesce(sessions.customer_id, sessions.anonymous_id) as person_key,
        sessions.customer_id is null as is_anonymous,
        sessions.channel
    from {{ ref('int_web_events_sessionized') }} as sessionized
    inner join sessions on sessionized.session_id = sessions.session_id
    where sessionized.page_path is not null

),

by_page as (

    select
        steps.funnel,
        steps.step_number,
        page_views.person_key,
        page_views.is_anonymous,
        page_views.event_at as occurred_at,
        page_views.channel,
        page_views.event_id as moment_id,
        false as is_date_only
    from page_views
    inner join {{ ref('funnel_steps') }} as steps
        on steps.match_kind = 'page_path_prefix' and starts_with(page_views.page_path, steps.match_value)

)

select * from by_touchpoint
union all
select * from by_page
