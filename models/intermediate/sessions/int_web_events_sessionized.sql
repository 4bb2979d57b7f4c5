{#- Every staged web event with the session it belongs to. Per client_id, in time order (event_id
    breaks ties, so the result never depends on row order), an event starts a new session when
    - it is the client's first event, or
    - more than var('session_timeout_minutes') (30) passed since the client's previous event, or
    - it carries campaign parameters (utm_source / utm_medium / utm_campaign or an ad click id) that
      differ from the current session's: the parameters of the latest event of the session that
      carried any (none when the session started without parameters).
    Pages without parameters and referrer changes never split a session. Set-based: three window
    passes over one ordering (per client, by time), no recursion; late events simply sort into
    place. A window holds all its rows, so a large delivery is sessionized in batches of clients
    (in_batch; about var('window_batch_rows') events each, or var('sessionize_batches')):
    the 17.4M events of 1M people did not fit a 2.4 GB DuckDB limit in one.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the client.
    A client with a staged event the table lacks (a new or late event) or with an event staging no
    longer has (a later conflicting copy quarantined it) is sessionized again from all its events,
    so a late event that joins, splits or moves sessions gives exactly the sessions of a full
    build, however late it is; every other client keeps its rows. Those clients are found from the
    new lines in base_web__events, as int_identity_observations finds its records: an event's
    staged line changes only when a delivery new in this run brings a line of it (stage_raw_rows
    then decides the event again), and a new line that is a duplicate changes nothing; the
    clients of such an event are those of its staged line now and of its row in the table.
    Comparing every staged event with the table's instead took 15 s of a 1M-person day (18M
    events), this 1 s. Each event keeps its page path (parsed out of its URL by
    base_web__events, once per line), so that int_funnel_step_events reads it here with the
    event's session. -#}

{%- set incremental = incremental_run() %}
{#- the incremental run reads which events new lines brought: -#}
-- depends_on: {{ ref('base_web__events') }}
{%- set batches = var('sessionize_batches', none) %}
{%- if batches is none %}
    {%- set batches = 1 if incremental else batch_count(ref('stg_web__events'), var('window_batch_rows')) %}
{%- endif %}

{% if incremental -%}
with

since as (

    -- the last delivery the table has read from: every line of a later one is new in this run
    select coalesce(max({{ delivery_index_of('source_line_number') }}), -1) as delivery_index
    from {{ this }}

),

arrived_events as (

    -- the events whose staged line a new line changed
    select distinct event_id
    from {{ ref('base_web__events') }}
    where
        event_id is not null
        and {{ changes_its_record('(select since.delivery_index from since)') }}

),

changed_clients as {{ held_cte() }} (

    -- their clients now (the staged line) and before (the table's row)
    select staged.client_id
    from {{ ref('stg_web__events') }} as staged
    inner join arrived_events on staged.event_id = arrived_events.event_id
    union
    select kept.client_id
    from {{ this }} as kept
    inner join arrived_events on kept.event_id = arrived_events.event_id

)

{% endif -%}
{% for batch in range(batches) %}
    {% if not loop.first %}
    union all
    {% endif %}
    select
        event_id,
        client_id,
        event_at,
        page_path,
        campaign_key,
        is_session_start,
        session_number,
        session_id,
        source_line_number,
        _built_by
    from (

        with

        web_events as (

            select *
            from {{ ref('stg_web__events') }}
            where
                {{ in_batch('client_id', batch, batches) }}
            {% if incremental -%}
                and client_id in (select client_id from changed_clients)
            {%- endif %}

        ),

        keyed as (

            select
                event_id,
                client_id,
                event_at,
                page_path,
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
                (
                    previous_event_at is null
                    or event_at > previous_event_at + interval '{{ var("session_timeout_minutes") }} minutes'
                ) as starts_segment
            from keyed

        ),

        carried as (

            select
                *,
                -- the campaign in force before this event in its time segment: the latest key since the
                -- segment began; the segment's first event marks '' when it has none, so no key of an
                -- earlier segment carries over (a campaign key is never '': it holds three '|')
                last_value(
                    case when campaign_key is not null then campaign_key when starts_segment then '' end ignore nulls
                ) over (
                    partition by client_id
                    order by event_at, event_id
                    rows between unbounded preceding and 1 preceding
                ) as campaign_in_force
            from timed

        ),

        flagged as (

            select
                *,
                (
                    starts_segment
                    or (campaign_key is not null and campaign_key is distinct from nullif(campaign_in_force, ''))
                ) as is_session_start
            from carried

        ),

        numbered as (

            select
                *,
                -- a bigint: DuckDB's sum is a hugeint, whose stored column took 4.3 s to read at 1M
                -- people (17.4M events; a bigint column 0.05 s), in every merge of a day
                cast(sum(case when is_session_start then 1 else 0 end) over client_events as bigint) as session_number,
                -- the session's first event
                last_value(case when is_session_start then event_id end ignore nulls) over client_events as session_id
            from flagged
            window client_events as (partition by client_id order by event_at, event_id rows unbounded preceding)

        )

        select
            event_id,
            client_id,
            event_at,
            page_path,
            campaign_key,
            is_session_start,
            session_number,
            session_id,
            source_line_number,
            -- the run that sessionized the client last (int_web_session_facts rebuilds those clients)
            '{{ invocation_id }}' as _built_by
        from numbered

    ) as batch_{{ batch }}
{%- endfor %}
{%- if incremental %}
union all
-- a changed client left without events: named, so that replace_units deletes its old rows
select
    null as event_id,
    client_id,
    null as event_at,
    null as page_path,
    null as campaign_key,
    null as is_session_start,
    null as session_number,
    null as session_id,
    null as source_line_number,
    '{{ invocation_id }}' as _built_by
from changed_clients
where not exists (
    select 1 from {{ ref('stg_web__events') }} as staged
    where staged.client_id = changed_clients.client_id
)
{%- endif %}
