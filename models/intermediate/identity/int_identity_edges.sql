{{ config(materialized='table') }}

{#- The identity graph's edges with their evidence: two identifiers seen on the same raw record.
    One row per (record, pair of identifiers); is_kept is false when either side is quarantined,
    with the reason. "Why are these two identifiers one person?" is a query on the kept edges:
        select * from intermediate.int_identity_edges
        where is_kept and 'user@example.org' in (identifier_value_a, identifier_value_b) -#}

with

observations as (

    select * from {{ ref('int_identity_observations') }}

),

screened as (

    select * from {{ ref('int_identifiers_screened') }}

),

rules as (

    select
        rule_values.source_file,
        rule_values.rule
    from (
        values
        ('raw_crm_contacts', 'same CRM record'),
        ('raw_web_events', 'device logged in as CRM contact, or landed with an ad click id'),
        ('raw_support_tickets', 'ticket requester email and phone'),
        ('raw_orders', 'order email and redeemed offer code'),
        ('raw_memberships', 'membership record: member number and email'),
        ('raw_direct_mail', 'mail piece recipient and its offer code')
    ) as rule_values (source_file, rule)

),

multi_identifier_records as (

    select
        source_file,
        record_id
    from observations
    group by source_file, record_id
    having count(*) > 1

),

record_observations as (

    select
        observations.source_file,
        observations.record_id,
        observations.identifier_type,
        observations.identifier_value,
        observations.observed_at
    from observations
    inner join multi_identifier_records
        on
            observations.source_file = multi_identifier_records.source_file
            and observations.record_id = multi_identifier_records.record_id

),

pairs as (

    select
        a.source_file,
        a.record_id,
        a.identifier_type as identifier_type_a,
        a.identifier_value as identifier_value_a,
        b.identifier_type as identifier_type_b,
        b.identifier_value as identifier_value_b,
        least(a.observed_at, b.observed_at) as observed_at
    from record_observations as a
    inner join record_observations as b
        on
            a.source_file = b.source_file
            and a.record_id = b.record_id
            and (
                a.identifier_type < b.identifier_type
                or (a.identifier_type = b.identifier_type and a.identifier_value < b.identifier_value)
            )

),

final as (

    select
        pairs.source_file,
        pairs.record_id,
        pairs.identifier_type_a,
        pairs.identifier_value_a,
        pairs.identifier_type_b,
        pairs.identifier_value_b,
        pairs.observed_at,
        rules.rule,
        screened_a.node_idx as node_idx_a,
        screened_b.node_idx as node_idx_b,
        screened_a.is_usable and screened_b.is_usable as is_kept,
        coalesce(
            case
                when not screened_a.is_usable
                    then pairs.identifier_type_a || ' quarantined: ' || screened_a.quarantine_reason
            end,
            case
                when not screened_b.is_usable
                    then pairs.identifier_type_b || ' quarantined: ' || screened_b.quarantine_reason
            end
        ) as dropped_reason
    from pairs
    inner join screened as screened_a
        on
            pairs.identifier_type_a = screened_a.identifier_type
            and pairs.identifier_value_a = screened_a.identifier_value
    inner join screened as screened_b
        on
            pairs.identifier_type_b = screened_b.identifier_type
            and pairs.identifier_value_b = screened_b.identifier_value
    left join rules on pairs.source_file = rules.source_file

)

select * from final
