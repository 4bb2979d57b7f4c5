{% macro set_fingerprint(expressions) -%}
    {{ return(adapter.dispatch('set_fingerprint', 'customer_journey')(expressions)) }}
{%- endmacro %}

{% macro default__set_fingerprint(expressions) -%}
    {#- An aggregate: one hash of a group's rows (each row's `expressions`, NULLs included) that does
        not depend on the rows' order, to tell whether a unit's rows changed between two builds. -#}
    {%- set row = row_fingerprint(expressions) -%}
    md5({{ dbt.listagg(row, "','", "order by " ~ row) }})
{%- endmacro %}

{% macro duckdb__set_fingerprint(expressions) -%}
    {#- DuckDB: the rows' 64-bit hashes xor-ed together (order-free, one pass, no sort); pair it with
        the group's row count where the rows are not unique. -#}
    bit_xor({{ row_fingerprint(expressions) }})
{%- endmacro %}
