{#- Every pair of identifiers seen on one record (one row per record and unordered pair, the
    smaller identifier first), before any guardrail: computed once, read by the guardrails
    (how many contacts an identifier sits with) and by the edges (which pairs join people). -#}

with

observations as (

    select * from {{ ref('int_identity_observations') }}

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
        on {{ join_on('observations', 'multi_identifier_records', ['source_file', 'record_id']) }}

),

pairs as (

    select
        a.source_file,
        a.record_id,
        a.identifier_type as identifier_type_a,
        a.identifier_value as identifier_value_a,
        b.identifier_type as identifier_type_b,
        b.identifier_value as identifier_value_b,
        min(least(a.observed_at, b.observed_at)) as observed_at
    from record_observations as a
    inner join record_observations as b
        on
            {{ join_on('a', 'b', ['source_file', 'record_id']) }}
            and (
                a.identifier_type < b.identifier_type
                or (a.identifier_type = b.identifier_type and a.identifier_value < b.identifier_value)
            )
    group by
        a.source_file, a.record_id, a.identifier_type, a.identifier_value, b.identifier_type, b.identifier_value

)

select * from pairs
