{#- Every pair of identifiers seen on one record (one row per record and unordered pair, the
    smaller identifier first), before any guardrail: computed once, read by the guardrails
    (how many contacts an identifier sits with) and by the edges (which pairs join people).
    Incremental (a `cjw build` over the previous build): the unit of reprocessing is the one of
    int_identity_observations (a record; for web, a client): the units it read again in this run,
    and those it no longer has, get their pairs rebuilt. -#}

{%- set incremental = incremental_run() %}

with

{% if incremental -%}
changed_units as (

    -- read again in this run, or gone
    {{ named_units_of(ref('int_identity_observations'), '_unit') }}

),

{% endif -%}
observations as {{ inline_cte() if not incremental }} (

    -- read twice: in a whole build scanned for each, not held with every column of 36M rows
    -- (1M people: 30.7 -> 14.4 s); a day holds its few records' rows
    select * from {{ ref('int_identity_observations') }}
    {%- if incremental %}
    where _unit in (select _unit from changed_units)
    {%- endif %}

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
        observations.observed_at,
        observations._unit
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
        min(least(a.observed_at, b.observed_at)) as observed_at,
        a._unit,
        '{{ invocation_id }}' as _built_by
    from record_observations as a
    inner join record_observations as b
        on
            {{ join_on('a', 'b', ['source_file', 'record_id']) }}
            and (
                a.identifier_type < b.identifier_type
                or (a.identifier_type = b.identifier_type and a.identifier_value < b.identifier_value)
            )
    group by
        a.source_file, a.record_id, a.identifier_type, a.identifier_value, b.identifier_type, b.identifier_value,
        a._unit

)

select * from pairs
{%- if incremental %}
union all
-- every changed unit is named, so that replace_units deletes its old pairs (also when it has none now)
select
    null as source_file,
    null as record_id,
    null as identifier_type_a,
    null as identifier_value_a,
    null as identifier_type_b,
    null as identifier_value_b,
    null as observed_at,
    _unit,
    '{{ invocation_id }}' as _built_by
from changed_units
{%- endif %}
