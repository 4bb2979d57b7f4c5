{#- One row per interaction across all channels, resolved to the customer, with channel group,
    touchpoint type, department, life-cycle stage, conversion flag and USD revenue. A conversion
    or other touch that happened on the website (an online order, registration, membership join)
    takes the channel of the customer's web session in progress at that moment (the session that
    started before it and had an event at most 5 minutes before it; for membership actions, which
    carry a date only, a session with a purchase on that day); offline ones take their
    source's channel (phone, print, in_person) or `offline`. Test customers and everything resolved
    to them are left out.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) is
    int_touchpoints_unioned's, the record (for web, the client). Resolved again: the records it
    projected again in this run, those gone from it, those naming an identifier whose resolution
    changed (int_identifier_lookup), and the orders, registrations and membership actions that
    other records decide: those of a customer whose web sessions int_web_sessions built again in
    this run or who lost web touchpoints in it (their channel is the session in progress), and
    every registration none of whose identifiers resolves to a customer (its customer may come
    from the names on a shared mailbox's CRM records). Every other record keeps its rows.
    Resolving every order, registration and membership action again at every build took 3.5M of
    the 3.6M rows a 1M-person day wrote here. -#}

{%- set incremental = incremental_run() %}

with

{% if incremental -%}
changed_identifiers as (

    select
        identifier_type,
        identifier_value
    from {{ ref('int_identifier_lookup') }}
    where _built_by = '{{ invocation_id }}'

),

base_units as {{ held_cte() }} (

    -- records projected again in this run, or gone
    {{ named_units_of(ref('int_touchpoints_unioned'), '_unit') }}
    union
    -- records naming an identifier resolved differently
    {{ units_naming(ref('int_touchpoints_unioned'), 'changed_identifiers', ['_1', '_2']) }}

),

session_customers as {{ held_cte() }} (

    -- the customers whose web sessions changed: those int_web_sessions built again in this run now
    -- belong to, and those the changed web units belonged to in the previous build (a session that
    -- moved to another customer, or is gone)
    select customer_id
    from {{ ref('int_web_sessions') }}
    where _built_by = '{{ invocation_id }}' and customer_id is not null
    union
    select kept.customer_id
    from {{ this }} as kept
    where
        kept.source_system = 'web'
        and kept.customer_id is not null
        and kept._unit in (select base_units._unit from base_units)

),

changed_units as {{ held_cte() }} (

    select _unit from base_units
    union
    -- the sources whose channel comes from the customer's web sessions: those of a customer whose
    -- sessions changed (built again in this run, or gone with their web touchpoints)
    select kept._unit
    from {{ this }} as kept
    inner join session_customers on kept.customer_id = session_customers.customer_id
    where kept.source_system in ('orders', 'events', 'memberships')
    union
    -- the registrations whose customer may come from the names on a shared mailbox's CRM records
    -- (named_fallback): none of their identifiers resolves to a customer
    select unioned._unit
    from {{ ref('int_touchpoints_unioned') }} as unioned
    left join {{ ref('int_identifier_lookup') }} as first_identity
        on {{ join_on('unioned', 'first_identity', ['identifier_type', 'identifier_value'], left_suffix='_1') }}
    left join {{ ref('int_identifier_lookup') }} as second_identity
        on {{ join_on('unioned', 'second_identity', ['identifier_type', 'identifier_value'], left_suffix='_2') }}
    where
        unioned.source_system = 'events'
        and coalesce(first_identity.customer_id, second_identity.customer_id) is null

),

{% endif -%}
touchpoints as {{ held_cte() if incremental else inline_cte() }} (

    -- a full build reads the table where each reader needs it (held, its 17M wide rows took 25 s
    -- of this model at 1M people); a day's build holds the few records it resolves again
    select * from {{ ref('int_touchpoints_unioned') }}
    {%- if incremental %}
    where _unit in (select changed_units._unit from changed_units)
    {%- endif %}

),

{% if incremental -%}
named_identifiers as {{ held_cte() }} (

    -- the identifiers the touches resolved again name: the lookup is narrowed to them first, so
    -- that the joins below hold these few touches, not 6.3M identifiers (1M people; DuckDB sized
    -- the filtered lookup at a fifth of its rows and built on it)
    select
        identifier_type_1 as identifier_type,
        identifier_value_1 as identifier_value
    from touchpoints
    where identifier_value_1 is not null
    union
    select
        identifier_type_2 as identifier_type,
        identifier_value_2 as identifier_value
    from touchpoints
    where identifier_value_2 is not null

),

{% endif -%}
identifier_lookup as {{ held_cte() if incremental }} (

    -- every identifier a touch can name: resolved (its anonymous node, customer and test flag), or
    -- a test identifier
    select
        lookup.identifier_type,
        lookup.identifier_value,
        lookup.anonymous_id,
        lookup.customer_id,
        lookup.is_test,
        lookup.is_test_identifier
    from {{ ref('int_identifier_lookup') }} as lookup
    {%- if incremental %}
    inner join named_identifiers
        on {{ join_on('lookup', 'named_identifiers', ['identifier_type', 'identifier_value']) }}
    {%- endif %}
    where lookup.is_known

),

second_identifiers as (

    -- the identifiers the touches name second (support's phones, the membership actions' emails:
    -- 0.4M of the 6.3M identifiers at 1M people), so that the second lookup holds only those
    select distinct
        identifier_type_2 as identifier_type,
        identifier_value_2 as identifier_value
    from touchpoints
    where identifier_value_2 is not null

),

second_lookup as (

    select identifier_lookup.*
    from identifier_lookup
    semi join second_identifiers
        on {{ join_on('identifier_lookup', 'second_identifiers', ['identifier_type', 'identifier_value']) }}

),

identified as {{ inline_cte() }} (

    -- computed for each of its two readers, the offline records and the final rows: held, its 17M
    -- wide rows and the two lookups' hash tables spilled to disk (107 s of the model at 1M people
    -- and a 2,000 MB limit; computed twice, 46 s with the narrowed second lookup)
    select
        touchpoints.*,
        coalesce(first_identity.customer_id, second_identity.customer_id) as customer_id,
        case when touchpoints.source_system = 'web' then first_identity.anonymous_id end as anonymous_id,
        coalesce(first_identity.is_test, second_identity.is_test, false)
        -- a touch whose only identifiers belong to test records is a test record
        or (
            coalesce(touchpoints.identifier_value_1, touchpoints.identifier_value_2) is not null
            and first_identity.anonymous_id is null
            and second_identity.anonymous_id is null
            and (touchpoints.identifier_value_1 is null or coalesce(first_identity.is_test_identifier, false))
            and (touchpoints.identifier_value_2 is null or coalesce(second_identity.is_test_identifier, false))
        ) as is_test,
        coalesce(touchpoints.identifier_value_1, touchpoints.identifier_value_2) is not null
        and first_identity.anonymous_id is null
        and second_identity.anonymous_id is null as has_only_quarantined_identifiers
    from touchpoints
    left join identifier_lookup as first_identity
        on {{ join_on('touchpoints', 'first_identity', ['identifier_type', 'identifier_value'], left_suffix='_1') }}
    left join second_lookup as second_identity
        on {{ join_on('touchpoints', 'second_identity', ['identifier_type', 'identifier_value'], left_suffix='_2') }}

),

