{#- Every sighting of an identifier on a raw record, from every source: the identity graph's raw
    material. Grain: (source_file, record_id, identifier_type, identifier_value). Records that carry
    only one identifier (an email activity, an order) are kept too: they make the node exist and
    give it first/last seen times. Web events are folded to one record per (client_id, user_id)
    pair and per landing with an ad click id, so the graph never sees individual page views. -#}

with

web_events as (

    select * from {{ ref('stg_web__events') }}

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
    {{ identifier_sightings('web_logins', 'raw_web_events', 'event_id', 'first_at',
                            {'client_id': 'client_id', 'crm_contact_id': 'user_id'}) }}
    union
    {{ identifier_sightings('web_events', 'raw_web_events', 'event_id', 'event_at',
                            {'client_id': 'client_id', 'ad_click_id': 'ad_click_id'},
                            where='ad_click_id is not null') }}

),

{#- which identifiers each source's records carry (money rows read after their USD conversion, so
    a quarantined row adds no identity) -#}
{%- set sightings = [
    identifier_sightings(ref('stg_crm__contacts'), 'raw_crm_contacts', 'contact_id', 'created_at',
                         {'crm_contact_id': 'contact_id', 'email': 'email', 'phone': 'phone',
                          'member_number': 'member_number', 'social_handle': 'social_handle'},
                         names=['first_name', 'last_name'], is_test='is_test'),
    identifier_sightings(ref('stg_email__activities'), 'raw_email_activity', 'activity_id', 'occurred_at',
                         {'email': 'email'}),
    identifier_sightings(ref('int_ad_clicks_converted'), 'raw_ad_clicks', 'click_id', 'clicked_at',
                         {'ad_click_id': 'click_id'}),
    identifier_sightings(ref('stg_social__interactions'), 'raw_social_interactions', 'interaction_id',
                         'occurred_at', {'social_handle': 'handle'}),
    identifier_sightings(ref('stg_support__tickets'), 'raw_support_tickets', 'ticket_id', 'created_at',
                         {'email': 'requester_email', 'phone': 'requester_phone'}),
    identifier_sightings(ref('int_registrations_converted'), 'raw_event_registrations', 'registration_id',
                         'registered_at', {'email': 'attendee_email'},
                         names=['attendee_first_name', 'attendee_last_name']),
    identifier_sightings(ref('int_orders_converted'), 'raw_orders', 'order_id', 'ordered_at',
                         {'email': 'customer_email', 'offer_code': 'discount_code'}),
    identifier_sightings(ref('int_membership_events_converted'), 'raw_memberships', 'membership_event_id',
                         'action_date', {'member_number': 'member_number', 'email': 'contact_email'}),
    identifier_sightings(ref('stg_surveys__responses'), 'raw_survey_responses', 'response_id', 'submitted_at',
                         {'email': 'respondent_email'}),
    identifier_sightings(ref('stg_direct_mail__mail_pieces'), 'raw_direct_mail', 'mail_piece_id', 'mailed_on',
                         {'crm_contact_id': 'contact_id', 'offer_code': 'offer_code'}),
] %}

unioned as (

    select * from web_sightings
    {% for sighting in sightings %}
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
