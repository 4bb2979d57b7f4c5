{#- Every moment a person could reach a funnel step (seeds/reference/funnel_steps.csv): matching
    touchpoints, and web page views whose path starts with a step's prefix. A person is the
    customer, or the anonymous visitor for web sessions nobody has been linked to.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) of a
    touchpoint's moment is the touchpoint's (int_touchpoints_identified: the record; for web, the
    client), and of a page view its client ('page/' || client_id). A touchpoint's moment depends
    on that touchpoint alone: the units int_touchpoints_identified named in this run (resolved
    again with a change, or emptied; every row of such a unit carries its run marker) get theirs
    again. A page view's depends on its
    event and its session (whose customer, anonymous visitor, channel and test flag
    int_web_sessions sets by client): the clients whose events int_web_events_sessionized or whose
    sessions int_web_sessions built again or emptied get all their page views again. Every other
    unit keeps its rows. Writing all 21.8M moments of 1M people anew took 17.6 s of a day. -#}

{%- set incremental = incremental_run() %}
{#- in an incremental run, only the changed units -#}
{#- in an incremental run: a page view's client among the changed units (by the client itself: a
    filter on an expression of it reads every event), and the touchpoints of the units
    int_touchpoints_identified named (by its run marker, on every row of such a unit: a
    filter on the unit read every touchpoint's, 7.3 s at 1M people) -#}
{%- set changed_clients = "in (" ~ unit_ids('changed_units', 'page') ~ ")" %}
{%- set changed_sessions = 'client_id ' ~ changed_clients if incremental else 'true' %}
{%- set changed_events = 'sessionized.client_id ' ~ changed_clients if incremental else 'true' %}
{%- set changed_touchpoints = "touchpoints._built_by = '" ~ invocation_id ~ "'" if incremental else 'true' %}

with

{% if incremental -%}
changed_units as {{ held_cte() }} (

    {{ named_units_of(ref('int_touchpoints_identified'), '_unit') }}
    union
    select 'page/' || sessionized.client_id as _unit
    from ({{ named_units_of(ref('int_web_events_sessionized'), 'client_id') }}) as sessionized
    union
    select 'page/' || sessions.client_id as _unit
    from ({{ named_units_of(ref('int_web_sessions'), 'client_id') }}) as sessions

),

{% endif -%}
sessions as (

    select * from {{ ref('int_web_sessions') }}
    where not is_test and {{ changed_sessions }}

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
        touchpoints.source_system = 'memberships' as is_date_only,
        touchpoints._unit
    from {{ ref('int_touchpoints_identified') }} as touchpoints
    inner join {{ ref('funnel_steps') }} as steps
        on steps.match_kind = 'touchpoint_type' and touchpoints.touchpoint_type = steps.match_value
    where coalesce(touchpoints.customer_id, touchpoints.anonymous_id) is not null and {{ changed_touchpoints }}

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
        sessions.channel,
        'page/' || sessionized.client_id as _unit
    from {{ ref('int_web_events_sessionized') }} as sessionized
    inner join sessions on sessionized.session_id = sessions.session_id
    where sessionized.page_path is not null and {{ changed_events }}

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
        false as is_date_only,
        page_views._unit
    from page_views
    inner join {{ ref('funnel_steps') }} as steps
        on steps.match_kind = 'page_path_prefix' and starts_with(page_views.page_path, steps.match_value)

),

moments as (

    select
        *,
        -- the run that wrote the unit's moments last
        '{{ invocation_id }}' as _built_by
    from by_touchpoint
    union all
    select
        *,
        '{{ invocation_id }}' as _built_by
    from by_page

)

select * from moments
{%- if incremental %}
union all
-- a changed unit with no moment now: a row without a moment removes its old ones (replace_units)
{{ unit_removal_rows('changed_units', 'moments') }}
{%- endif %}
