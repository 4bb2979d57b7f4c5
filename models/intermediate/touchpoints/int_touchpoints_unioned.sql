{#- One row per interaction from all 10 source systems, before the catalog and the identity are
    applied. Each row names the identifiers that tell whose touch it is (resolved downstream) and
    what happened (touchpoint_type, a key of seeds/reference/touchpoint_catalog.csv). One raw row
    may yield several touchpoints (a registration and its check-in; a ticket and its rating), each
    with its own type; (source_system, source_record_id, touchpoint_type) is unique.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) is the
    record, and for web the client, whose sessions int_web_session_facts rebuilds whole. A record
    read straight from staging is projected again when a delivery new in this run brings a line of
    it (its base model decides it again then, and only then); a record read after its USD
    conversion when the table lacks its version (its staged line and USD amount, which a late
    exchange rate changes) or the version is gone; a web client when int_web_session_facts
    named it in this run (its sessions changed, or it has none any more). Every other record
    keeps its rows. -#}

{%- set incremental = incremental_run() %}
{#- the records each source projects: its relation, its id, its version and which rows count -#}
{%- set records = [
    {'cte': 'email', 'system': 'email', 'base': ref('base_email__activities'),
     'relation': ref('stg_email__activities'), 'id': 'activity_id',
     'where': "action in ('open', 'click', 'unsubscribe')"},
    {'cte': 'ads', 'system': 'ads', 'relation': ref('int_ad_clicks_converted'), 'id': 'click_id'},
    {'cte': 'social', 'system': 'social', 'base': ref('base_social__interactions'),
     'relation': ref('stg_social__interactions'), 'id': 'interaction_id'},
    {'cte': 'support', 'system': 'support', 'base': ref('base_support__tickets'),
     'relation': ref('stg_support__tickets'), 'id': 'ticket_id'},
    {'cte': 'events', 'system': 'events', 'relation': ref('int_registrations_converted'), 'id': 'registration_id',
     'amount': 'ticket_price_usd'},
    {'cte': 'commerce', 'system': 'orders', 'relation': ref('int_orders_converted'), 'id': 'order_id',
     'amount': 'amount_usd'},
    {'cte': 'memberships', 'system': 'memberships', 'relation': ref('int_membership_events_converted'),
     'id': 'membership_event_id', 'amount': 'amount_usd', 'where': "action != 'lapse'"},
    {'cte': 'surveys', 'system': 'surveys', 'base': ref('base_surveys__responses'),
     'relation': ref('stg_surveys__responses'), 'id': 'response_id'},
    {'cte': 'direct_mail', 'system': 'direct_mail', 'base': ref('base_direct_mail__mail_pieces'),
     'relation': ref('stg_direct_mail__mail_pieces'), 'id': 'mail_piece_id'},
] %}

with

{% for source in records -%}
    {%- set version = "cast(source_line_number as varchar)" ~ (
        " || '/' || coalesce(cast(" ~ source.amount ~ " as varchar), '')" if source.amount else "") %}
    versions_{{ source.cte }} as {{ inline_cte() }} (

        select
            *,
            '{{ source.system }}/' || {{ source.id }} as _unit,
            {{ version }} as _record_version
        from {{ source.relation }}
        where {{ source.get('where', 'true') }}

    ),

{% endfor -%}
{% if incremental -%}
since as (

    -- the last delivery the table has read from (a record's version starts with its line number):
    -- every line of a later one is new in this run
    select
        coalesce(max({{ delivery_index_of("cast(split_part(_record_version, '/', 1) as bigint)") }}), -1)
            as delivery_index
    from {{ this }}
    where source_system != 'web'

),

new_lines as (

    -- the records read straight from staging whose staged line a new line changed (comparing
    -- their versions with the table's instead read every email activity twice a day)
    {%- for source in records if source.base is defined %}
    {%- if not loop.first %}
    union
    {%- endif %}
    select '{{ source.system }}/' || {{ source.id }} as _unit
    from {{ source.base }}
    where
        {{ source.id }} is not null
        and {{ changes_its_record('(select since.delivery_index from since)') }}
    {%- endfor %}

),

kept_versions as (

    -- a record's version once per touchpoint, not made distinct: only a version that finds no
    -- partner counts below
    select
        _unit,
        _record_version
    from {{ this }}
    where source_system in (
        {%- for source in records if source.base is not defined %}'{{ source.system }}'{{ ', ' if not loop.last }}{% endfor -%}
    )

),

current_versions as (

    -- the records read after their USD conversion, whose version also changes without a new line
    -- of them (a late exchange rate converts or quarantines it), in one set: compared with the kept
    -- versions in one pass
    {%- for source in records if source.base is not defined %}
    select
        _unit,
        _record_version
    from versions_{{ source.cte }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

changed_units as {{ held_cte() }} (

    -- web: the clients whose sessions changed in this run, or who have none any more
    select 'web/' || session_facts.client_id as _unit
    from ({{ named_units_of(ref('int_web_session_facts'), 'client_id') }}) as session_facts
    union
    select _unit from new_lines
    union
    -- the records read after their USD conversion: a version the table lacks, or a kept version
    -- the source no longer has
    select coalesce(current_versions._unit, kept_versions._unit) as _unit
    from current_versions
    full outer join kept_versions
        on
            current_versions._unit = kept_versions._unit
            and current_versions._record_version = kept_versions._record_version
    where current_versions._unit is null or kept_versions._unit is null

),

{% endif -%}
records_web as (

    select
        *,
        'web/' || client_id as _unit,
        cast(null as varchar) as _record_version
    from {{ ref('int_web_session_facts') }}
    {%- if incremental %}
    -- by the id itself, here and below (unit_ids)
    where client_id in ({{ unit_ids('changed_units', 'web') }})
    {%- endif %}

),

{% for source in records -%}
    records_{{ source.cte }} as (

        select * from versions_{{ source.cte }}
        {%- if incremental %}
        where {{ source.id }} in ({{ unit_ids('changed_units', source.system) }})
        {%- endif %}

    ),

{% endfor -%}
web as (

    select
        _unit,
        _record_version,
        'web' as source_system,
        session_id as source_record_id,
        'web_session' as touchpoint_type,
        session_start_at as occurred_at,
        channel,
        cast(null as decimal(18, 2)) as revenue_usd,
        'client_id' as identifier_type_1,
        client_id as identifier_value_1,
        cast(null as varchar) as identifier_type_2,
        cast(null as varchar) as identifier_value_2,
        utm_campaign as campaign,
        cast(null as varchar) as detail
    from records_web

),

email as (

    select
        _unit,
        _record_version,
        'email' as source_system,
        activity_id as source_record_id,
        case action
            when 'open' then 'email_open'
            when 'click' then 'email_click'
            when 'unsubscribe' then 'email_unsubscribe'
        end as touchpoint_type,
        occurred_at,
        'email' as channel,
        cast(null as decimal(18, 2)) as revenue_usd,
        'email' as identifier_type_1,
        email as identifier_value_1,
        null as identifier_type_2,
        null as identifier_value_2,
        campaign_name as campaign,
        campaign_id as detail
    from records_email

),

ads as (

    select
        _unit,
        _record_version,
        'ads' as source_system,
        click_id as source_record_id,
        'ad_click' as touchpoint_type,
        clicked_at as occurred_at,
        case platform when 'google_ads' then 'paid_search' else 'paid_social' end as channel,
        cast(null as decimal(18, 2)) as revenue_usd,
        'ad_click_id' as identifier_type_1,
        click_id as identifier_value_1,
        null as identifier_type_2,
        null as identifier_value_2,
        campaign_name as campaign,
        platform as detail
    from records_ads

),

social as (

    select
        social_interactions._unit,
        social_interactions._record_version,
        'social' as source_system,
        social_interactions.interaction_id as source_record_id,
        kinds.touchpoint_type,
        social_interactions.occurred_at,
        'social' as channel,
        cast(null as decimal(18, 2)) as revenue_usd,
        'social_handle' as identifier_type_1,
        social_interactions.handle as identifier_value_1,
        null as identifier_type_2,
        null as identifier_value_2,
        social_interactions.network as campaign,
        social_interactions.interaction_type as detail
    from records_social as social_interactions
    cross join
        lateral (
            values ('social_interaction', true),
            ('social_negative_sentiment', social_interactions.sentiment = 'negative')
        ) as kinds (touchpoint_type, applies)
    where kinds.applies

),

support as (

    select
        tickets._unit,
        tickets._record_version,
        'support' as source_system,
        tickets.ticket_id as source_record_id,
        kinds.touchpoint_type,
        kinds.occurred_at,
        case tickets.channel when 'phone' then 'phone' else 'support' end as channel,
        cast(null as decimal(18, 2)) as revenue_usd,
        'email' as identifier_type_1,
        tickets.requester_email as identifier_value_1,
        'phone' as identifier_type_2,
        tickets.requester_phone as identifier_value_2,
        tickets.category as campaign,
        tickets.channel as detail
    from records_support as tickets
    cross join
        lateral (
            values
            ('ticket_opened', tickets.created_at, true),
            (
                'ticket_rated_good',
                coalesce(tickets.solved_at, tickets.created_at),
                tickets.satisfaction_rating = 'good'
            ),
            ('ticket_rated_bad', coalesce(tickets.solved_at, tickets.created_at), tickets.satisfaction_rating = 'bad')
        ) as kinds (touchpoint_type, occurred_at, applies)
    where kinds.applies

),

events as (

    select
        registrations._unit,
        registrations._record_version,
        'events' as source_system,
        registrations.registration_id as source_record_id,
        kinds.touchpoint_type,
        kinds.occurred_at,
        kinds.channel,
        kinds.revenue_usd,
        'email' as identifier_type_1,
        registrations.attendee_email as identifier_value_1,
        null as identifier_type_2,
        null as identifier_value_2,
        registrations.event_name as campaign,
        registrations.event_type as detail,
        registrations.attendee_first_name as person_first_name,
        registrations.attendee_last_name as person_last_name
    from records_events as registrations
    cross join
        lateral (
            values
            (
                'event_registered', registrations.registered_at, null, registrations.ticket_price_usd,
                not registrations.is_cancelled
            ),
            (
                'event_registration_cancelled', registrations.registered_at, null, cast(0 as decimal(18, 2)),
                registrations.is_cancelled
            ),
            (
                'event_attended', registrations.event_start_at,
                case when registrations.event_type = 'webinar' then 'webinar' else 'in_person' end,
                null, registrations.is_checked_in
            )
        ) as kinds (touchpoint_type, occurred_at, channel, revenue_usd, applies)
    where kinds.applies

),

commerce as (

    select
        _unit,
        _record_version,
        'orders' as source_system,
        order_id as source_record_id,
        case when order_type = 'donation' then 'donation_' else 'order_' end
        || case status when 'completed' then 'completed' when 'refunded' then 'refunded' else 'cancelled' end
            as touchpoint_type,
        ordered_at as occurred_at,
        case sales_channel
            when 'phone' then 'phone'
            when 'mail' then 'print'
            when 'in_person' then 'in_person'
        end as channel,
        case when status = 'completed' then amount_usd else cast(0 as decimal(18, 2)) end as revenue_usd,
        'email' as identifier_type_1,
        customer_email as identifier_value_1,
        null as identifier_type_2,
        null as identifier_value_2,
        coalesce(discount_code, product_category) as campaign,
        product_sku as detail
    from records_commerce

),

memberships as (

    select
        _unit,
        _record_version,
        'memberships' as source_system,
        membership_event_id as source_record_id,
        case action
            when 'join' then 'membership_joined'
            when 'renew' then 'membership_renewed'
            when 'upgrade' then 'membership_upgraded'
            when 'cancel' then 'membership_cancelled'
        end as touchpoint_type,
        cast(action_date as timestamp) as occurred_at,
        null as channel,
        case when action in ('join', 'renew', 'upgrade') then amount_usd end as revenue_usd,
        'member_number' as identifier_type_1,
        member_number as identifier_value_1,
        'email' as identifier_type_2,
        contact_email as identifier_value_2,
        plan as campaign,
        action as detail
    from records_memberships

),

surveys as (

    select
        _unit,
        _record_version,
        'surveys' as source_system,
        response_id as source_record_id,
        case
            when survey_type = 'nps' then 'nps_' || nps_category
            when survey_type = 'csat' and is_satisfied then 'csat_satisfied'
            when survey_type = 'csat' then 'csat_unsatisfied'
            when is_satisfied then 'post_event_satisfied'
            else 'post_event_unsatisfied'
        end as touchpoint_type,
        submitted_at as occurred_at,
        'survey' as channel,
        cast(null as decimal(18, 2)) as revenue_usd,
        'email' as identifier_type_1,
        respondent_email as identifier_value_1,
        null as identifier_type_2,
        null as identifier_value_2,
        survey_name as campaign,
        touchpoint_ref as detail
    from records_surveys

),

direct_mail as (

    select
        _unit,
        _record_version,
        'direct_mail' as source_system,
        mail_piece_id as source_record_id,
        'mail_piece' as touchpoint_type,
        cast(mailed_on as timestamp) as occurred_at,
        'print' as channel,
        cast(null as decimal(18, 2)) as revenue_usd,
        'crm_contact_id' as identifier_type_1,
        contact_id as identifier_value_1,
        null as identifier_type_2,
        null as identifier_value_2,
        campaign_code as campaign,
        offer_code as detail
    from records_direct_mail

),

unioned as (

    {% for cte in ['web', 'email', 'ads', 'social', 'support', 'events', 'commerce', 'memberships', 'surveys',
                   'direct_mail'] %}
        select
            source_system,
            source_record_id,
            touchpoint_type,
            occurred_at,
            channel,
            revenue_usd,
            identifier_type_1,
            identifier_value_1,
            identifier_type_2,
            identifier_value_2,
            campaign,
            detail,
            {{ 'person_first_name' if cte == 'events' else 'null as person_first_name' }},
            {{ 'person_last_name' if cte == 'events' else 'null as person_last_name' }},
            _unit,
            _record_version
        from {{ cte }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        *,
        -- the run that projected the record last (int_touchpoints_identified resolves those again)
        '{{ invocation_id }}' as _built_by
    from unioned

)

select * from final
{%- if incremental %}
union all
-- every changed unit is named, so that replace_units deletes its old rows (also when it has none now)
select
    null as source_system,
    null as source_record_id,
    null as touchpoint_type,
    null as occurred_at,
    null as channel,
    null as revenue_usd,
    null as identifier_type_1,
    null as identifier_value_1,
    null as identifier_type_2,
    null as identifier_value_2,
    null as campaign,
    null as detail,
    null as person_first_name,
    null as person_last_name,
    _unit,
    null as _record_version,
    '{{ invocation_id }}' as _built_by
from changed_units
{%- endif %}
