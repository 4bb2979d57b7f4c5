{% macro inline_cte() -%}
    {{ return(adapter.dispatch('inline_cte', 'customer_journey')()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}
    {#- Nothing: an engine without the hint decides alone. -#}
{%- endmacro %}

{% macro duckdb__inline_cte() -%}
    {#- Written after a CTE's `as`: DuckDB computes the CTE where each reader needs it instead of
        holding its whole result (it materializes a CTE read twice). For a CTE over a raw file's
        rows that two readers take apart (a narrow grouped one and the wide rows), computing it
        twice costs less than holding every wide row in memory. -#}
    not materialized
{%- endmacro %}
