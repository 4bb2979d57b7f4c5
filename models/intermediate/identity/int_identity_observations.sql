{#- Every sighting of an identifier on a raw record, from every source: the identity graph's raw
    material. Grain: (source_file, record_id, identifier_type, identifier_value). Records that carry
    only one identifier (an email activity, an order) are kept too: they make the node exist and
    give it first/last seen times. Web events are folded to one record per (client_id, user_id)
    pair and per landing with an ad click id, so the graph never sees individual page views. -#}

with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

web_events as (

    select * from {{ ref('stg_web__events') }}

),

email_activities as (

    select * from {{ ref('stg_email__activities') }}

),

ad_clicks as (

    select * from {{ ref('int_ad_clicks_converted') }}

),

social_interactions as (

    select * from {{ ref('stg_social__interactions') }}

),

tickets as (

    select * from {{ ref('stg_support__tickets') }}

),

registrations as (

    select * from {{ ref('int_registrations_converted') }}

),

orders as (

    select * from {{ ref('int_orders_converted') }}

),

membership_events as (

    select * from {{ ref('int_membership_events_converted') }}

),

survey_responses as (

    select * from {{ ref('stg_surveys__responses') }}

),

mail_pieces as (

    select * from {{ ref('stg_direct_mail__mail_pieces') }}

),

crm_identifiers as (

    select
        'raw_crm_contacts' as source_file,
        contacts.contact_id as record_id,
        ids.identifier_type,
        ids.identifier_value,
        contacts.created_at as observed_at,
        contacts.first_name,
        contacts.last_name,
        contacts.is_test
    from contacts
    cross join lateral (
        values
        ('crm_contact_id', contacts.contact_id),
        ('email', contacts.email),
        ('phone', contacts.phone),
        ('member_number', contacts.member_number),
        ('social_handle', contacts.social_handle)
    ) as ids (identifier_type, identifier_value)

),

web_logins as (

    select
        client_id,
        user_id,
        min(event_at) as first_at,
        max(event_at) as last_at,
        first(event_id order by event_at, event_id) as record_id
    from web_events
    group by client_id, user_id

),

web_identifiers as (

    select
        'raw_web_events' as source_file,
        record_id,
        'client_id' as identifier_type,
        client_id as identifier_value,
        first_at as observed_at
    from web_logins
    union all
    select
        'raw_web_events' as source_file,
        record_id,
        'crm_contact_id' as identifier_type,
        user_id as identifier_value,
        first_at as observed_at
    from web_logins
    where user_id is not null

),

web_landings as (

    select
        'raw_web_events' as source_file,
        web_events.event_id as record_id,
        ids.identifier_type,
        ids.identifier_value,
        web_events.event_at as observed_at
    from web_events
    cross join
        lateral (
            values ('client_id', web_events.client_id), ('ad_click_id', web_events.ad_click_id)
        ) as ids (identifier_type, identifier_value)
    where web_events.ad_click_id is not null

),

web_all as (

    -- a landing can also be the first event of its (client, user) pair: keep one row of each
    select
        source_file,
        record_id,
        identifier_type,
        identifier_value,
        observed_at
    from web_identifiers
    union
    select
        source_file,
        record_id,
        identifier_type,
        identifier_value,
        observed_at
    from web_landings

),

single_identifier_records as (

    select
        'raw_email_activity' as source_file,
        activity_id as record_id,
        'email' as identifier_type,
        email as identifier_value,
        occurred_at as observed_at
    from email_activities
    union all
    select
        'raw_ad_clicks' as source_file,
        click_id as record_id,
        'ad_click_id' as identifier_type,
        click_id as identifier_value,
        clicked_at as observed_at
    from ad_clicks
    union all
    select
        'raw_social_interactions' as source_file,
        interaction_id as record_id,
        'social_handle' as identifier_type,
        handle as identifier_value,
        occurred_at as observed_at
    from social_interactions
    union all
    select
        'raw_survey_responses' as source_file,
        response_id as record_id,
        'email' as identifier_type,
        respondent_email as identifier_value,
        submitted_at as observed_at
    from survey_responses

),

ticket_identifiers as (

    select
        'raw_support_tickets' as source_file,
        tickets.ticket_id as record_id,
        ids.identifier_type,
        ids.identifier_value,
        tickets.created_at as observed_at
    from tickets
    cross join lateral (
        values ('email', tickets.requester_email), ('phone', tickets.requester_phone)
    ) as ids (identifier_type, identifier_value)

),

registration_identifiers as (

    select
        'raw_event_registrations' as source_file,
        registration_id as record_id,
        'email' as identifier_type,
        attendee_email as identifier_value,
        registered_at as observed_at,
        attendee_first_name as first_name,
        attendee_last_name as last_name
    from registrations

),

order_identifiers as (

    select
        'raw_orders' as source_file,
        orders.order_id as record_id,
        ids.identifier_type,
        ids.identifier_value,
        orders.ordered_at as observed_at
    from orders
    cross join lateral (
        values ('email', orders.customer_email), ('offer_code', orders.discount_code)
    ) as ids (identifier_type, identifier_value)

),

membership_identifiers as (

    select
        'raw_memberships' as source_file,
        membership_events.membership_event_id as record_id,
        ids.identifier_type,
        ids.identifier_value,
        cast(membership_events.action_date as timestamp) as observed_at
    from membership_events
    cross join lateral (
        values ('member_number', membership_events.member_number), ('email', membership_events.contact_email)
    ) as ids (identifier_type, identifier_value)

),

mail_identifiers as (

    select
        'raw_direct_mail' as source_file,
        mail_pieces.mail_piece_id as record_id,
        ids.identifier_type,
        ids.identifier_value,
        cast(mail_pieces.mailed_on as timestamp) as observed_at
    from mail_pieces
    cross join lateral (
        values ('crm_contact_id', mail_pieces.contact_id), ('offer_code', mail_pieces.offer_code)
    ) as ids (identifier_type, identifier_value)

),

unioned as (

    select
        source_file,
        record_id,
        identifier_type,
        identifier_value,
        observed_at,
        first_name,
        last_name,
        is_test
    from crm_identifiers
    union all
    select
        source_file,
        record_id,
        identifier_type,
        identifier_value,
        observed_at,
        first_name,
        last_name,
        false as is_test
    from registration_identifiers
    union all
    {% for cte in ['web_all', 'single_identifier_records', 'ticket_identifiers',
                   'order_identifiers', 'membership_identifiers', 'mail_identifiers'] %}
        select
            source_file,
            record_id,
            identifier_type,
            identifier_value,
            observed_at,
            null as first_name,
            null as last_name,
            false as is_test
        from {{ cte }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_file,
        record_id,
        identifier_type,
        identifier_value,
        observed_at,
        first_name,
        last_name,
        is_test
    from unioned
    where identifier_value is not null

)

select * from final
