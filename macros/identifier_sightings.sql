{#- One row per (record, identifier) of `records` (a relation or a CTE), in the columns of
    int_identity_observations: `identifiers` maps an identifier type to the column that holds it,
    observed_at / names / is_test are columns of `records` (empty values are dropped by the
    caller; filter `records` before, in a CTE: a condition after the unpivot unpivots every row);
    carry names columns of `records` kept as they are (an incremental model's unit and line).
    The unpivot is engine-specific, hence dispatched. -#}
{% macro identifier_sightings(records, source_file, record_id, observed_at, identifiers, names=none, is_test=none,
                              carry=[]) %}
    {{ return(adapter.dispatch('identifier_sightings', 'customer_journey')(
        records, source_file, record_id, observed_at, identifiers, names, is_test, carry)) }}
{% endmacro %}

{% macro default__identifier_sightings(records, source_file, record_id, observed_at, identifiers, names, is_test,
                                       carry=[]) %}
    select
        '{{ source_file }}' as source_file,
        records.{{ record_id }} as record_id,
        ids.identifier_type,
        ids.identifier_value,
        {{ identifier_sighting_columns(observed_at, names, is_test, carry) }}
    from {{ records }} as records
    cross join lateral (
        values
        {%- for identifier_type, column in identifiers.items() %}
            ('{{ identifier_type }}', records.{{ column }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as ids (identifier_type, identifier_value)
{% endmacro %}

{% macro duckdb__identifier_sightings(records, source_file, record_id, observed_at, identifiers, names, is_test,
                                      carry=[]) %}
    {#- DuckDB: a lateral VALUES list is decorrelated into a join of the records with the distinct
        values they correlate on (the 20.6M email activities at 1M people: 13.6 s of
        int_identity_observations' 75 s, for one identifier). One identifier is its column; several
        are two lists unnested side by side (one row per list element, in the lists' order). -#}
    select
        '{{ source_file }}' as source_file,
        records.{{ record_id }} as record_id,
        {%- if identifiers | length == 1 %}
        {%- for identifier_type, column in identifiers.items() %}
        '{{ identifier_type }}' as identifier_type,
        records.{{ column }} as identifier_value,
        {%- endfor %}
        {%- else %}
        unnest([
            {%- for identifier_type in identifiers %}'{{ identifier_type }}'{{ ', ' if not loop.last }}{% endfor -%}
        ]) as identifier_type,
        unnest([
            {%- for column in identifiers.values() %}records.{{ column }}{{ ', ' if not loop.last }}{% endfor -%}
        ]) as identifier_value,
        {%- endif %}
        {{ identifier_sighting_columns(observed_at, names, is_test, carry) }}
    from {{ records }} as records
{% endmacro %}

{% macro identifier_sighting_columns(observed_at, names, is_test, carry) -%}
    {#- The record's columns of a sighting, after its identifier: written once for every engine's
        identifier_sightings -#}
    cast(records.{{ observed_at }} as timestamp) as observed_at,
        {{ 'records.' ~ names[0] if names else 'cast(null as varchar)' }} as first_name,
        {{ 'records.' ~ names[1] if names else 'cast(null as varchar)' }} as last_name,
        {{ 'records.' ~ is_test if is_test else 'false' }} as is_test
        {%- for column in carry %},
        records.{{ column }}
        {%- endfor %}
{%- endmacro %}
