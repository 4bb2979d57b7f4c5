{#- One row per web/app session: its events' counts, landing attributes and channel group
    (seeds/reference/channel_groupings.csv, first matching rule). Who the device belongs to is
    added by int_web_sessions, because identity changes with every delivery.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the client,
    as in int_web_events_sessionized: the clients it sessionized again in this run (and those it
    has no events for any more) get all their sessions rebuilt; every other client keeps its rows. -#}

{%- set incremental = incremental_run() %}

with

{% if incremental -%}
changed_clients as (

    -- sessionized again in this run, or left without events
    {{ named_units_of(ref('int_web_events_sessionized'), 'client_id') }}

),

{% endif -%}
session_events as {{ inline_cte() if not incremental }} (

    -- read by the sessions and by the landings: in a whole build computed for each (the sessions
    -- read none of the parsed URL columns), not held with every column of 17.4M events
    -- (1M people: 37.5 -> 22.2 s); a day holds its few clients' events
    select
        sessionized.session_id,
        events.*
    from {{ ref('int_web_events_sessionized') }} as sessionized
    inner join {{ ref('stg_web__events') }} as events on sessionized.event_id = events.event_id
    {%- if incremental %}
    where sessionized.client_id in (select client_id from changed_clients)
    {%- endif %}

),

sessions as (

    select
        session_id,
        min(client_id) as client_id,
        min(event_at) as session_start_at,
        max(event_at) as session_end_at,
        count(*) as event_count,
        count(*) filter (where event_name = 'page_view') as page_view_count,
        bool_or(user_id is not null) as has_login,
        bool_or(event_name in ('purchase', 'donate', 'event_register')) as has_conversion_event,
        count(*) filter (where event_name = 'purchase') as purchase_events,
        count(*) filter (where event_name = 'donate') as donate_events,
        count(*) filter (where event_name = 'event_register') as event_register_events,
        count(*) filter (where event_name = 'sign_up') as sign_up_events
    from session_events
    group by session_id

),

landings as (

    select
        session_id,
        page_location as landing_page,
        page_path as landing_path,
        page_referrer,
        referrer_host,
        utm_source,
        utm_medium,
        utm_campaign,
        ad_click_id,
        case
            when gclid is not null then 'gclid'
            when fbclid is not null then 'fbclid'
            when li_fat_id is not null then 'li_fat_id'
        end as click_id_type,
        has_campaign_parameters,
        platform,
        device_category,
        geo_country
    from session_events
    where event_id = session_id

),

traffic_sources as (

    select distinct
        click_id_type,
        utm_source,
        utm_medium,
        referrer_host,
        has_campaign_parameters
    from landings

),

channel_matches as (

    select
        traffic_sources.*,
        channel_rules.channel,
        row_number() over (
            partition by
                traffic_sources.click_id_type, traffic_sources.utm_source, traffic_sources.utm_medium,
                traffic_sources.referrer_host, traffic_sources.has_campaign_parameters
            order by channel_rules.rule_order
        ) as rule_rank
    from traffic_sources
    inner join {{ ref('channel_groupings') }} as channel_rules
        on
            (channel_rules.click_id_type is null or traffic_sources.click_id_type = channel_rules.click_id_type)
            and (
                channel_rules.source_regex is null
                or regexp_matches(coalesce(traffic_sources.utm_source, ''), channel_rules.source_regex)
            )
            and (
                channel_rules.medium_regex is null
                or regexp_matches(coalesce(traffic_sources.utm_medium, ''), channel_rules.medium_regex)
            )
            and (
                channel_rules.referrer_regex is null
                or (
                    not traffic_sources.has_campaign_parameters
                    and regexp_matches(coalesce(traffic_sources.referrer_host, ''), channel_rules.referrer_regex)
                )
            )
            and (
                channel_rules.rule_order < 200 and traffic_sources.has_campaign_parameters
                or channel_rules.rule_order >= 200 and not traffic_sources.has_campaign_parameters
            )

),

final as (

    select
        sessions.session_id,
        sessions.client_id,
        sessions.session_start_at,
        sessions.session_end_at,
        {{ dbt.datediff('sessions.session_start_at', 'sessions.session_end_at', 'second') }} as duration_seconds,  -- noqa: LT05
        sessions.event_count,
        sessions.page_view_count,
        sessions.has_login,
        sessions.has_conversion_event,
        sessions.purchase_events,
        sessions.donate_events,
        sessions.event_register_events,
        sessions.sign_up_events,
        landings.landing_page,
        landings.landing_path,
        landings.page_referrer,
        landings.referrer_host,
        landings.utm_source,
        landings.utm_medium,
        landings.utm_campaign,
        landings.ad_click_id,
        landings.click_id_type,
        landings.platform,
        landings.device_category,
        landings.geo_country,
        coalesce(channel_matches.channel, 'unassigned') as channel,
        -- the run that built the client's sessions last (int_web_sessions adds identity to them again)
        '{{ invocation_id }}' as _built_by
    from sessions
    inner join landings on sessions.session_id = landings.session_id
    left join channel_matches
        on
            landings.click_id_type is not distinct from channel_matches.click_id_type
            and landings.utm_source is not distinct from channel_matches.utm_source
            and landings.utm_medium is not distinct from channel_matches.utm_medium
            and landings.referrer_host is not distinct from channel_matches.referrer_host
            and landings.has_campaign_parameters = channel_matches.has_campaign_parameters
            and channel_matches.rule_rank = 1

)

select * from final
{%- if incremental %}
union all
-- a client left without events: named, so that replace_units deletes its old sessions
{{ unit_removal_rows('changed_clients', 'sessions') }}
{%- endif %}
