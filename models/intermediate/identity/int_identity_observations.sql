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

web_logins as (

    -- one record per (client, user) pair: the graph never sees individual page views
    select
        client_id,
        user_id,
        min(event_at) as first_at,
        first(event_id order by event_at, event_id) as event_id
    from web_events
    group by client_id, user_id

),

web_sightings as (

    -- a landing can also be the first event of its (client, user) pair: keep one row of each
    {{ identifier_sightings('web_logins', 'raw_web_events', 'event_id', 'web_logins.first_at',
                            {'client_id': 'client_id', 'crm_contact_id': 'user_id'}) }}
    union
    {{ identifier_sightings('web_events', 'raw_web_events', 'event_id', 'web_events.event_at',
                            {'client_id': 'client_id', 'ad_click_id': 'ad_click_id'},
                            where='web_events.ad_click_id is not null') }}

),

{%- set sightings = {
    'crm': identifier_sightings(
        'contacts', 'raw_crm_contacts', 'contact_id', 'contacts.created_at',
        {'crm_contact_id': 'contact_id', 'email': 'email', 'phone': 'phone', 'member_number': 'member_number',
         'social_handle': 'social_handle'},
        first_name='contacts.first_name', last_name='contacts.last_name', is_test='contacts.is_test'),
    'email': identifier_sightings(
        'email_activities', 'raw_email_activity', 'activity_id', 'email_activities.occurred_at', {'email': 'email'}),
    'ads': identifier_sightings(
        'ad_clicks', 'raw_ad_clicks', 'click_id', 'ad_clicks.clicked_at', {'ad_click_id': 'click_id'}),
    'social': identifier_sightings(
        'social_interactions', 'raw_social_interactions', 'interaction_id', 'social_interactions.occurred_at',
        {'social_handle': 'handle'}),
    'support': identifier_sightings(
        'tickets', 'raw_support_tickets', 'ticket_id', 'tickets.created_at',
        {'email': 'requester_email', 'phone': 'requester_phone'}),
    'events': identifier_sightings(
        'registrations', 'raw_event_registrations', 'registration_id', 'registrations.registered_at',
        {'email': 'attendee_email'},
        first_name='registrations.attendee_first_name', last_name='registrations.attendee_last_name'),
    'orders': identifier_sightings(
        'orders', 'raw_orders', 'order_id', 'orders.ordered_at',
        {'email': 'customer_email', 'offer_code': 'discount_code'}),
    'memberships': identifier_sightings(
        'membership_events', 'raw_memberships', 'membership_event_id',
        'cast(membership_events.action_date as timestamp)',
        {'member_number': 'member_number', 'email': 'contact_email'}),
    'surveys': identifier_sightings(
        'survey_responses', 'raw_survey_responses', 'response_id', 'survey_responses.submitted_at',
        {'email': 'respondent_email'}),
    'direct_mail': identifier_sightings(
        'mail_pieces', 'raw_direct_mail', 'mail_piece_id', 'cast(mail_pieces.mailed_on as timestamp)',
        {'crm_contact_id': 'contact_id', 'offer_code': 'offer_code'}),
} %}

unioned as (

    select * from web_sightings
    {% for sighting in sightings.values() %}
        union all
        {{ sighting }}
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
