{#- Every staged web event with the session it belongs to. Per client_id, in time order (event_id
    breaks ties, so the result never depends on row order), an event starts a new session when
    - it is the client's first event, or
    - more than var('session_timeout_minutes') (30) passed since the client's previous event, or
    - it carries campaign parameters (utm_source / utm_medium / utm_campaign or an ad click id) that
      differ from the current session's: the parameters of the latest event of the session that
      carried any (none when the session started without parameters).
    Pages without parameters and referrer changes never split a session. Set-based: two window
    passes, no recursion; late events simply sort into place.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the client.
    A client with a staged event the table lacks (a new or late event) or with an event staging no
    longer has (a later conflicting copy quarantined it) is sessionized again from all its events,
    so a late event that joins, splits or moves sessions gives exactly the sessions of a full
    build, however late it is; every other client keeps its rows. -#}

{%- set incremental = incremental_run() %}

with

{% if incremental -%}
staged_lines as (

    select
        event_id,
        client_id,
        source_line_number
    from {{ ref('stg_web__events') }}

),

kept_lines as (

    select
        event_id,
        client_id,
        source_line_number
    from {{ this }}

),

changed_clients as (

    select client_id from (select * from staged_lines except select * from kept_lines) as arrived
    union
    select client_id from (select * from kept_lines except select * from staged_lines) as gone

),

{% endif -%}
web_events as (

    select *
    from {{ ref('stg_web__events') }}
    {%- if incremental %}
    where client_id in (select client_id from changed_clients)
    {%- endif %}

),

keyed as (

    select
        event_id,
        client_id,
        event_at,
        case when has_campaign_parameters
                then concat_ws(
                        '|', coalesce(utm_source, ''), coalesce(utm_medium, ''), coalesce(utm_campaign, ''),
                        coalesce(ad_click_id, '')
                    )
        end as campaign_key,
        source_line_number,
        lag(event_at) over (partition by client_id order by event_at, event_id) as previous_event_at
    from web_events

),

timed as (

    select
        *,
        sum(
            case
                when previous_event_at is null then 1
                when event_at > previous_event_at + interval '{{ var("session_timeout_minutes") }} minutes' then 1
                else 0
            end
        ) over (partition by client_id order by event_at, event_id rows unbounded preceding) as time_segment
    from keyed

),

carried as (

    select
        *,
        -- the campaign in force before this event: the latest key seen earlier in the time segment
        last_value(campaign_key ignore nulls) over (
            partition by client_id, time_segment
            order by event_at, event_id
            rows between unbounded preceding and 1 preceding
        ) as campaign_in_force,
        row_number() over (partition by client_id, time_segment order by event_at, event_id) as position_in_segment
    from timed

),

flagged as (

    select
        *,
        position_in_segment = 1
        or (campaign_key is not null and campaign_key is distinct from campaign_in_force) as is_session_start
    from carried

),

numbered as (

    select
        *,
        sum(case when is_session_start then 1 else 0 end) over (
            partition by client_id order by event_at, event_id rows unbounded preceding
        ) as session_number
    from flagged

),

final as (

    select
        event_id,
        client_id,
        event_at,
        campaign_key,
        is_session_start,
        session_number,
        first_value(event_id) over (
            partition by client_id, session_number order by event_at, event_id
        ) as session_id,
        source_line_number,
        -- the run that sessionized the client last (int_web_session_facts rebuilds those clients)
        '{{ invocation_id }}' as _built_by
    from numbered

)

select * from final
{%- if incremental %}
union all
-- a changed client left without events: named, so that replace_units deletes its old rows
select
    null as event_id,
    client_id,
    null as event_at,
    null as campaign_key,
    null as is_session_start,
    null as session_number,
    null as session_id,
    null as source_line_number,
    '{{ invocation_id }}' as _built_by
from changed_clients
where client_id not in (select client_id from web_events)
{%- endif %}
