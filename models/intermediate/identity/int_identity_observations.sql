{#- Every sighting of an identifier on a raw record, from every source: the identity graph's raw
    material. Grain: (source_file, record_id, identifier_type, identifier_value). Records that carry
    only one identifier (an email activity, an order) are kept too: they make the node exist and
    give it first/last seen times. Web events are folded to one record per (client_id, user_id)
    pair and per landing with an ad click id, so the graph never sees individual page views.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) is the
    record, and for web the client, whose records are folded from all its events. A record read
    from staging is read again when a delivery new in this run brings a line of it (new,
    re-exported, or a conflicting copy that quarantines it; a repeated line changes nothing): its
    base model decides it again then (stage_raw_rows), and only then. A record read after its USD conversion (orders, registrations,
    membership actions, ad clicks) is read again when its staged line differs from the table's
    (also when a late exchange rate converted or quarantined it); a web client when
    int_web_events_sessionized sessionized it again in this run (its events changed) or no longer
    has it. Every other record keeps its rows. Finding the new lines in the base models instead of
    comparing every staged line with the table's: 92 s of a 1M-person day's build went to that
    comparison. -#}

{%- set incremental = incremental_run() %}
{#- the incremental run reads which clients were sessionized again: -#}
-- depends_on: {{ ref('int_web_events_sessionized') }}

{#- which identifiers each source's records carry (money rows read after their USD conversion, so
    a quarantined row adds no identity) -#}
{%- set sources = [
    {'records': ref('stg_crm__contacts'), 'base': ref('base_crm__contacts'), 'file': 'raw_crm_contacts', 'id': 'contact_id', 'at': 'created_at',
     'identifiers': {'crm_contact_id': 'contact_id', 'email': 'email', 'phone': 'phone',
                     'member_number': 'member_number', 'social_handle': 'social_handle'},
     'names': ['first_name', 'last_name'], 'is_test': 'is_test'},
    {'records': ref('stg_email__activities'), 'base': ref('base_email__activities'), 'file': 'raw_email_activity', 'id': 'activity_id',
     'at': 'occurred_at', 'identifiers': {'email': 'email'}},
    {'records': ref('int_ad_clicks_converted'), 'file': 'raw_ad_clicks', 'id': 'click_id', 'at': 'clicked_at',
     'identifiers': {'ad_click_id': 'click_id'}},
    {'records': ref('stg_social__interactions'), 'base': ref('base_social__interactions'), 'file': 'raw_social_interactions', 'id': 'interaction_id',
     'at': 'occurred_at', 'identifiers': {'social_handle': 'handle'}},
    {'records': ref('stg_support__tickets'), 'base': ref('base_support__tickets'), 'file': 'raw_support_tickets', 'id': 'ticket_id', 'at': 'created_at',
     'identifiers': {'email': 'requester_email', 'phone': 'requester_phone'}},
    {'records': ref('int_registrations_converted'), 'file': 'raw_event_registrations', 'id': 'registration_id',
     'at': 'registered_at', 'identifiers': {'email': 'attendee_email'},
     'names': ['attendee_first_name', 'attendee_last_name']},
    {'records': ref('int_orders_converted'), 'file': 'raw_orders', 'id': 'order_id', 'at': 'ordered_at',
     'identifiers': {'email': 'customer_email', 'offer_code': 'discount_code'}},
    {'records': ref('int_membership_events_converted'), 'file': 'raw_memberships', 'id': 'membership_event_id',
     'at': 'action_date', 'identifiers': {'member_number': 'member_number', 'email': 'contact_email'}},
    {'records': ref('stg_surveys__responses'), 'base': ref('base_surveys__responses'), 'file': 'raw_survey_responses', 'id': 'response_id',
     'at': 'submitted_at', 'identifiers': {'email': 'respondent_email'}},
    {'records': ref('stg_direct_mail__mail_pieces'), 'base': ref('base_direct_mail__mail_pieces'), 'file': 'raw_direct_mail', 'id': 'mail_piece_id',
     'at': 'mailed_on', 'identifiers': {'crm_contact_id': 'contact_id', 'offer_code': 'offer_code'}},
] %}

with

{% if incremental -%}
since as (

    -- the last delivery the table has read from: every line of a later one is new in this run
    select coalesce(max({{ delivery_index_of('source_line_number') }}), -1) as delivery_index
    from {{ this }}

),

new_lines as (

    -- the records read straight from staging whose staged line a new line changed
    {%- for source in sources if source.base is defined %}
    {%- if not loop.first %}
    union
    {%- endif %}
    select '{{ source.file }}/' || {{ source.id }} as _unit
    from {{ source.base }}
    where
        {{ source.id }} is not null
        and {{ changes_its_record('(select since.delivery_index from since)') }}
    {%- endfor %}

),

kept_lines as (

    -- the line each record read after its USD conversion was read from (web: one row per client
    -- and identifier, no line); repeated per identifier, not made distinct: only a row that finds no
    -- partner counts below, and the distinct rows took 7 of the model's 17 s in a 1M-person day
    select
        _unit,
        source_line_number
    from {{ this }}
    where source_file in (
        'raw_web_events'
        {%- for source in sources if source.base is not defined %}, '{{ source.file }}'{% endfor %}
    )

),

sessionized_clients as (

    select
        client_id,
        max(case when _built_by = '{{ invocation_id }}' then 1 else 0 end) as is_sessionized_now
    from {{ ref('int_web_events_sessionized') }}
    group by client_id

),

staged_lines as (

    -- the records read after their USD conversion, whose line also changes without a new line of
    -- them (a late exchange rate converts or quarantines it), and every web client, in one set:
    -- compared with the kept lines in one pass
    select
        'raw_web_events/' || client_id as _unit,
        cast(null as bigint) as source_line_number
    from sessionized_clients
    where is_sessionized_now = 0
    {%- for source in sources if source.base is not defined %}
    union all
    select
        '{{ source.file }}/' || {{ source.id }} as _unit,
        source_line_number
    from {{ source.records }}
    {%- endfor %}

),

changed_units as {{ held_cte() }} (

    -- web: the clients sessionized again in this run
    select 'raw_web_events/' || client_id as _unit
    from sessionized_clients
    where is_sessionized_now = 1
    union
    select _unit from new_lines
    union
    -- a staged line the table lacks, a kept line staging no longer has, and a web client with no
    -- events any more
    select coalesce(staged_lines._unit, kept_lines._unit) as _unit
    from staged_lines
    full outer join kept_lines
        on
            staged_lines._unit = kept_lines._unit
            and staged_lines.source_line_number is not distinct from kept_lines.source_line_number
    where staged_lines._unit is null or kept_lines._unit is null

),

{% endif -%}
-- read twice (the logins and the ad-click landings): computed where read, never held whole
web_events as {{ inline_cte() }} (

    select
        *,
        'raw_web_events/' || client_id as _unit,
        cast(null as bigint) as source_line_number_of_record
    from {{ ref('stg_web__events') }}
    {%- if incremental %}
    -- by the client itself (unit_ids): filtered by an expression of the client, DuckDB built the
    -- expression for all 17.4M events of the 1M-person day first
    where client_id in ({{ unit_ids('changed_units', 'raw_web_events') }})
    {%- endif %}

),

web_logins as (

    -- one record per (client, user) pair: the graph never sees individual page views
    select
        client_id,
        user_id,
        min(event_at) as first_at,
        -- the pair's first event (an ordered first() keeps every value of its group)
        arg_min(event_id, (event_at, event_id)) as event_id,
        min(_unit) as _unit,
        cast(null as bigint) as source_line_number_of_record
    from web_events
    group by client_id, user_id

),

landings as (

    -- the events that landed with an ad click id, filtered before the unpivot (after it, the
    -- same query took 79.9-83.7 s against 68.7 s at 1M people)
    select *
    from web_events
    where ad_click_id is not null

),

-- the device and the click of each landing
landing_sightings as (

    {{ identifier_sightings('landings', 'raw_web_events', 'event_id', 'event_at',
                            {'client_id': 'client_id', 'ad_click_id': 'ad_click_id'},
                            carry=['_unit', 'source_line_number_of_record']) }}

),

web_sightings as (

    {{ identifier_sightings('web_logins', 'raw_web_events', 'event_id', 'first_at',
                            {'client_id': 'client_id', 'crm_contact_id': 'user_id'},
                            carry=['_unit', 'source_line_number_of_record']) }}
    union all
    -- a landing can also be the first event of its (client, user) pair, whose row names the
    -- device already with the same values: its device row is left out here. The rows are those
    -- of a union of the two (each event is one pair's or none's first event); a union made them
    -- distinct by every column, a hash table of all the web sightings that ran the 1M-person
    -- build out of its 2,000 MB on two threads
    select *
    from landing_sightings
    where
        identifier_type != 'client_id'
        or not exists (
            select 1
            from web_logins
            where web_logins.event_id = landing_sightings.record_id
        )

),

{% for source in sources -%}
    records_{{ loop.index }} as (

    -- {{ source.file }}
        select
            *,
            '{{ source.file }}/' || {{ source.id }} as _unit,
            source_line_number as source_line_number_of_record
        from {{ source.records }}
        {%- if incremental %}
    -- by the record id itself, as the web events by the client (unit_ids)
    where {{ source.id }} in ({{ unit_ids('changed_units', source.file) }})
    {%- endif %}

    ),

{% endfor -%}
unioned as (

    select * from web_sightings
    {%- for source in sources %}
        union all
    {{ identifier_sightings('records_' ~ loop.index, source.file, source.id, source.at, source.identifiers,
                            names=source.get('names'), is_test=source.get('is_test'),
                            carry=['_unit', 'source_line_number_of_record']) }}
    {%- endfor %}

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
        is_test,
        source_line_number_of_record as source_line_number,
        _unit,
        -- the run that read the record last (int_identity_record_pairs rebuilds those records)
        '{{ invocation_id }}' as _built_by
    from unioned
    where identifier_value is not null

)

select * from final
{%- if incremental %}
union all
-- every changed unit is named, so that replace_units deletes its old rows (also when it has none now)
select
    null as source_file,
    null as record_id,
    null as identifier_type,
    null as identifier_value,
    null as observed_at,
    null as first_name,
    null as last_name,
    null as is_test,
    null as source_line_number,
    _unit,
    '{{ invocation_id }}' as _built_by
from changed_units
{%- endif %}
