{#- One row per distinct identifier, with the guardrails' verdict. An identifier is quarantined
    (kept out of the graph, so it can never join two people) when
    1. it matches a generic pattern (seeds/reference/generic_identifiers.csv), or
    2. CRM records or event registrations carrying it name clearly different people: different
       last names, or first names that are not equal, not an initial of one another, not a prefix
       of 3+ letters and not nicknames of the same name (seeds/reference/name_variants.csv). The
       records quarantined for a defect of their own count here too (and only here): they join no
       one, but they still say who holds the identifier; or
    3. it is a social handle on CRM records that share no email or phone: a handle names an
       account on one network, but the CRM field says not which network, so two namesakes can
       both list "@janedoe7" (duplicate records of one person share an email or a phone), or
    4. it sits on implausibly many records: more CRM contacts than
       var('identity_max_contacts_per_identifier'), a device logged in as more users than
       var('identity_max_users_per_device'), an offer code redeemed by more emails than
       var('identity_max_people_per_offer_code').
    node_idx numbers the usable identifiers for the connected-components step. is_test_identifier:
    only test CRM records carry it (a QA address such as test@test.com is usually also generic, so
    quarantined: a touchpoint whose identifiers are all such is a test record too, see
    fct_touchpoints).
    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) is the
    identifier. An identifier's verdict follows from its own sightings alone: its observations,
    the record pairs it is on, the quarantined CRM contacts and registrations naming it, and, for
    a social handle, the emails and phones of the CRM records carrying it, which are the rows of
    those records. So a run screens again, from all their sightings, the identifiers on the
    observations and record pairs it wrote (every row of a record that changed) or removed (kept
    beside their tables, keep_gone_rows), and those on the CRM contacts' and registrations' lines
    it staged again (a line quarantined or released changes only its status, and is written
    again); every other identifier keeps its row. One no longer seen anywhere is removed.
    node_idx is kept by an identifier that stays usable; a newly usable one gets a number above
    the highest kept, so after days the numbers have gaps (int_identity_components sizes its
    graph by the highest). A full build numbers them 0..n-1 in (type, value) order. -#}

