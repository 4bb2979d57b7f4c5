{#- One row per web/app session (int_web_session_facts) with the customer of its device,
    re-stitched: a session before a login belongs to the customer once any later login links the
    client_id.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the client.
    A client whose sessions int_web_session_facts built again in this run, whose resolution
    (customer, anonymous component, test flag) int_identifier_lookup wrote again in this run (identity
    changes with every delivery: a login, a merge, a quarantined identifier), or who has no
    session any more gets all their sessions again; every other client keeps its rows, which are
    what a full build of the same data would give. -#}

{%- set incremental = incremental_run() %}
{#- the incremental run reads which clients' resolution changed: -#}
-- depends_on: {{ ref('int_identifier_lookup') }}

with

{% if incremental -%}
changed_clients as {{ held_cte() }} (

    -- sessions built again in this run, or none left
    {{ named_units_of(ref('int_web_session_facts'), 'client_id') }}
    union
    select identifier_value as client_id
    from {{ ref('int_identifier_lookup') }}
    where identifier_type = 'client_id' and _built_by = '{{ invocation_id }}'

),

{% endif -%}
sessions as (

    select * from {{ ref('int_web_session_facts') }}
    {%- if incremental %}
    where client_id in (select changed_clients.client_id from changed_clients)
    {%- endif %}

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
        sessions.channel,
        -- the run that added identity to the client's sessions last
        '{{ invocation_id }}' as _built_by
    from sessions
    left join client_identity on sessions.client_id = client_identity.client_id

)

select * from final
{%- if incremental %}
union all
-- a client left without sessions: named, so that replace_units deletes its old rows
{{ unit_removal_rows('changed_clients', 'sessions') }}
{%- endif %}
