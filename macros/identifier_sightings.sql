{#- One row per (record, identifier) of a CTE's records, in the columns of int_identity_observations:
    `identifiers` maps an identifier type to the column that holds it (empty values are dropped by
    the caller). The unpivot is engine-specific, hence dispatched. -#}
{% macro identifier_sightings(records, source_file, record_id, observed_at, identifiers,
                              first_name='cast(null as varchar)', last_name='cast(null as varchar)',
                              is_test='false', where='true') %}
    {{ return(adapter.dispatch('identifier_sightings', 'customer_journey')(records, source_file, record_id, observed_at, identifiers,
                                                        first_name, last_name, is_test, where)) }}
{% endmacro %}

{% macro default__identifier_sightings(records, source_file, record_id, observed_at, identifiers,
                                       first_name, last_name, is_test, where) %}
    select
        '{{ source_file }}' as source_file,
        {{ records }}.{{ record_id }} as record_id,
        ids.identifier_type,
        ids.identifier_value,
        {{ observed_at }} as observed_at,
        {{ first_name }} as first_name,
        {{ last_name }} as last_name,
        {{ is_test }} as is_test
    from {{ records }}
    cross join lateral (
        values
        {%- for identifier_type, column in identifiers.items() %}
            ('{{ identifier_type }}', {{ records }}.{{ column }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as ids (identifier_type, identifier_value)
    where {{ where }}
{% endmacro %}