{%- set incremental = incremental_run() %}
{%- set written = "_built_by = '" ~ invocation_id ~ "'" %}
{#- the number after the highest kept (a full build numbers from 0) -#}
{%- set next_number = '(select coalesce(max(all_kept.node_idx), -1) + 1 from ' ~ this ~ ' as all_kept)'
    if incremental else '0' %}

with

{% if incremental -%}
restaged_contacts as (

    select * from {{ ref('base_crm__contacts') }}
    where {{ written }}

),

restaged_registrations as (

    select * from {{ ref('base_events__registrations') }}
    where {{ written }}

),

restaged_named as (

    -- what the lines staged again name, whatever their status now or before (quarantined_named)
    {{ identifier_sightings('restaged_contacts', 'raw_crm_contacts', 'contact_id', 'created_at',
                            {'email': 'email', 'phone': 'phone', 'member_number': 'member_number',
                             'social_handle': 'social_handle'}) }}
    union all
    {{ identifier_sightings('restaged_registrations', 'raw_event_registrations', 'registration_id',
                            'registered_at', {'email': 'attendee_email'}) }}

),

touched as {{ held_cte() }} (

    -- the identifiers whose sightings this run can have changed
    select distinct
        identifier_type || ':' || identifier_value as _unit,
        identifier_type,
        identifier_value
    from (
        select
            identifier_type,
            identifier_value
        from {{ ref('int_identity_observations') }}
        where {{ written }}
        union all
        select
            identifier_type,
            identifier_value
        from {{ gone_rows_relation(ref('int_identity_observations')) }}
        where {{ written }}
        union all
        select
            identifier_type_a,
            identifier_value_a
        from {{ ref('int_identity_record_pairs') }}
        where {{ written }}
        union all
        select
            identifier_type_b,
            identifier_value_b
        from {{ ref('int_identity_record_pairs') }}
        where {{ written }}
        union all
        select
            identifier_type_a,
            identifier_value_a
        from {{ gone_rows_relation(ref('int_identity_record_pairs')) }}
        where {{ written }}
        union all
        select
            identifier_type_b,
            identifier_value_b
        from {{ gone_rows_relation(ref('int_identity_record_pairs')) }}
        where {{ written }}
        union all
        select
            identifier_type,
            identifier_value
        from restaged_named
    ) as changed
    where identifier_value is not null

),

touched_observations as {{ held_cte() }} (

    -- the sightings of the identifiers screened again, found in one pass over the observations:
    -- the identifiers, the names and the CRM handles below read them (three passes before)
    select
        observations.identifier_type,
        observations.identifier_value,
        observations.observed_at,
        observations.source_file,
        observations.record_id,
        observations.is_test,
        observations.first_name,
        observations.last_name
    from {{ ref('int_identity_observations') }} as observations
    inner join touched on {{ join_on('observations', 'touched', ['identifier_type', 'identifier_value']) }}

),

{% endif -%}
{#- the observations the CTEs below read: on a day's build, those of the identifiers screened again -#}
{%- set observations_read = 'touched_observations' if incremental else ref('int_identity_observations') %}
source_files as (

    -- the files identifiers are seen in, numbered from 0 (a dozen: the registry's sources)
    select
        source_file,
        row_number() over (order by source_file) - 1 as file_bit
    from (select distinct source_file from {{ ref('int_identity_observations') }}) as files

),

identifiers as {{ held_cte() if incremental }} (

    -- one grouping per identifier; the source files it was seen in are counted from a bit per
    -- file (count_distinct_bits): a count(distinct) per group does not spill to disk, and a
    -- grouping per file first, then per identifier, was a second pass over 11.5M groups at 1M people
    select
        observations.identifier_type || ':' || observations.identifier_value as _unit,
        observations.identifier_type,
        observations.identifier_value,
        min(observations.observed_at) as first_seen_at,
        max(observations.observed_at) as last_seen_at,
        count(*) as n_observations,
        cast({{ count_distinct_bits('source_files.file_bit') }} as bigint) as n_source_files,
        -- on CRM records, and on test records only (NULL: on no CRM record)
        bool_and(observations.is_test) filter (where observations.source_file = 'raw_crm_contacts')
            as is_on_test_records_only
    from {{ observations_read }} as observations
    inner join source_files on observations.source_file = source_files.source_file
    group by observations.identifier_type, observations.identifier_value

),

neighbours as (

    -- how many distinct CRM contacts and emails share a record with the identifier
    -- (distinct pairs first, then counted: see identifiers)
    select
        identifier_type,
        identifier_value,
        count(other_value) filter (where other_type = 'crm_contact_id') as n_contacts,
        count(other_value) filter (where other_type = 'email') as n_emails
    from (
        select distinct
            identifier_type,
            identifier_value,
            other_type,
            other_value
        from (
            select
                pairs.identifier_type_a as identifier_type,
                pairs.identifier_value_a as identifier_value,
                pairs.identifier_type_b as other_type,
                pairs.identifier_value_b as other_value
            from {{ ref('int_identity_record_pairs') }} as pairs
            {%- if incremental %}
            inner join touched on {{ join_on('pairs', 'touched', ['identifier_type', 'identifier_value'], left_suffix='_a') }}
            {%- endif %}
            union all
            select
                pairs.identifier_type_b as identifier_type,
                pairs.identifier_value_b as identifier_value,
                pairs.identifier_type_a as other_type,
                pairs.identifier_value_a as other_value
            from {{ ref('int_identity_record_pairs') }} as pairs
            {%- if incremental %}
            inner join touched on {{ join_on('pairs', 'touched', ['identifier_type', 'identifier_value'], left_suffix='_b') }}
            {%- endif %}
        ) as both_directions
        where identifier_type != other_type and other_type in ('crm_contact_id', 'email')
    ) as distinct_neighbours
    group by identifier_type, identifier_value

),

quarantined_contacts as (

    select * from {{ ref('base_crm__contacts') }}
    where dq_status = 'quarantined'

),

quarantined_registrations as (

    select * from {{ ref('base_events__registrations') }}
    where dq_status = 'quarantined'

),

quarantined_named as (

    -- the named records quarantined for a defect of their own (a date after the delivery, a
    -- missing id, a conflicting copy): they join no one, but they still say who holds an email or
    -- a phone. Without them, a phone on the quarantined record of one person and on the staged
    -- record of another looks like one person's, and a ticket giving only that phone goes to the
    -- wrong customer (seed 1228252021)
    {{ identifier_sightings('quarantined_contacts', 'raw_crm_contacts', 'contact_id', 'created_at',
                            {'email': 'email', 'phone': 'phone', 'member_number': 'member_number',
                             'social_handle': 'social_handle'},
                            names=['first_name', 'last_name']) }}
    union all
    {{ identifier_sightings('quarantined_registrations', 'raw_event_registrations', 'registration_id',
                            'registered_at', {'email': 'attendee_email'},
                            names=['attendee_first_name', 'attendee_last_name']) }}

),

named as (

    select distinct
        identifier_type,
        identifier_value,
        {{ name_key('first_name') }} as first_key,
        {{ name_key('last_name') }} as last_key
    from (
        select
            observations.identifier_type,
            observations.identifier_value,
            observations.first_name,
            observations.last_name
        from {{ observations_read }} as observations
        where observations.identifier_type in ('email', 'phone', 'member_number', 'social_handle')
        union all
        select
            quarantined_named.identifier_type,
            quarantined_named.identifier_value,
            quarantined_named.first_name,
            quarantined_named.last_name
        from quarantined_named
        {%- if incremental %}
        inner join touched on {{ join_on('quarantined_named', 'touched', ['identifier_type', 'identifier_value']) }}
        {%- endif %}
        where quarantined_named.identifier_value is not null
    ) as sightings
    where
        nullif({{ name_key('first_name') }}, '') is not null
        and nullif({{ name_key('last_name') }}, '') is not null

),

name_pairs as (

    select
        a.identifier_type,
        a.identifier_value,
        a.first_key as first_a,
        a.last_key as last_a,
        b.first_key as first_b,
        b.last_key as last_b
    from named as a
    inner join named as b
        on
            {{ join_on('a', 'b', ['identifier_type', 'identifier_value']) }}
            and (a.first_key < b.first_key or (a.first_key = b.first_key and a.last_key < b.last_key))

),

name_conflicts as (

    select
        identifier_type,
        identifier_value,
        count(*) as n_conflicting_pairs,
        min(first_a || ' ' || last_a || ' / ' || first_b || ' ' || last_b) as example
    from name_pairs
    where not (last_a = last_b and {{ first_names_compatible('first_a', 'first_b', ref('name_variants')) }})
    group by identifier_type, identifier_value

),

crm_person_identifiers as (

    select
        record_id,
        identifier_type,
        identifier_value
    from {{ ref('int_identity_observations') }}
    where source_file = 'raw_crm_contacts' and identifier_type in ('email', 'phone')

),

crm_handles as (

    select distinct
        observations.identifier_value as handle,
        observations.record_id
    from {{ observations_read }} as observations
    where observations.source_file = 'raw_crm_contacts' and observations.identifier_type = 'social_handle'

),

handle_record_pairs as (

    select
        a.handle,
        a.record_id as record_a,
        b.record_id as record_b
    from crm_handles as a
    inner join crm_handles as b on a.handle = b.handle and a.record_id < b.record_id

),

handle_pairs_sharing as (

    -- the pairs whose two records also share an email or a phone
    select distinct
        handle_record_pairs.handle,
        handle_record_pairs.record_a,
        handle_record_pairs.record_b
    from handle_record_pairs
    inner join crm_person_identifiers as a on handle_record_pairs.record_a = a.record_id
    inner join crm_person_identifiers as b
        on
            handle_record_pairs.record_b = b.record_id
            and a.identifier_type = b.identifier_type
            and a.identifier_value = b.identifier_value

),

handle_conflicts as (

    select
        'social_handle' as identifier_type,
        handle_record_pairs.handle as identifier_value,
        min(handle_record_pairs.record_a || ' / ' || handle_record_pairs.record_b) as example
    from handle_record_pairs
    left join handle_pairs_sharing
        on {{ join_on('handle_record_pairs', 'handle_pairs_sharing', ['handle', 'record_a', 'record_b']) }}
    where handle_pairs_sharing.handle is null
    group by handle_record_pairs.handle

),

generic_matches as (

    -- the seed's patterns are written into the SQL as constants: DuckDB compiles a constant regular
    -- expression once, but recompiles a pattern read from a column on every row (105 s at 1M people)
    select
        identifier_type,
        identifier_value,
        case
            when false then null
            {%- for pattern in generic_identifier_patterns() %}
                when identifier_type = '{{ pattern[0] }}' and regexp_matches(identifier_value, '{{ pattern[1] }}')
                    then '{{ pattern[2] }}'
            {%- endfor %}
        end as reason
    from identifiers
    where identifier_type in (
            select generic_identifiers.identifier_type from {{ ref('generic_identifiers') }} as generic_identifiers
        )

),

judged as (

    select
        identifiers.*,
        coalesce(neighbours.n_contacts, 0) as n_linked_contacts,
        coalesce(neighbours.n_emails, 0) as n_linked_emails,
        coalesce(name_conflicts.n_conflicting_pairs, 0) as n_conflicting_name_pairs,
        case
            when generic_matches.reason is not null
                then 'generic identifier: ' || generic_matches.reason
            when name_conflicts.n_conflicting_pairs > 0
                then 'shared by different people: ' || name_conflicts.example
            when handle_conflicts.identifier_value is not null
                then 'social handle on CRM records that share no email or phone: ' || handle_conflicts.example
            when identifiers.identifier_type = 'client_id'
                and neighbours.n_contacts > {{ var('identity_max_users_per_device') }}
                then 'device logged in as ' || neighbours.n_contacts || ' different users'
            when identifiers.identifier_type = 'offer_code'
                and greatest(neighbours.n_emails, neighbours.n_contacts)
                > {{ var('identity_max_people_per_offer_code') }}
                then 'offer code used by ' || greatest(neighbours.n_emails, neighbours.n_contacts) || ' people'
            when identifiers.identifier_type in ('email', 'phone', 'member_number', 'social_handle')
                and neighbours.n_contacts > {{ var('identity_max_contacts_per_identifier') }}
                then 'on ' || neighbours.n_contacts || ' CRM records'
        end as quarantine_reason
    from identifiers
    left join neighbours on {{ join_on('identifiers', 'neighbours', ['identifier_type', 'identifier_value']) }}
    left join name_conflicts on {{ join_on('identifiers', 'name_conflicts', ['identifier_type', 'identifier_value']) }}
    left join generic_matches
        on {{ join_on('identifiers', 'generic_matches', ['identifier_type', 'identifier_value']) }}
    left join handle_conflicts
        on {{ join_on('identifiers', 'handle_conflicts', ['identifier_type', 'identifier_value']) }}

),

guarded as (

    -- var('identity_guardrails') = false turns the quarantine off (to measure what it prevents)
    select
        *,
        quarantine_reason is null or not {{ var('identity_guardrails') }} as is_usable
    from judged

),

numbered as (

    -- an identifier that stays usable keeps its number; a newly usable one gets the next free
    -- (a full build: none kept, numbered from 0)
    select
        guarded.*,
        {{ 'kept.node_idx' if incremental else 'cast(null as bigint)' }} as kept_node_idx,
        {{ next_number }} as next_node_idx
    from guarded
    {%- if incremental %}
    left join {{ this }} as kept
        on {{ join_on('guarded', 'kept', ['identifier_type', 'identifier_value']) }}
    {%- endif %}

),

final as (

    select
        _unit,
        identifier_type,
        identifier_value,
        first_seen_at,
        last_seen_at,
        n_observations,
        n_source_files,
        n_linked_contacts,
        n_linked_emails,
        n_conflicting_name_pairs,
        quarantine_reason,
        is_usable,
        coalesce(is_on_test_records_only, false) as is_test_identifier,
        case
            when is_usable
                then coalesce(
                        kept_node_idx,
                        next_node_idx + row_number() over (
                            partition by is_usable, kept_node_idx is null order by identifier_type, identifier_value
                        ) - 1
                    )
        end as node_idx,
        -- the run that screened the identifier last
        '{{ invocation_id }}' as _built_by
    from numbered

)

select * from final
{%- if incremental %}
union all
-- an identifier screened again that no observation holds any more: named, so that replace_units
-- deletes its row
{{ unit_removal_rows('touched', 'identifiers') }}
{%- endif %}
