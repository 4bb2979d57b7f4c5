{% macro generic_identifier_patterns() -%}
    {#- The rows of seeds/reference/generic_identifiers.csv as [type, pattern, reason] (quotes doubled
        for SQL literals), read when the model runs so the patterns become SQL constants. The model
        that calls it refs the seed itself (an import CTE), which records the dependency; the rows are
        read from the seed table (not through ref, which a unit test replaces by its fixture). Before
        the seed exists (parsing, linting) the list is empty. -#}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set seed = adapter.get_relation(database=target.database, schema='reference', identifier='generic_identifiers') -%}
    {%- if seed is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query('select identifier_type, pattern, reason from ' ~ seed ~ ' order by all') -%}
    {%- set patterns = [] -%}
    {%- for row in result.rows -%}
        {%- do patterns.append([row[0] | replace("'", "''"), row[1] | replace("'", "''"), row[2] | replace("'", "''")]) -%}
    {%- endfor -%}
    {{ return(patterns) }}
{%- endmacro %}
