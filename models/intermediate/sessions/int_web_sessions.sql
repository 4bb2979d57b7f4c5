{#- One row per web/app session (int_web_session_facts) with the customer of its device,
    re-stitched: a session before a login belongs to the customer once any later login links the
    client_id. A table at every build: identity changes with every delivery. -#}

with

sessions as (

    select * from {{ ref('int_web_session_facts') }}

),

client_identity as (

    select
        identifier_value as client_id,
        customer_id,
        anonymous_id,
        is_test
    from {{ ref('int_identifiers_resolved') }}
    where identifier_type = 'client_id'

),

final as (

    select
        sessions.session_id,
        sessions.client_id,
        client_identity.customer_id,
        client_identity.anonymous_id,
        coalesce(client_identity.is_test, false) as is_test,
        sessions.session_start_at,
        sessions.session_end_at,
        sessions.duration_seconds,
        sessions.event_count,
        sessions.page_view_count,
        sessions.has_login,
        sessions.has_conversion_event,
        sessions.purchase_events,
        sessions.donate_events,
        sessions.event_register_events,
        sessions.sign_up_events,
        sessions.landing_page,
        sessions.landing_path,
        sessions.page_referrer,
        sessions.referrer_host,
        sessions.utm_source,
        sessions.utm_medium,
        sessions.utm_campaign,
        sessions.ad_click_id,
        sessions.click_id_type,
        sessions.platform,
        sessions.device_category,
        sessions.geo_country,
        sessions.channel
    from sessions
    left join client_identity on sessions.client_id = client_identity.client_id

)

select * from final
