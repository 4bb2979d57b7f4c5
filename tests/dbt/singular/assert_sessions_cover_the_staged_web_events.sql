-- Every staged web event is in int_web_events_sessionized once, with the client and line it was
-- staged with, and nothing else is: the incremental path (clients sessionized again) must leave
-- exactly what a full build gives. Every session of int_web_session_facts counts exactly the
-- events the sessionized table gives it.
with

staged as (

    select
        event_id,
        client_id,
        source_line_number
    from {{ ref('stg_web__events') }}

),

sessionized as (

    select
        event_id,
        client_id,
        source_line_number
    from {{ ref('int_web_events_sessionized') }}

),

session_events as (

    select
        session_id,
        client_id,
        count(*) as event_count
    from {{ ref('int_web_events_sessionized') }}
    group by session_id, client_id

),

sessions as (

    select
        session_id,
        client_id,
        event_count
    from {{ ref('int_web_session_facts') }}

),

mismatches as (

    select
        'staged, not sessionized' as problem,
        event_id as record_id
    from (
        select * from staged
        except
        select * from sessionized
    ) as missing
    union all
    select
        'sessionized, not staged' as problem,
        event_id as record_id
    from (
        select * from sessionized
        except
        select * from staged
    ) as extra
    union all
    select
        'session counts differ' as problem,
        session_id as record_id
    from (
        select * from session_events
        except
        select * from sessions
    ) as counted
    union all
    select
        'session without events' as problem,
        session_id as record_id
    from (
        select * from sessions
        except
        select * from session_events
    ) as uncounted

)

select * from mismatches