offline_identified as {{ held_cte() }} (

    -- the records whose customer decides their channel or who they are (orders, registrations,
    -- membership actions: 3.5M of the 17M at 1M people), held for their two readers
    select
        source_system,
        source_record_id,
        touchpoint_type,
        occurred_at,
        channel,
        customer_id,
        identifier_type_1,
        identifier_value_1,
        person_first_name,
        person_last_name
    from identified
    where source_system in ('orders', 'events', 'memberships')

),

unresolved_registrations as (

    select
        source_system,
        source_record_id,
        touchpoint_type,
        identifier_type_1,
        identifier_value_1,
        person_first_name,
        person_last_name
    from offline_identified
    where customer_id is null and source_system = 'events'

),

mailbox_records as (

    -- the CRM records of the identifiers those registrations name, found before their names are
    -- compared (comparing first, DuckDB put every CRM record's name in the join: 1.8 s of a 1M
    -- day)
    select
        observations.identifier_type,
        observations.identifier_value,
        observations.record_id,
        observations.first_name,
        observations.last_name
    from {{ ref('int_identity_observations') }} as observations
    semi join unresolved_registrations
        on
            observations.identifier_type = unresolved_registrations.identifier_type_1
            and observations.identifier_value = unresolved_registrations.identifier_value_1
    where observations.source_file = 'raw_crm_contacts'

),

named_fallback as (

    -- a registration made through a quarantined shared mailbox belongs to the one person among the
    -- mailbox's CRM records whose name matches the attendee's (same last name, compatible first
    -- name); with no such person, or several, it stays unresolved
    select
        unresolved_registrations.source_system,
        unresolved_registrations.source_record_id,
        unresolved_registrations.touchpoint_type,
        min(contact_identity.customer_id) as customer_id,
        bool_or(contact_identity.is_test) as is_test
    from unresolved_registrations
    inner join mailbox_records
        on
            unresolved_registrations.identifier_type_1 = mailbox_records.identifier_type
            and unresolved_registrations.identifier_value_1 = mailbox_records.identifier_value
    inner join {{ ref('int_identifiers_resolved') }} as contact_identity
        on contact_identity.identifier_type = 'crm_contact_id'
            and mailbox_records.record_id = contact_identity.identifier_value
    where
        {{ name_key('mailbox_records.last_name') }} = {{ name_key('unresolved_registrations.person_last_name') }}
        and {{ first_names_compatible(name_key('mailbox_records.first_name'),
                                      name_key('unresolved_registrations.person_first_name'),
                                      ref('name_variants')) }}
    group by
        unresolved_registrations.source_system,
        unresolved_registrations.source_record_id,
        unresolved_registrations.touchpoint_type
    having count(distinct contact_identity.customer_id) = 1

),

session_matches as (

    select
        offline_identified.source_system,
        offline_identified.source_record_id,
        offline_identified.touchpoint_type,
        sessions.channel,
        row_number() over (
            partition by
                offline_identified.source_system,
                offline_identified.source_record_id,
                offline_identified.touchpoint_type
            order by sessions.session_start_at desc, sessions.session_id desc
        ) as match_rank
    from offline_identified
    inner join {{ ref('int_web_sessions') }} as sessions
        on
            offline_identified.customer_id = sessions.customer_id
            and (
                offline_identified.source_system != 'memberships'
                and sessions.session_start_at <= offline_identified.occurred_at + interval '1 minute'
                and sessions.session_end_at >= offline_identified.occurred_at - interval '5 minutes'
                -- membership actions carry a date only: a session with a purchase that day
                or offline_identified.source_system = 'memberships'
                and sessions.purchase_events > 0
                and cast(sessions.session_start_at as date) = cast(offline_identified.occurred_at as date)
            )
    where offline_identified.channel is null

),

final as (

    select
        'tp_' || substr(md5(
            identified.source_system || '|' || identified.source_record_id || '|' || identified.touchpoint_type
        ), 1, 24) as touchpoint_id,
        coalesce(identified.customer_id, named_fallback.customer_id) as customer_id,
        identified.anonymous_id,
        case
            when coalesce(identified.customer_id, named_fallback.customer_id) is not null then 'resolved'
            when identified.has_only_quarantined_identifiers then 'unresolvable'
            else 'anonymous'
        end as identity_status,
        identified.source_system,
        identified.source_record_id,
        identified.occurred_at,
        coalesce(identified.channel, session_matches.channel, touchpoint_catalog.default_channel, 'offline') as channel,
        identified.touchpoint_type,
        touchpoint_catalog.department,
        touchpoint_catalog.lifecycle_stage,
        touchpoint_catalog.is_conversion,
        touchpoint_catalog.conversion_type,
        touchpoint_catalog.is_negative,
        cast(identified.revenue_usd as decimal(18, 2)) as revenue_usd,
        identified.campaign,
        identified.detail,
        identified._unit,
        -- the run that resolved the record last (for the models after it that rebuild by it)
        '{{ invocation_id }}' as _built_by
    from identified
    inner join {{ ref('touchpoint_catalog') }} as touchpoint_catalog
        on identified.touchpoint_type = touchpoint_catalog.touchpoint_type
    left join session_matches
        on
            {{ join_on('identified', 'session_matches', ['source_system', 'source_record_id', 'touchpoint_type']) }}
            and session_matches.match_rank = 1
    left join named_fallback
        on {{ join_on('identified', 'named_fallback', ['source_system', 'source_record_id', 'touchpoint_type']) }}
    where not identified.is_test and not coalesce(named_fallback.is_test, false)

)

select * from final
{%- if incremental %}
union all
-- every changed unit is named, so that replace_units deletes its old rows (also when it has none now)
select
    null as touchpoint_id,
    null as customer_id,
    null as anonymous_id,
    null as identity_status,
    null as source_system,
    null as source_record_id,
    null as occurred_at,
    null as channel,
    null as touchpoint_type,
    null as department,
    null as lifecycle_stage,
    null as is_conversion,
    null as conversion_type,
    null as is_negative,
    null as revenue_usd,
    null as campaign,
    null as detail,
    _unit,
    '{{ invocation_id }}' as _built_by
from changed_units
{%- endif %}
